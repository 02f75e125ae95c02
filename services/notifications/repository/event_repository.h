// Events (the feed) and the inbox messages made of them: the only code that runs their SQL.
// StoreEvent and InsertMessages also serve other repositories' transactions (a broadcast's
// fan-out): call InsertMessages first and StoreEvent last, since StoreEvent takes the feed lock,
// which is held until the transaction ends (see V0001's event_sequence).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/notifications/domain/model.h"

namespace tongxin::notifications {

// Takes the feed lock (StoreEvent's) until the transaction ends: waits for every event being
// stored to commit, and keeps new ones out until then.
void LockFeed(Tx& tx);

class EventRepository {
 public:
  explicit EventRepository(Db& db);

  // Stores `event` (its sequence and create_time are taken here) under the feed lock; nullopt
  // when an event of that id is stored already.
  absl::StatusOr<std::optional<Event>> StoreEvent(Tx& tx, const Event& event, Time now);
  absl::StatusOr<std::optional<Event>> FindEvent(Tx& tx, const std::string& event_id);
  // How many messages the event made.
  absl::StatusOr<int> CountMessages(Tx& tx, const std::string& event_id);

  // One message per note's recipient for the event (bulk; a recipient who has one for the event
  // already gets none); `broadcast_id` may be empty. Returns how many were made.
  absl::StatusOr<int> InsertMessages(Tx& tx, const std::string& event_id, const std::string& type,
                                     const std::vector<Note>& notes, Time now,
                                     const std::string& broadcast_id = "");

  // The feed of a region and the regions inside it, after sequence `after`, oldest first, and
  // the newest sequence of all events, read in the same snapshot.
  absl::StatusOr<FeedRows> ListFeed(Tx& tx, const std::string& region_id, int64_t after, int limit,
                                    const std::vector<std::string>& types);

  // A recipient's inbox, newest first.
  absl::StatusOr<Page<Message>> ListInbox(Tx& tx, const std::string& recipient_id, bool unread_only,
                                          const PageRequest& page);
  absl::StatusOr<int> UnreadCount(Tx& tx, const std::string& recipient_id);
  // Which of `message_ids` (UUIDs) are the recipient's.
  absl::StatusOr<std::vector<std::string>> OwnedMessages(
      Tx& tx, const std::string& recipient_id, const std::vector<std::string>& message_ids);
  // Marks unread ones read at `now`; returns how many were unread.
  absl::StatusOr<int> MarkRead(Tx& tx, const std::string& recipient_id,
                               const std::vector<std::string>& message_ids, Time now);
  absl::StatusOr<int> MarkAllRead(Tx& tx, const std::string& recipient_id, Time now);

  // Retention: at most `limit` messages, and as many events, created before `cutoff`.
  absl::StatusOr<int> PurgeMessages(Tx& tx, Time cutoff, int limit);
  absl::StatusOr<int> PurgeEvents(Tx& tx, Time cutoff, int limit);
};

}  // namespace tongxin::notifications
