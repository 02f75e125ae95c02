// The rules of a broadcast, without a database: what a new one must look like, its feed event's
// type and data, the counts of a call-out. Pure; unit-tested in tests/notifications.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "services/notifications/domain/broadcast_model.h"

namespace tongxin::notifications {

inline constexpr size_t kMaxBroadcastTitleChars = 60;
inline constexpr size_t kMaxBroadcastBodyChars = 1000;
inline constexpr size_t kMaxCallOutPlaceChars = 100;
inline constexpr int kMaxCallOutWanted = 100000;

// The feed's types and source of broadcasts.
inline constexpr char kBroadcastSentType[] = "cn.tongxin.broadcast.sent";
inline constexpr char kCallOutSentType[] = "cn.tongxin.callout.sent";
inline constexpr char kNotificationsSource[] = "/tongxin/notifications";

// What SendBroadcast checks before anything else (INVALID_ARGUMENT naming the field): region_id
// a street, community or grid id; kind; title ≤ 60 and body ≤ 1000 characters (code points;
// the body may have line breaks); audience.team_id a UUID, audience.grid_id a grid inside
// region_id; a call-out's call_out with place, start_time before end_time and end_time after
// `now` — and an announcement without one.
absl::Status CheckNewBroadcast(const Broadcast& broadcast,
                               std::chrono::system_clock::time_point now);

const char* EventTypeOf(BroadcastKind kind);

// The feed event's data (a JSON object): the broadcast as sent, without its sender (an admin's
// subject) or anyone's personal data.
std::string FeedDataOf(const Broadcast& broadcast);

// unanswered = recipients − answers, never below 0 (an answer cannot outnumber recipients, but
// the counts are read while the fan-out runs).
CallOutCounts CountsOf(int recipients, int coming, int cannot);

}  // namespace tongxin::notifications
