// The actions a view offers on each card of a list, from what the gateway knows of the caller.
// The owning service still decides when the action is taken (it also holds limits the gateway
// does not see, such as the number of active adoptions): these only keep a client from offering
// what cannot work.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/common/auth.h"
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

}  // namespace tongxin::gateway
