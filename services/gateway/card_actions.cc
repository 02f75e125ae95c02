// The actions offered on wish and post cards.
#include "services/gateway/card_actions.h"

namespace tongxin::gateway {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace spb = ::tongxin::posts::v1;

bool ActiveVolunteer(const Viewer& viewer) {
  return viewer.principal.role == Role::kVolunteer && viewer.profile.has_value() &&
         viewer.profile->status() == vpb::VOLUNTEER_STATUS_ACTIVE;
}

// An admin whose scope holds `region_id` acts there for co-building units.
bool AdminOf(const Principal& caller, const std::string& region_id) {
  return caller.IsAdmin() && caller.InScope(region_id);
}

}  // namespace

std::vector<v1::Action> WishCardActions(const Viewer& viewer, const wishes::v1::WallItem& wish) {
  std::vector<v1::Action> actions;
  if (ActiveVolunteer(viewer)) actions.push_back(v1::ACTION_CLAIM);
  if (AdminOf(viewer.principal, wish.community_id())) actions.push_back(v1::ACTION_CLAIM_FOR_UNIT);
  return actions;
}

std::string MyAdoptionOf(const Viewer& viewer, const std::string& post_id) {
  if (viewer.principal.role != Role::kVolunteer || !viewer.adoption_of_post) return "";
  auto adopted = viewer.adoption_of_post->find(post_id);
  return adopted == viewer.adoption_of_post->end() ? "" : adopted->second;
}

std::vector<v1::Action> PostCardActions(const Viewer& viewer, const posts::v1::Post& post) {
  std::vector<v1::Action> actions;
  bool know_mine = viewer.principal.role == Role::kVolunteer && viewer.adoption_of_post;
  bool open = post.status() == spb::POST_STATUS_OPEN;
  if (!MyAdoptionOf(viewer, post.post_id()).empty()) {
    actions.push_back(v1::ACTION_WITHDRAW_ADOPTION);
    actions.push_back(v1::ACTION_LOG_SERVICE);
  } else if (know_mine && ActiveVolunteer(viewer) && open) {
    bool reported_here = viewer.profile->political_status() == vpb::POLITICAL_STATUS_PARTY_MEMBER &&
                         viewer.profile->reported_community_id() == post.community_id();
    if (post.volunteers_allowed() || reported_here) actions.push_back(v1::ACTION_ADOPT);
  }
  if (AdminOf(viewer.principal, post.community_id()) && open) {
    actions.push_back(v1::ACTION_ADOPT_FOR_UNIT);
  }
  return actions;
}

}  // namespace tongxin::gateway
