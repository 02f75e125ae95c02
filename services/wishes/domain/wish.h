// A wish's life, in one table next to its model (the aggregate owns its state changes, as
// eShop's Order does): which action moves a wish from which state to which, the refusal a
// caller hears otherwise, and each change's effect on the wish's fields. Pure: no SQL, no gRPC.
// The domain asks these functions at the point it used to check states itself; the repository's
// `UPDATE … WHERE state = <expected>` holds the same line in the database.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/wishes/domain/model.h"

namespace tongxin::wishes {

// What is done to a wish. Two actions may make the same change of state (a release by the
// claimer and the time limit both put a claim back on the wall), so the table is by action.
enum class WishAction {
  kApprove,   // the community reviews: on the wall
  kReject,    // the community reviews: refused, with a reason
  kClaim,     // a volunteer (or a unit, through its community) takes it
  kFulfil,    // the claimer reports it done
  kConfirm,   // the grid worker or community confirms the delivery
  kSendBack,  // … or sends it back to the claimer, with a reason
  kRelease,   // the claimer (or an admin) gives the claim up
  kExpire,    // the claim time limit passed
  kWithdraw,  // the wisher takes it back before a claim
  kCancel,    // an admin closes an open wish, with a reason
};

struct WishTransition {
  WishAction action;
  WishState from;
  WishState to;
};

// SUBMITTED → APPROVED | REJECTED; APPROVED → CLAIMED → FULFILLED → CONFIRMED; FULFILLED →
// CLAIMED (sent back); CLAIMED → APPROVED (released / time limit); SUBMITTED/APPROVED →
// WITHDRAWN; any open state → CANCELLED.
inline constexpr WishTransition kWishTransitions[] = {
    {WishAction::kApprove, WishState::kSubmitted, WishState::kApproved},
    {WishAction::kReject, WishState::kSubmitted, WishState::kRejected},
    {WishAction::kClaim, WishState::kApproved, WishState::kClaimed},
    {WishAction::kFulfil, WishState::kClaimed, WishState::kFulfilled},
    {WishAction::kConfirm, WishState::kFulfilled, WishState::kConfirmed},
    {WishAction::kSendBack, WishState::kFulfilled, WishState::kClaimed},
    {WishAction::kRelease, WishState::kClaimed, WishState::kApproved},
    {WishAction::kExpire, WishState::kClaimed, WishState::kApproved},
    {WishAction::kWithdraw, WishState::kSubmitted, WishState::kWithdrawn},
    {WishAction::kWithdraw, WishState::kApproved, WishState::kWithdrawn},
    {WishAction::kCancel, WishState::kSubmitted, WishState::kCancelled},
    {WishAction::kCancel, WishState::kApproved, WishState::kCancelled},
    {WishAction::kCancel, WishState::kClaimed, WishState::kCancelled},
    {WishAction::kCancel, WishState::kFulfilled, WishState::kCancelled},
};

// The state `action` moves a wish in `from` to, or FAILED_PRECONDITION with the action's
// refusal (e.g. "wish_id: the wish is not in a state that allows a review").
absl::StatusOr<WishState> NextState(WishState from, WishAction action);
// Whether some action moves a wish from `from` to `to`.
bool WishCanMove(WishState from, WishState to);
// Open: not yet confirmed, rejected, withdrawn or cancelled (an admin may still cancel it).
bool IsOpen(WishState state);
// On the wall (APPROVED): public, and free to claim.
bool OnTheWall(WishState state);
// A claim is held (CLAIMED or FULFILLED): the claimer may still see the wisher's contact.
bool ClaimIsHeld(WishState state);

// When a claim made (or renewed) at `now` lapses.
Time ClaimDeadline(Time now, std::chrono::hours limit);
// Whether the time limit has passed for a claimed wish at `now` (what the claim timer releases).
bool ClaimExpired(const Wish& wish, Time now);

// FAILED_PRECONDITION once a claimed wish is past its time limit (ClaimExpired): the claim
// lapsed, even before the claim timer puts it back on the wall.
absl::Status CheckClaimNotLapsed(const Wish& wish, Time now);

// Who takes a claim: a volunteer, or a co-building unit ("unit:<name>", no party member).
struct Claimer {
  std::string id;
  std::string name;
  bool party_member = false;
};
Claimer UnitClaimer(const std::string& unit_name);

// The wish after each action, or the table's refusal. Only the fields the action changes change.
absl::StatusOr<Wish> Reviewed(const Wish& wish, bool approve, const std::string& reason, Time now);
// A claim at `now`: its claimer, its time limit, and the wish's last claim (and first, once).
absl::StatusOr<Wish> Claimed(const Wish& wish, const Claimer& claimer, Time now,
                             std::chrono::hours limit);
absl::StatusOr<Wish> Fulfilled(const Wish& wish, const std::string& note,
                               const std::string& photo_url, double service_hours);
// Confirmed, or (confirm false) sent back to the claimer with the reason and a new time limit.
absl::StatusOr<Wish> Confirmed(const Wish& wish, bool confirm, const std::string& reason, Time now,
                               std::chrono::hours limit);
// Back on the wall (kRelease or kExpire): the claim and its delivery are forgotten.
absl::StatusOr<Wish> BackOnTheWall(const Wish& wish, WishAction why);
absl::StatusOr<Wish> Withdrawn(const Wish& wish);
absl::StatusOr<Wish> Cancelled(const Wish& wish, const std::string& reason);

}  // namespace tongxin::wishes
