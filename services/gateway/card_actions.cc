// The actions offered on wish, post and activity cards.
#include "services/gateway/card_actions.h"

#include <google/protobuf/util/time_util.h>

namespace tongxin::gateway {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace spb = ::tongxin::posts::v1;
namespace apb = ::tongxin::activities::v1;
using TimeUtil = google::protobuf::util::TimeUtil;
using Time = std::chrono::system_clock::time_point;

bool ActiveVolunteer(const Viewer& viewer) {
  return viewer.principal.role == Role::kVolunteer && viewer.profile.has_value() &&
         viewer.profile->status() == vpb::VOLUNTEER_STATUS_ACTIVE;
}

// An admin whose scope holds `region_id` acts there for co-building units.
bool AdminOf(const Principal& caller, const std::string& region_id) {
  return caller.IsAdmin() && caller.InScope(region_id);
}

// A timestamp as a time point; an unset one is the epoch.
Time TimeOf(const google::protobuf::Timestamp& t) {
  return Time(std::chrono::microseconds(TimeUtil::TimestampToMicroseconds(t)));
}

bool Set(const google::protobuf::Timestamp& t) { return t.seconds() != 0 || t.nanos() != 0; }

// A sign-up that holds, awaits or has had a place: the service takes no second one.
bool SignedUp(const apb::Activity& activity) {
  if (!activity.has_my_participation()) return false;
  auto state = activity.my_participation().state();
  return state != apb::PARTICIPATION_STATE_CANCELLED &&
         state != apb::PARTICIPATION_STATE_REJECTED &&
         state != apb::PARTICIPATION_STATE_UNSPECIFIED;
}

bool SignUpOpen(const apb::Activity& activity, Time now) {
  return activity.state() == apb::ACTIVITY_STATE_PUBLISHED && now < TimeOf(activity.start_time()) &&
         (!Set(activity.signup_deadline()) || now <= TimeOf(activity.signup_deadline()));
}

bool MeetsPartyRequirement(const Viewer& viewer, const apb::Activity& activity) {
  return !activity.requirements().party_members_only() ||
         viewer.profile->political_status() == vpb::POLITICAL_STATUS_PARTY_MEMBER;
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

std::vector<v1::Action> ActivityCardActions(const Viewer& viewer, const apb::Activity& activity,
                                            Time now) {
  std::vector<v1::Action> actions;
  if (viewer.principal.role != Role::kVolunteer) return actions;
  if (!SignedUp(activity)) {
    if (ActiveVolunteer(viewer) && SignUpOpen(activity, now) &&
        MeetsPartyRequirement(viewer, activity)) {
      actions.push_back(activity.confirmed_count() < activity.quota()
                            ? v1::ACTION_SIGN_UP
                            : v1::ACTION_JOIN_WAITING_LIST);
    }
    return actions;
  }
  const apb::Participation& mine = activity.my_participation();
  bool checked_in = Set(mine.check_in_time());
  bool waiting = mine.state() == apb::PARTICIPATION_STATE_PENDING ||
                 mine.state() == apb::PARTICIPATION_STATE_WAITLISTED;
  bool has_place = mine.state() == apb::PARTICIPATION_STATE_CONFIRMED;
  if ((waiting || has_place) && !checked_in && activity.state() == apb::ACTIVITY_STATE_PUBLISHED &&
      now < TimeOf(activity.start_time())) {
    actions.push_back(v1::ACTION_CANCEL_SIGN_UP);
  }
  bool window_open = (activity.state() == apb::ACTIVITY_STATE_PUBLISHED ||
                      activity.state() == apb::ACTIVITY_STATE_RUNNING ||
                      activity.state() == apb::ACTIVITY_STATE_ENDED) &&
                     now >= TimeOf(activity.start_time()) - kCheckInOpensBefore &&
                     now <= TimeOf(activity.end_time()) + kCheckInClosesAfter;
  if (has_place && window_open) {
    if (!checked_in) {
      actions.push_back(v1::ACTION_CHECK_IN);
    } else if (!Set(mine.check_out_time())) {
      actions.push_back(v1::ACTION_CHECK_OUT);
    }
  }
  return actions;
}

}  // namespace tongxin::gateway
