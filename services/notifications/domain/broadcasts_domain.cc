// Broadcasts and call-outs (see broadcasts_domain.h).
#include "services/notifications/domain/broadcasts_domain.h"

#include "services/common/authz.h"
#include "services/common/outbox.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/notifications/domain/broadcast.h"

namespace tongxin::notifications {
namespace {

// Admins (and the system) only: a volunteer sees a broadcast through their inbox message.
absl::Status RequireAdminFor(const Principal& caller, const std::string& region_id) {
  if (caller.role != Role::kSystem && !caller.IsAdmin()) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  return RequireAdminInScope(caller, region_id);
}

}  // namespace

BroadcastsDomain::BroadcastsDomain(BroadcastRepository& broadcasts, EventRepository& events,
                                   const Clock& clock)
    : broadcasts_(broadcasts), events_(events), clock_(clock) {}

absl::StatusOr<Broadcast> BroadcastsDomain::Send(Tx& tx, const Principal& caller, Broadcast b) {
  const auto now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckNewBroadcast(b, now));
  TX_RETURN_IF_ERROR(RequireAdminFor(caller, b.region_id));
  // A grid region is its grid: the audience query reads a region by its community (first 12
  // digits), so without the grid as audience.grid_id the whole community would get it.
  if (b.region_id.size() == kGridIdLength) {
    if (!b.audience.grid_id.empty() && b.audience.grid_id != b.region_id) {
      return absl::InvalidArgumentError("audience.grid_id: not the grid region_id names");
    }
    b.audience.grid_id = b.region_id;
  }
  b.broadcast_id = NewUuid();
  b.event_id = NewUuid();
  b.sender_id = caller.subject;
  b.create_time = now;
  b.state = BroadcastState::kFanningOut;
  b.recipient_count = 0;
  b.fanout_page_token.clear();
  if (b.kind == BroadcastKind::kCallOut) b.counts = CallOutCounts{};
  TX_RETURN_IF_ERROR(broadcasts_.Insert(tx, b));
  // Last: storing the event takes the feed lock, held until commit (event_repository.h).
  Event event;
  event.event_id = b.event_id;
  event.type = EventTypeOf(b.kind);
  event.source = kNotificationsSource;
  event.subject = "broadcasts/" + b.broadcast_id;
  event.region_id = b.region_id;
  event.occurred_at = now;
  event.data_json = FeedDataOf(b);
  TX_ASSIGN_OR_RETURN(auto stored, events_.StoreEvent(tx, event, now));
  if (!stored) return absl::AbortedError("the broadcast's event id was taken; retry");
  return b;
}

absl::StatusOr<Broadcast> BroadcastsDomain::FindForAdmin(Tx& tx, const Principal& caller,
                                                         const std::string& broadcast_id) {
  TX_RETURN_IF_ERROR(CheckUuid("broadcast_id", broadcast_id));
  if (caller.role != Role::kSystem && !caller.IsAdmin()) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(auto found, broadcasts_.Find(tx, broadcast_id));
  // Out of the admin's scope: as if there were none (the matrix's "hidden"), like a webhook.
  if (!found || !caller.InScope(found->region_id)) {
    return absl::NotFoundError("broadcast_id: no such broadcast");
  }
  return *found;
}

absl::StatusOr<Broadcast> BroadcastsDomain::Get(Tx& tx, const Principal& caller,
                                                const std::string& broadcast_id) {
  return FindForAdmin(tx, caller, broadcast_id);
}

absl::StatusOr<Page<Broadcast>> BroadcastsDomain::List(Tx& tx, const Principal& caller,
                                                       const std::string& region_id,
                                                       const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  TX_RETURN_IF_ERROR(RequireAdminFor(caller, region_id));
  return broadcasts_.List(tx, region_id, page);
}

absl::StatusOr<CallOutAnswer> BroadcastsDomain::Answer(Tx& tx, const Principal& caller,
                                                       const std::string& broadcast_id,
                                                       CallOutReply reply) {
  TX_RETURN_IF_ERROR(CheckUuid("broadcast_id", broadcast_id));
  if (reply != CallOutReply::kComing && reply != CallOutReply::kCannot) {
    return absl::InvalidArgumentError("reply: required");
  }
  if (caller.role != Role::kVolunteer) {
    return absl::PermissionDeniedError("only a recipient of the call-out may answer it");
  }
  const auto now = clock_.Now();
  TX_ASSIGN_OR_RETURN(auto stored,
                      broadcasts_.UpsertAnswer(tx, {broadcast_id, caller.subject, reply, now}));
  if (stored) return *stored;
  // Refused by the statement's conditions: say which.
  TX_ASSIGN_OR_RETURN(auto found, broadcasts_.Find(tx, broadcast_id));
  TX_ASSIGN_OR_RETURN(bool recipient, broadcasts_.IsRecipient(tx, broadcast_id, caller.subject));
  // A volunteer it did not go to finds none: whether it exists is not theirs to learn.
  if (!found || !recipient) return absl::NotFoundError("broadcast_id: no such broadcast");
  if (found->kind != BroadcastKind::kCallOut) {
    return absl::FailedPreconditionError("broadcast_id: an announcement takes no answer");
  }
  return absl::FailedPreconditionError("broadcast_id: the call-out has ended");
}

absl::StatusOr<Page<CallOutAnswer>> BroadcastsDomain::ListAnswers(Tx& tx, const Principal& caller,
                                                                  const std::string& broadcast_id,
                                                                  CallOutReply reply,
                                                                  const PageRequest& page) {
  TX_ASSIGN_OR_RETURN(Broadcast b, FindForAdmin(tx, caller, broadcast_id));
  if (b.kind != BroadcastKind::kCallOut) {
    return absl::FailedPreconditionError("broadcast_id: an announcement takes no answers");
  }
  return broadcasts_.ListAnswers(tx, broadcast_id, reply, page);
}

absl::StatusOr<std::optional<Broadcast>> BroadcastsDomain::ClaimFanOut(
    Tx& tx, std::chrono::milliseconds lease) {
  const auto now = clock_.Now();
  return broadcasts_.ClaimFanOut(tx, now, now + lease);
}

absl::StatusOr<int> BroadcastsDomain::DeliverPage(Tx& tx, const Broadcast& b,
                                                  const std::vector<std::string>& recipients,
                                                  const std::string& next_page_token) {
  // First the conditional move of the page token: it locks the row, so a second run with the
  // same page waits here and then finds the token moved.
  TX_ASSIGN_OR_RETURN(bool mine, broadcasts_.AdvanceFanOut(tx, b.broadcast_id, b.fanout_page_token,
                                                           next_page_token, clock_.Now()));
  if (!mine) return 0;
  std::vector<Note> notes;
  notes.reserve(recipients.size());
  // No link: the message is the whole broadcast, and a call-out is answered on it.
  const std::string link;
  for (const std::string& id : recipients) notes.push_back(Note{id, b.title, b.body, link});
  int made = 0;
  if (!notes.empty()) {
    // Dated as the broadcast: every page's messages alike, whichever run makes them.
    TX_ASSIGN_OR_RETURN(made, events_.InsertMessages(tx, b.event_id, EventTypeOf(b.kind), notes,
                                                     b.create_time, b.broadcast_id));
  }
  if (next_page_token.empty())
    TX_RETURN_IF_ERROR(broadcasts_.CountRecipients(tx, b.broadcast_id).status());
  return made;
}

}  // namespace tongxin::notifications
