// Broadcasts (微广播) and call-outs: what an admin sends to a region's volunteers, and the
// answers to a call-out. Plain values, no SQL or gRPC; enum numbers are the proto's and SQL's.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tongxin::notifications {

enum class BroadcastKind { kUnspecified = 0, kAnnouncement = 1, kCallOut = 2 };
enum class BroadcastState { kUnspecified = 0, kFanningOut = 1, kDelivered = 2 };
enum class CallOutReply { kUnspecified = 0, kComing = 1, kCannot = 2 };

// The region's active volunteers, narrowed by these ('' / false when unused).
struct Audience {
  bool party_members_only = false;
  std::string team_id;
  std::string grid_id;
};

struct CallOut {
  std::string place;
  std::chrono::system_clock::time_point start_time{};
  std::chrono::system_clock::time_point end_time{};
  int wanted = 0;  // 0: as many as come
};

// Live: coming and cannot counted from the answers; unanswered = recipients − answers.
struct CallOutCounts {
  int coming = 0;
  int cannot = 0;
  int unanswered = 0;
};

struct Broadcast {
  std::string broadcast_id;
  std::string region_id;
  BroadcastKind kind = BroadcastKind::kUnspecified;
  std::string title;
  std::string body;
  Audience audience;
  std::optional<CallOut> call_out;
  std::string sender_id;
  std::chrono::system_clock::time_point create_time{};
  BroadcastState state = BroadcastState::kUnspecified;
  // Messages made so far (all of them once delivered).
  int recipient_count = 0;
  std::optional<CallOutCounts> counts;  // a call-out's
  std::string event_id;
  // The fan-out's place: the audience page token of the next page ('' for the first).
  std::string fanout_page_token;
};

struct CallOutAnswer {
  std::string broadcast_id;
  std::string volunteer_id;
  CallOutReply reply = CallOutReply::kUnspecified;
  std::chrono::system_clock::time_point answer_time{};
};

// The fan-out's settings (NotificationsOptions::fanout; main() reads them).
struct FanOutOptions {
  int page_size = 5000;                           // ids per ListAudience page (its maximum)
  std::chrono::milliseconds interval{250};        // how often the job looks for a broadcast to send
  std::chrono::milliseconds call_timeout{10000};  // a ListAudience call's deadline
  // Longer than a page's call and its transaction: a lease that ends while a run still works
  // lets a second run redo the page, harmlessly.
  std::chrono::milliseconds lease{30000};
};

// A broadcast message's extras in an inbox (ListMessages): the call-out and the reader's answer.
struct BroadcastNote {
  std::optional<CallOut> call_out;
  CallOutReply my_reply = CallOutReply::kUnspecified;
};

}  // namespace tongxin::notifications
