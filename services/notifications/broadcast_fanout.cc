#include "services/notifications/broadcast_fanout.h"

#include <spdlog/spdlog.h>

#include "services/common/status.h"

namespace tongxin::notifications {

BroadcastFanOut::BroadcastFanOut(Db& db, BroadcastsDomain& domain,
                                 const clients::VolunteerAudience* audience, FanOutOptions options)
    : db_(db), domain_(domain), audience_(audience), options_(options) {}

absl::StatusOr<int> BroadcastFanOut::RunOnce() {
  if (audience_ == nullptr) {
    return absl::FailedPreconditionError("no volunteer service to ask for audiences");
  }
  std::optional<Broadcast> claimed;
  TX_RETURN_IF_ERROR(db_.Transact({}, [&](Tx& tx) -> absl::Status {
    TX_ASSIGN_OR_RETURN(claimed, domain_.ClaimFanOut(tx, options_.lease));
    return absl::OkStatus();
  }));
  if (!claimed) return 0;
  const Broadcast& b = *claimed;
  clients::AudienceQuery query{b.region_id, b.audience.party_members_only, b.audience.team_id,
                               b.audience.grid_id};
  // The system clock, not the injected one: a deadline is for gRPC, which runs on real time.
  TX_ASSIGN_OR_RETURN(auto page,
                      audience_->Page(query, b.fanout_page_token, options_.page_size,
                                      std::chrono::system_clock::now() + options_.call_timeout));
  int made = 0;
  TX_RETURN_IF_ERROR(db_.Transact({}, [&](Tx& tx) -> absl::Status {
    TX_ASSIGN_OR_RETURN(made, domain_.DeliverPage(tx, b, page.volunteer_ids, page.next_page_token));
    return absl::OkStatus();
  }));
  if (page.next_page_token.empty()) {
    spdlog::info("broadcast {} delivered (this page: {} messages)", b.broadcast_id, made);
  }
  return 1;
}

}  // namespace tongxin::notifications
