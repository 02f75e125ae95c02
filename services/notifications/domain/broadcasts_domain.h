// Broadcasts (微广播) and call-outs: sending (a community or street admin in scope of the
// region), reading and listing them (admins in scope), answering a call-out (its recipients,
// until it ends) and listing the answers; and the fan-out's two database steps (claim a
// broadcast, deliver one page of its audience). Knows neither SQL nor gRPC; the audience itself
// is asked of the volunteer service by broadcast_fanout.h, outside any transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/pagination.h"
#include "services/notifications/domain/broadcast_model.h"
#include "services/notifications/repository/broadcast_repository.h"
#include "services/notifications/repository/event_repository.h"

namespace tongxin::notifications {

class BroadcastsDomain {
 public:
  BroadcastsDomain(BroadcastRepository& broadcasts, EventRepository& events, const Clock& clock);

  // Stores the broadcast FANNING_OUT and its feed event, in the caller's transaction.
  absl::StatusOr<Broadcast> Send(Tx& tx, const Principal& caller, Broadcast broadcast);
  absl::StatusOr<Broadcast> Get(Tx& tx, const Principal& caller, const std::string& broadcast_id);
  absl::StatusOr<Page<Broadcast>> List(Tx& tx, const Principal& caller,
                                       const std::string& region_id, const PageRequest& page);
  // A recipient's answer (COMING or CANNOT), changeable until the call-out's end_time; to a
  // volunteer it did not go to, NOT_FOUND as for none.
  absl::StatusOr<CallOutAnswer> Answer(Tx& tx, const Principal& caller,
                                       const std::string& broadcast_id, CallOutReply reply);
  absl::StatusOr<Page<CallOutAnswer>> ListAnswers(Tx& tx, const Principal& caller,
                                                  const std::string& broadcast_id,
                                                  CallOutReply reply, const PageRequest& page);

  // The fan-out. Claim: the oldest broadcast fanning out, held for `lease` (no other run takes
  // it meanwhile). Deliver: `page` (the audience after the broadcast's stored page token, whose
  // next token is `next_page_token`) becomes inbox messages, and the stored token moves on —
  // DELIVERED with its recipient count after the last page. Returns the messages made; 0 when
  // another run had delivered this page already (its messages are there, once each).
  absl::StatusOr<std::optional<Broadcast>> ClaimFanOut(Tx& tx, std::chrono::milliseconds lease);
  absl::StatusOr<int> DeliverPage(Tx& tx, const Broadcast& broadcast,
                                  const std::vector<std::string>& recipients,
                                  const std::string& next_page_token);

 private:
  // The broadcast, for an admin in scope of its region (NOT_FOUND for a missing one and for
  // one out of scope alike).
  absl::StatusOr<Broadcast> FindForAdmin(Tx& tx, const Principal& caller,
                                         const std::string& broadcast_id);

  BroadcastRepository& broadcasts_;
  EventRepository& events_;
  const Clock& clock_;
};

}  // namespace tongxin::notifications
