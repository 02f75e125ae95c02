// A person's own inbox: list, unread count, mark read. The person is the caller's subject; no
// call reaches another's messages (another's message id is NOT_FOUND, as a missing one).
// Knows neither SQL nor gRPC; runs in the transaction it is given.
#pragma once

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/notifications/domain/model.h"
#include "services/notifications/repository/event_repository.h"

namespace tongxin::notifications {

inline constexpr int kDefaultInboxPageSize = 20;
inline constexpr int kMaxInboxPageSize = 100;
inline constexpr int kMaxMarkIds = 100;

class InboxDomain {
 public:
  InboxDomain(EventRepository& events, const Clock& clock);

  absl::StatusOr<Page<Message>> ListMessages(Tx& tx, const Principal& caller, bool unread_only,
                                             int page_size, const std::string& page_token);
  absl::StatusOr<int> UnreadCount(Tx& tx, const Principal& caller);
  absl::StatusOr<MarkedRead> MarkRead(Tx& tx, const Principal& caller,
                                      const MarkReadRequest& request);

 private:
  EventRepository& events_;
  const Clock& clock_;
};

}  // namespace tongxin::notifications
