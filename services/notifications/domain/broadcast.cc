#include "services/notifications/domain/broadcast.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::notifications {
namespace {

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", absl::FromChrono(t), absl::UTCTimeZone());
}

}  // namespace

absl::Status CheckNewBroadcast(const Broadcast& b, std::chrono::system_clock::time_point now) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", b.region_id));
  if (b.kind != BroadcastKind::kAnnouncement && b.kind != BroadcastKind::kCallOut) {
    return absl::InvalidArgumentError("kind: required");
  }
  TX_RETURN_IF_ERROR(CheckText("title", b.title, kMaxBroadcastTitleChars));
  TX_RETURN_IF_ERROR(CheckMultilineText("body", b.body, kMaxBroadcastBodyChars));
  if (!b.audience.team_id.empty())
    TX_RETURN_IF_ERROR(CheckUuid("audience.team_id", b.audience.team_id));
  if (!b.audience.grid_id.empty()) {
    TX_RETURN_IF_ERROR(CheckRegionId("audience.grid_id", b.audience.grid_id, kGridIdLength));
    if (!b.audience.grid_id.starts_with(b.region_id)) {
      return absl::InvalidArgumentError("audience.grid_id: not inside region_id");
    }
  }
  if (b.kind == BroadcastKind::kAnnouncement) {
    if (b.call_out) return absl::InvalidArgumentError("call_out: only for a call-out");
    return absl::OkStatus();
  }
  if (!b.call_out) return absl::InvalidArgumentError("call_out: required for a call-out");
  const CallOut& c = *b.call_out;
  TX_RETURN_IF_ERROR(CheckText("call_out.place", c.place, kMaxCallOutPlaceChars));
  if (c.start_time.time_since_epoch().count() == 0) {
    return absl::InvalidArgumentError("call_out.start_time: required");
  }
  if (c.end_time.time_since_epoch().count() == 0) {
    return absl::InvalidArgumentError("call_out.end_time: required");
  }
  if (c.end_time <= c.start_time) {
    return absl::InvalidArgumentError("call_out.end_time: must be after call_out.start_time");
  }
  if (c.end_time <= now) {
    return absl::InvalidArgumentError("call_out.end_time: the call-out has already ended");
  }
  if (c.wanted < 0 || c.wanted > kMaxCallOutWanted) {
    return absl::InvalidArgumentError(
        absl::StrCat("call_out.wanted: 0 to ", kMaxCallOutWanted, " people"));
  }
  return absl::OkStatus();
}

const char* EventTypeOf(BroadcastKind kind) {
  return kind == BroadcastKind::kCallOut ? kCallOutSentType : kBroadcastSentType;
}

std::string FeedDataOf(const Broadcast& b) {
  nlohmann::json data{
      {"broadcast_id", b.broadcast_id},
      {"region_id", b.region_id},
      {"kind", b.kind == BroadcastKind::kCallOut ? "CALL_OUT" : "ANNOUNCEMENT"},
      {"title", b.title},
      {"body", b.body},
      {"audience",
       {{"party_members_only", b.audience.party_members_only},
        {"team_id", b.audience.team_id},
        {"grid_id", b.audience.grid_id}}},
  };
  if (b.call_out) {
    data["call_out"] = {{"place", b.call_out->place},
                        {"start_time", Rfc3339(b.call_out->start_time)},
                        {"end_time", Rfc3339(b.call_out->end_time)},
                        {"wanted", b.call_out->wanted}};
  }
  return data.dump();
}

CallOutCounts CountsOf(int recipients, int coming, int cannot) {
  return CallOutCounts{coming, cannot, std::max(0, recipients - coming - cannot)};
}

}  // namespace tongxin::notifications
