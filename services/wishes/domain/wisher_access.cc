#include "services/wishes/domain/wisher_access.h"

#include "services/wishes/domain/wish.h"

namespace tongxin::wishes {

namespace {

bool AdminInScope(const Principal& caller, const Wish& wish) {
  return caller.IsAdmin() && caller.InScope(wish.region());
}

}  // namespace

AccessReason WisherAccess(const Principal& caller, const Wish& wish, Time now) {
  if (caller.role == Role::kVolunteer) {
    if (caller.subject == wish.claimer_id && ClaimIsHeld(wish.state) && !ClaimExpired(wish, now)) {
      return AccessReason::kClaimer;
    }
    if (caller.subject == wish.submitted_by) return AccessReason::kSubmitter;
    return AccessReason::kUnspecified;
  }
  if (caller.role == Role::kSystem) return AccessReason::kSystem;
  if (AdminInScope(caller, wish)) return AccessReason::kAdmin;
  return AccessReason::kUnspecified;
}

bool SeesSubmitter(const Principal& caller, const Wish& wish) {
  if (caller.role == Role::kVolunteer) return caller.subject == wish.submitted_by;
  return caller.role == Role::kSystem || AdminInScope(caller, wish);
}

}  // namespace tongxin::wishes
