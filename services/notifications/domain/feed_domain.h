// Events: publishing one (the other services' outbox relays, as the system) and reading the
// feed of a region (admins in scope, the grid system's integration client, the system), and the
// retention purge. Knows neither SQL nor gRPC; runs in the transaction it is given.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/notifications/domain/model.h"
#include "services/notifications/repository/event_repository.h"

namespace tongxin::notifications {

struct NotificationsOptions {
  // Messages and events are kept this long after they were stored (retention_days).
  std::chrono::hours retention{24 * 180};
};

inline constexpr int kMaxNotes = 10000;
inline constexpr size_t kMaxTitleChars = 60;
inline constexpr size_t kMaxBodyChars = 500;
inline constexpr size_t kMaxLinkChars = 500;
inline constexpr size_t kMaxDataBytes = 64 * 1024;
inline constexpr int kDefaultFeedPageSize = 100;
inline constexpr int kMaxFeedPageSize = 500;
inline constexpr int kMaxFeedTypes = 50;

// "cn.tongxin.<thing>.<happening>": lowercase letters, digits and '_' in dot-separated
// segments; else INVALID_ARGUMENT naming `field`.
absl::Status CheckEventType(const std::string& field, const std::string& type);

// The CloudEvents source of what a caller publishes: "/tongxin/<service>" for a service's own
// system token (subject "<service>-service", as ServiceRuntime::SystemTokens mints them), else
// "/tongxin/system" (a system token of an operator or a test).
std::string SourceOf(const Principal& caller);

class FeedDomain {
 public:
  FeedDomain(EventRepository& events, const Clock& clock, NotificationsOptions options);

  // The system only. `event.event_id` is the request id; `event.data_json` the data as JSON
  // ("" when the request had none). A repeat of a stored event stores nothing and answers as
  // the first publish did (its sequence, and the messages it made).
  absl::StatusOr<Published> Publish(Tx& tx, const Principal& caller, Event event,
                                    const std::vector<Note>& notes);
  absl::StatusOr<FeedPage> ListEvents(Tx& tx, const Principal& caller, const FeedRequest& request);

  // Deletes at most `limit` messages and `limit` events stored before now - retention; returns
  // how many rows went.
  absl::StatusOr<int> PurgeExpired(Tx& tx, int limit);

  const NotificationsOptions& options() const { return options_; }

 private:
  // The answer to a repeat of `first` (published again as `again`).
  absl::StatusOr<Published> FirstAnswer(Tx& tx, const Event& first, const Event& again);

  EventRepository& events_;
  const Clock& clock_;
  NotificationsOptions options_;
};

}  // namespace tongxin::notifications
