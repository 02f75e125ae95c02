// The actions a view offers on each card of a list, from what the gateway knows of the caller.
// The owning service still decides when the action is taken (it also holds limits the gateway
// does not see, such as the number of active adoptions): these only keep a client from offering
// what cannot work.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/common/auth.h"
#include "tongxin/activities/v1/activities.pb.h"
#include "tongxin/gateway/v1/gateway.pb.h"
#include "tongxin/posts/v1/posts.pb.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"
#include "tongxin/wishes/v1/wishes.pb.h"

namespace tongxin::gateway {

// What the gateway learned of the caller beside the list.
struct Viewer {
  Principal principal;
  // The caller's own profile, when they are a volunteer and the volunteer service told.
  std::optional<volunteer::v1::Volunteer> profile;
  // Post id → the caller's active adoption of it, when the posts service told.
  std::optional<std::map<std::string, std::string>> adoption_of_post;
};

// On the wish wall: CLAIM for an active volunteer, CLAIM_FOR_UNIT for an admin of the wish's
// community.
std::vector<v1::Action> WishCardActions(const Viewer& viewer, const wishes::v1::WallItem& wish);

// On the post list: WITHDRAW_ADOPTION and LOG_SERVICE on a post the caller adopted; ADOPT on an
// open post for an active volunteer when it is open to volunteers or the caller is a party member
// who reported to its community; ADOPT_FOR_UNIT on an open post for an admin of its community.
// Without the caller's adoptions neither adopt nor withdraw is offered.
std::vector<v1::Action> PostCardActions(const Viewer& viewer, const posts::v1::Post& post);

// The caller's active adoption of `post_id`, or "" (none, or not known).
std::string MyAdoptionOf(const Viewer& viewer, const std::string& post_id);

// How long before an activity's start check-in opens, and how long after its end it closes (the
// activities service's window, which the check-in code is bound to).
inline constexpr std::chrono::minutes kCheckInOpensBefore{30};
inline constexpr std::chrono::minutes kCheckInClosesAfter{30};

// On an activity, for a volunteer (admins act from the console), at `now`, from the caller's own
// sign-up (activity.my_participation):
// - without a sign-up that holds or awaits a place (none, or one cancelled or rejected): SIGN_UP
//   for an active volunteer who meets the party-member requirement while sign-up is open
//   (published, not started, the deadline not passed), JOIN_WAITING_LIST instead when every
//   place is taken;
// - with one pending, confirmed or waiting, before the start and not checked in: CANCEL_SIGN_UP;
// - with a place, inside the check-in window (start − 30 min to end + 30 min): CHECK_IN until
//   checked in, then CHECK_OUT until checked out.
// The minimum age is left to the service (the gateway does not see the birth year).
std::vector<v1::Action> ActivityCardActions(const Viewer& viewer,
                                            const activities::v1::Activity& activity,
                                            std::chrono::system_clock::time_point now);

}  // namespace tongxin::gateway
