// Broadcasts, their fan-out's progress and call-out answers: the only code that runs their SQL.
// The fan-out's messages and the broadcast's feed event go through EventRepository in the same
// transactions.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/common/pagination.h"
#include "services/notifications/domain/broadcast_model.h"

namespace tongxin::notifications {

class BroadcastRepository {
 public:
  explicit BroadcastRepository(Db& db);

  // Stores a new broadcast (FANNING_OUT, from the first page) with its create_time.
  absl::Status Insert(Tx& tx, const Broadcast& broadcast);
  // With its live counts.
  absl::StatusOr<std::optional<Broadcast>> Find(Tx& tx, const std::string& broadcast_id);
  // Region `region_id` and the regions inside it, newest first.
  absl::StatusOr<Page<Broadcast>> List(Tx& tx, const std::string& region_id,
                                       const PageRequest& page);

  // The oldest broadcast fanning out that no run holds, now held until `lease_until`.
  absl::StatusOr<std::optional<Broadcast>> ClaimFanOut(
      Tx& tx, std::chrono::system_clock::time_point now,
      std::chrono::system_clock::time_point lease_until);
  // Moves the fan-out from page token `from` to `to` ('' = delivered at `now`); false when
  // another run has moved it already.
  absl::StatusOr<bool> AdvanceFanOut(Tx& tx, const std::string& broadcast_id,
                                     const std::string& from, const std::string& to,
                                     std::chrono::system_clock::time_point now);
  // Stores the delivered broadcast's recipient count (its messages) and returns it.
  absl::StatusOr<int> CountRecipients(Tx& tx, const std::string& broadcast_id);

  // The answer stored, or nullopt when the call-out does not take it (not a call-out, ended, or
  // `volunteer_id` no recipient).
  absl::StatusOr<std::optional<CallOutAnswer>> UpsertAnswer(Tx& tx, const CallOutAnswer& answer);
  absl::StatusOr<bool> IsRecipient(Tx& tx, const std::string& broadcast_id,
                                   const std::string& volunteer_id);
  // Newest answer first; kUnspecified: every reply.
  absl::StatusOr<Page<CallOutAnswer>> ListAnswers(Tx& tx, const std::string& broadcast_id,
                                                  CallOutReply reply, const PageRequest& page);
};

}  // namespace tongxin::notifications
