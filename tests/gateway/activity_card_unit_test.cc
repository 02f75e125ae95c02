// The actions offered on an activity's card (gateway_unit_test binary): sign up or join the
// waiting list while sign-up is open, cancel before the start, check in and out inside the
// check-in window, from the caller's own sign-up and the time asked at.
#include <gtest/gtest.h>

#include <google/protobuf/util/time_util.h>

#include "services/gateway/card_actions.h"

namespace tongxin::gateway {
namespace {

namespace pb = ::tongxin::gateway::v1;
namespace vpb = ::tongxin::volunteer::v1;
namespace apb = ::tongxin::activities::v1;
using std::chrono::hours;
using std::chrono::minutes;
using Actions = std::vector<pb::Action>;
using Time = std::chrono::system_clock::time_point;

const Time kStart = std::chrono::system_clock::from_time_t(1781496000);  // the activity's start

google::protobuf::Timestamp At(Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

Viewer Volunteer(vpb::VolunteerStatus status = vpb::VOLUNTEER_STATUS_ACTIVE,
                 bool party_member = false) {
  vpb::Volunteer profile;
  profile.set_status(status);
  profile.set_political_status(party_member ? vpb::POLITICAL_STATUS_PARTY_MEMBER
                                            : vpb::POLITICAL_STATUS_MASSES);
  return Viewer{Principal{"v-1", Role::kVolunteer, {}}, profile, std::nullopt};
}

// Published, two hours from kStart, 2 places of which `taken` are taken.
apb::Activity Activity(int taken = 0, apb::ActivityState state = apb::ACTIVITY_STATE_PUBLISHED) {
  apb::Activity activity;
  activity.set_activity_id("a-1");
  activity.set_organiser_region_id("411502001001");
  activity.set_state(state);
  activity.set_quota(2);
  activity.set_confirmed_count(taken);
  *activity.mutable_start_time() = At(kStart);
  *activity.mutable_end_time() = At(kStart + hours(2));
  return activity;
}

apb::Activity Mine(apb::Activity activity, apb::ParticipationState state, bool in = false,
                   bool out = false) {
  auto* mine = activity.mutable_my_participation();
  mine->set_participation_id("p-1");
  mine->set_state(state);
  if (in) *mine->mutable_check_in_time() = At(kStart);
  if (out) *mine->mutable_check_out_time() = At(kStart + hours(1));
  return activity;
}

TEST(ActivityCardActions, AnActiveVolunteerSignsUpWhilePlacesAreLeftThenJoinsTheWaitingList) {
  Time before = kStart - hours(24);
  EXPECT_EQ(ActivityCardActions(Volunteer(), Activity(0), before), Actions{pb::ACTION_SIGN_UP});
  EXPECT_EQ(ActivityCardActions(Volunteer(), Activity(2), before),
            Actions{pb::ACTION_JOIN_WAITING_LIST});
  // Not to someone not active, nor to an admin (they act from the console), nor without the
  // profile that says who the caller is.
  EXPECT_EQ(ActivityCardActions(Volunteer(vpb::VOLUNTEER_STATUS_SUSPENDED), Activity(), before),
            Actions{});
  EXPECT_EQ(ActivityCardActions(Viewer{Principal{"a", Role::kCommunityAdmin, {"411502001001"}},
                                       std::nullopt, std::nullopt},
                                Activity(), before),
            Actions{});
  EXPECT_EQ(ActivityCardActions(
                Viewer{Principal{"v-1", Role::kVolunteer, {}}, std::nullopt, std::nullopt},
                Activity(), before),
            Actions{});
  // Again after a cancellation or a rejection.
  for (auto over : {apb::PARTICIPATION_STATE_CANCELLED, apb::PARTICIPATION_STATE_REJECTED}) {
    EXPECT_EQ(ActivityCardActions(Volunteer(), Mine(Activity(), over), before),
              Actions{pb::ACTION_SIGN_UP});
  }
}

TEST(ActivityCardActions, SignUpClosesAtTheDeadlineTheStartAndForNonMembersOfAPartyActivity) {
  apb::Activity activity = Activity();
  *activity.mutable_signup_deadline() = At(kStart - hours(2));
  EXPECT_EQ(ActivityCardActions(Volunteer(), activity, kStart - hours(2)),
            Actions{pb::ACTION_SIGN_UP});
  EXPECT_EQ(ActivityCardActions(Volunteer(), activity, kStart - hours(2) + minutes(1)), Actions{});
  EXPECT_EQ(ActivityCardActions(Volunteer(), Activity(), kStart), Actions{});
  for (auto state :
       {apb::ACTIVITY_STATE_DRAFT, apb::ACTIVITY_STATE_RUNNING, apb::ACTIVITY_STATE_ENDED,
        apb::ACTIVITY_STATE_CANCELLED, apb::ACTIVITY_STATE_RECORDS_CONFIRMED}) {
    EXPECT_EQ(ActivityCardActions(Volunteer(), Activity(0, state), kStart - hours(1)), Actions{})
        << state;
  }
  apb::Activity party = Activity();
  party.mutable_requirements()->set_party_members_only(true);
  EXPECT_EQ(ActivityCardActions(Volunteer(), party, kStart - hours(1)), Actions{});
  EXPECT_EQ(
      ActivityCardActions(Volunteer(vpb::VOLUNTEER_STATUS_ACTIVE, true), party, kStart - hours(1)),
      Actions{pb::ACTION_SIGN_UP});
}

TEST(ActivityCardActions, ASignUpIsCancelledBeforeTheStartAndAPlaceChecksInThenOut) {
  for (auto waiting : {apb::PARTICIPATION_STATE_PENDING, apb::PARTICIPATION_STATE_WAITLISTED}) {
    EXPECT_EQ(ActivityCardActions(Volunteer(), Mine(Activity(2), waiting), kStart - hours(1)),
              Actions{pb::ACTION_CANCEL_SIGN_UP});
    // Waiting holds no place: no check-in, not even in the window.
    EXPECT_EQ(ActivityCardActions(Volunteer(), Mine(Activity(2), waiting), kStart - minutes(10)),
              Actions{pb::ACTION_CANCEL_SIGN_UP});
  }
  auto placed = Mine(Activity(1), apb::PARTICIPATION_STATE_CONFIRMED);
  EXPECT_EQ(ActivityCardActions(Volunteer(), placed, kStart - hours(1)),
            Actions{pb::ACTION_CANCEL_SIGN_UP});
  // The window opens 30 minutes before the start.
  EXPECT_EQ(ActivityCardActions(Volunteer(), placed, kStart - minutes(30)),
            (Actions{pb::ACTION_CANCEL_SIGN_UP, pb::ACTION_CHECK_IN}));
  auto running = Mine(Activity(1, apb::ACTIVITY_STATE_RUNNING), apb::PARTICIPATION_STATE_CONFIRMED);
  EXPECT_EQ(ActivityCardActions(Volunteer(), running, kStart + hours(1)),
            Actions{pb::ACTION_CHECK_IN});
  auto in =
      Mine(Activity(1, apb::ACTIVITY_STATE_RUNNING), apb::PARTICIPATION_STATE_CONFIRMED, true);
  EXPECT_EQ(ActivityCardActions(Volunteer(), in, kStart + hours(1)), Actions{pb::ACTION_CHECK_OUT});
  // …and closes 30 minutes after the end.
  auto ended =
      Mine(Activity(1, apb::ACTIVITY_STATE_ENDED), apb::PARTICIPATION_STATE_CONFIRMED, true);
  EXPECT_EQ(ActivityCardActions(Volunteer(), ended, kStart + hours(2) + minutes(30)),
            Actions{pb::ACTION_CHECK_OUT});
  EXPECT_EQ(ActivityCardActions(Volunteer(), ended, kStart + hours(2) + minutes(31)), Actions{});
  auto out = Mine(Activity(1, apb::ACTIVITY_STATE_RUNNING), apb::PARTICIPATION_STATE_CONFIRMED,
                  true, true);
  EXPECT_EQ(ActivityCardActions(Volunteer(), out, kStart + hours(1)), Actions{});
  // Nothing once the roster is confirmed or the activity cancelled.
  for (auto state : {apb::ACTIVITY_STATE_RECORDS_CONFIRMED, apb::ACTIVITY_STATE_CANCELLED}) {
    EXPECT_EQ(ActivityCardActions(Volunteer(),
                                  Mine(Activity(1, state), apb::PARTICIPATION_STATE_CONFIRMED),
                                  kStart + hours(1)),
              Actions{})
        << state;
  }
  EXPECT_EQ(ActivityCardActions(Volunteer(),
                                Mine(Activity(1, apb::ACTIVITY_STATE_RECORDS_CONFIRMED),
                                     apb::PARTICIPATION_STATE_ATTENDED, true, true),
                                kStart + hours(1)),
            Actions{});
}

}  // namespace
}  // namespace tongxin::gateway
