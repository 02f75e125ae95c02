#include "services/wishes/domain/wish.h"

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace tongxin::wishes {
namespace {

absl::Status WrongState(const char* action) {
  return absl::FailedPreconditionError(
      absl::StrCat("wish_id: the wish is not in a state that allows ", action));
}

// What a caller hears when the table refuses `action`.
absl::Status Refusal(WishAction action) {
  switch (action) {
    case WishAction::kApprove:
    case WishAction::kReject:
      return WrongState("a review");
    case WishAction::kClaim:
      return absl::FailedPreconditionError(
          "wish_id: the wish is not on the wall (already claimed?)");
    case WishAction::kFulfil:
      return WrongState("fulfilment");
    case WishAction::kConfirm:
    case WishAction::kSendBack:
      return WrongState("confirmation");
    case WishAction::kRelease:
      return WrongState("a release");
    case WishAction::kExpire:
      return WrongState("an expiry");
    case WishAction::kWithdraw:
      return WrongState("withdrawal (it is claimed or closed)");
    case WishAction::kCancel:
      return WrongState("cancellation");
  }
  return WrongState("this");
}

// Nothing of the last claimer's delivery stays visible.
void ClearDelivery(Wish& wish) {
  wish.fulfil_note.clear();
  wish.fulfil_photo_url.clear();
  wish.service_hours = 0;
  wish.reason.clear();
}

// `wish` moved by `action`, its other fields unchanged, or the refusal.
absl::StatusOr<Wish> Moved(const Wish& wish, WishAction action) {
  TX_ASSIGN_OR_RETURN(WishState next, NextState(wish.state, action));
  Wish after = wish;
  after.state = next;
  return after;
}

}  // namespace

absl::StatusOr<WishState> NextState(WishState from, WishAction action) {
  for (const WishTransition& t : kWishTransitions) {
    if (t.action == action && t.from == from) return t.to;
  }
  return Refusal(action);
}

bool WishCanMove(WishState from, WishState to) {
  for (const WishTransition& t : kWishTransitions) {
    if (t.from == from && t.to == to) return true;
  }
  return false;
}

bool IsOpen(WishState state) { return NextState(state, WishAction::kCancel).ok(); }

bool OnTheWall(WishState state) { return NextState(state, WishAction::kClaim).ok(); }

bool ClaimIsHeld(WishState state) {
  return state == WishState::kClaimed || state == WishState::kFulfilled;
}

Time ClaimDeadline(Time now, std::chrono::hours limit) { return now + limit; }

bool ClaimExpired(const Wish& wish, Time now) {
  return NextState(wish.state, WishAction::kExpire).ok() && wish.claim_deadline &&
         *wish.claim_deadline <= now;
}

absl::Status CheckClaimNotLapsed(const Wish& wish, Time now) {
  if (ClaimExpired(wish, now)) {
    return absl::FailedPreconditionError(
        "wish_id: the claim lapsed at its time limit; the wish goes back on the wall");
  }
  return absl::OkStatus();
}

Claimer UnitClaimer(const std::string& unit_name) {
  return Claimer{"unit:" + unit_name, unit_name, false};
}

absl::StatusOr<Wish> Reviewed(const Wish& wish, bool approve, const std::string& reason, Time now) {
  TX_ASSIGN_OR_RETURN(Wish after,
                      Moved(wish, approve ? WishAction::kApprove : WishAction::kReject));
  after.reason = approve ? "" : reason;
  if (approve) after.publish_time = now;
  return after;
}

absl::StatusOr<Wish> Claimed(const Wish& wish, const Claimer& claimer, Time now,
                             std::chrono::hours limit) {
  TX_ASSIGN_OR_RETURN(Wish after, Moved(wish, WishAction::kClaim));
  after.claimer_id = claimer.id;
  after.claimer_name = claimer.name;
  after.claimer_party_member = claimer.party_member;
  after.claimed_at = now;
  after.claim_deadline = ClaimDeadline(now, limit);
  if (!after.first_claim_time) after.first_claim_time = now;
  after.last_claim_time = now;
  after.reason.clear();
  return after;
}

absl::StatusOr<Wish> Fulfilled(const Wish& wish, const std::string& note,
                               const std::string& photo_url, double service_hours) {
  TX_ASSIGN_OR_RETURN(Wish after, Moved(wish, WishAction::kFulfil));
  after.fulfil_note = note;
  after.fulfil_photo_url = photo_url;
  after.service_hours = service_hours;
  after.reason.clear();
  return after;
}

absl::StatusOr<Wish> Confirmed(const Wish& wish, bool confirm, const std::string& reason, Time now,
                               std::chrono::hours limit) {
  TX_ASSIGN_OR_RETURN(Wish after,
                      Moved(wish, confirm ? WishAction::kConfirm : WishAction::kSendBack));
  if (confirm) {
    after.confirm_time = now;
  } else {
    after.reason = reason;  // back to the claimer, with the reason and a new limit
    after.claim_deadline = ClaimDeadline(now, limit);
  }
  return after;
}

absl::StatusOr<Wish> BackOnTheWall(const Wish& wish, WishAction why) {
  if (why != WishAction::kRelease && why != WishAction::kExpire) {
    return absl::InternalError("a wish goes back on the wall by a release or the time limit");
  }
  TX_ASSIGN_OR_RETURN(Wish after, Moved(wish, why));
  after.claimer_id.clear();
  after.claimer_name.clear();
  after.claimer_party_member = false;
  after.claimed_at.reset();
  after.claim_deadline.reset();
  ClearDelivery(after);
  return after;
}

absl::StatusOr<Wish> Withdrawn(const Wish& wish) { return Moved(wish, WishAction::kWithdraw); }

absl::StatusOr<Wish> Cancelled(const Wish& wish, const std::string& reason) {
  TX_ASSIGN_OR_RETURN(Wish after, Moved(wish, WishAction::kCancel));
  after.reason = reason;
  after.claimer_id.clear();
  after.claim_deadline.reset();
  return after;
}

}  // namespace tongxin::wishes
