// activities_grpc_test: sign-up against the quota (a 200-way race: exactly the quota, the rest
// waiting in order), promotion on cancellation, late cancellations, approval, requirements.
#include <set>

#include "tests/activities/activities_test.h"

namespace tongxin::activities {
namespace {

TEST_F(ActivitiesTest, TwoHundredRacingSignUpsFillTheQuotaAndWaitInOrder) {
  constexpr int kQuota = 12;
  constexpr int kVolunteers = 200;
  std::vector<std::string> people = NewPeople(kVolunteers, [] { return NewVolunteer(); });
  pb::Activity activity = NewActivity(kQuota);
  std::vector<pb::Participation> got(kVolunteers);
  RaceResult race =
      Race(kVolunteers, [&](int i) { return SignUp(activity.activity_id(), people[i], &got[i]); });
  EXPECT_EQ(race.ok, kVolunteers);
  EXPECT_EQ(race.other, 0);
  int confirmed = 0;
  std::set<int> positions;
  for (const auto& p : got) {
    if (p.state() == pb::PARTICIPATION_STATE_CONFIRMED) ++confirmed;
    if (p.state() == pb::PARTICIPATION_STATE_WAITLISTED) positions.insert(p.waitlist_position());
  }
  EXPECT_EQ(confirmed, kQuota);
  // Each waiting volunteer heard a distinct place, 1 to 188: the order they queued in.
  EXPECT_EQ(positions.size(), static_cast<size_t>(kVolunteers - kQuota));
  EXPECT_EQ(*positions.begin(), 1);
  EXPECT_EQ(*positions.rbegin(), kVolunteers - kQuota);
  EXPECT_EQ(Database().Scalar("SELECT confirmed || '/' || waitlisted FROM activities WHERE "
                              "activity_id = '" +
                              activity.activity_id() + "'"),
            "12/188");

  // A place freed goes to the first waiting, and everyone behind moves up one.
  const pb::Participation* holder = nullptr;
  const pb::Participation* first = nullptr;
  const pb::Participation* second = nullptr;
  for (const auto& p : got) {
    if (p.state() == pb::PARTICIPATION_STATE_CONFIRMED && !holder) holder = &p;
    if (p.waitlist_position() == 1) first = &p;
    if (p.waitlist_position() == 2) second = &p;
  }
  ASSERT_TRUE(holder && first && second);
  pb::Participation cancelled;
  ASSERT_TRUE(Cancel(holder->participation_id(), Self(holder->volunteer_id()), &cancelled).ok());
  EXPECT_EQ(cancelled.state(), pb::PARTICIPATION_STATE_CANCELLED);
  EXPECT_FALSE(cancelled.late_cancellation());  // no deadline set
  EXPECT_EQ(Mine(activity.activity_id(), first->volunteer_id()).state(),
            pb::PARTICIPATION_STATE_CONFIRMED);
  EXPECT_EQ(Mine(activity.activity_id(), second->volunteer_id()).waitlist_position(), 1);
  // A waiting volunteer leaving frees nobody's place: the holders stay as they are.
  ASSERT_TRUE(Cancel(second->participation_id(), Self(second->volunteer_id()), &cancelled).ok());
  EXPECT_EQ(Database().Scalar("SELECT confirmed || '/' || waitlisted FROM activities WHERE "
                              "activity_id = '" +
                              activity.activity_id() + "'"),
            "12/186");
}

TEST_F(ActivitiesTest, SignUpOnceAndOnlyForThemself) {
  pb::Activity activity = NewActivity(2);
  std::string me = NewVolunteer();
  std::string other = NewVolunteer();
  pb::Participation p = MustSignUp(activity.activity_id(), me);
  EXPECT_EQ(SignUp(activity.activity_id(), me, &p).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  pb::SignUpRequest for_other;
  for_other.set_request_id(NextId());
  for_other.set_activity_id(activity.activity_id());
  for_other.set_volunteer_id(other);
  EXPECT_EQ(Call(&Stub::SignUp, Self(me), for_other, &p).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An admin in scope signs a volunteer up; one of another community may not.
  EXPECT_EQ(Call(&Stub::SignUp, AdminB(), for_other, &p).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::SignUp, AdminA(), for_other, &p).ok());
  EXPECT_EQ(p.volunteer_id(), other);
}

TEST_F(ActivitiesTest, LateCancellationIsCountedAndTheActivityStartClosesCancellation) {
  pb::Activity draft = Draft(Now() + std::chrono::hours(3), std::chrono::minutes(60), 5);
  *draft.mutable_cancellation_deadline() = Ts(Now() + std::chrono::hours(1));
  pb::Activity activity = Publish(draft);
  std::string early = NewVolunteer();
  std::string late = NewVolunteer();
  std::string stays = NewVolunteer();
  pb::Participation early_p = MustSignUp(activity.activity_id(), early);
  pb::Participation late_p = MustSignUp(activity.activity_id(), late);
  pb::Participation stays_p = MustSignUp(activity.activity_id(), stays);
  pb::Participation out;
  ASSERT_TRUE(Cancel(early_p.participation_id(), Self(early), &out).ok());
  EXPECT_FALSE(out.late_cancellation());
  clock_->Advance(std::chrono::minutes(90));  // past the cancellation deadline
  ASSERT_TRUE(Cancel(late_p.participation_id(), Self(late), &out).ok());
  EXPECT_TRUE(out.late_cancellation());
  EXPECT_EQ(Credit(late).late_cancellations(), 1);
  EXPECT_EQ(Credit(early).late_cancellations(), 0);
  EXPECT_EQ(Cancel(late_p.participation_id(), Self(late), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  clock_->Advance(std::chrono::minutes(120));  // started
  EXPECT_EQ(Cancel(stays_p.participation_id(), Self(stays), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  pb::Participation again;
  EXPECT_EQ(SignUp(activity.activity_id(), early, &again).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // sign-up closed at the start
}

TEST_F(ActivitiesTest, ApprovalTakesAPlaceOrAPlaceInTheQueue) {
  pb::Activity draft = Draft(Now() + std::chrono::hours(2), std::chrono::minutes(60), 1);
  draft.set_requires_approval(true);
  pb::Activity activity = Publish(draft);
  std::string a = NewVolunteer();
  std::string b = NewVolunteer();
  std::string c = NewVolunteer();
  pb::Participation pa = MustSignUp(activity.activity_id(), a);
  pb::Participation pb_ = MustSignUp(activity.activity_id(), b);
  pb::Participation pc = MustSignUp(activity.activity_id(), c);
  EXPECT_EQ(pa.state(), pb::PARTICIPATION_STATE_PENDING);
  pb::ReviewSignUpRequest review;
  review.set_request_id(NextId());
  review.set_participation_id(pa.participation_id());
  pb::Participation out;
  EXPECT_EQ(Call(&Stub::ApproveSignUp, Self(a), review, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ApproveSignUp, AdminA(), review, &out).ok());
  EXPECT_EQ(out.state(), pb::PARTICIPATION_STATE_CONFIRMED);
  review.set_request_id(NextId());
  review.set_participation_id(pb_.participation_id());
  ASSERT_TRUE(Call(&Stub::ApproveSignUp, AdminA(), review, &out).ok());
  EXPECT_EQ(out.state(), pb::PARTICIPATION_STATE_WAITLISTED);
  EXPECT_EQ(out.waitlist_position(), 1);
  review.set_request_id(NextId());
  review.set_participation_id(pc.participation_id());
  EXPECT_EQ(Call(&Stub::RejectSignUp, AdminA(), review, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // a reason is required
  review.set_reason("名额已满");
  ASSERT_TRUE(Call(&Stub::RejectSignUp, AdminA(), review, &out).ok());
  EXPECT_EQ(out.state(), pb::PARTICIPATION_STATE_REJECTED);
  // The place holder leaves: the approved one waiting takes it.
  ASSERT_TRUE(Cancel(pa.participation_id(), Self(a), &out).ok());
  EXPECT_EQ(Mine(activity.activity_id(), b).state(), pb::PARTICIPATION_STATE_CONFIRMED);
}

TEST_F(ActivitiesTest, RequirementsComeFromTheVolunteerService) {
  pb::Activity draft = Draft(Now() + std::chrono::hours(2), std::chrono::minutes(60), 5);
  draft.mutable_requirements()->set_party_members_only(true);
  draft.mutable_requirements()->set_min_age(18);
  pb::Activity activity = Publish(draft);
  pb::Participation p;
  grpc::Status masses = SignUp(activity.activity_id(), NewVolunteer(false), &p);
  EXPECT_EQ(masses.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(masses.error_message().find("party members"), std::string::npos);
  // Born in 2009: 17 in 2026.
  grpc::Status young = SignUp(activity.activity_id(), NewVolunteer(true, 2009), &p);
  EXPECT_EQ(young.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(young.error_message().find("18"), std::string::npos);
  EXPECT_TRUE(SignUp(activity.activity_id(), NewVolunteer(true, 2008), &p).ok());
}

TEST_F(ActivitiesTest, DraftsAreTheOrganisersAndListsCarryMyState) {
  pb::Activity draft = Create(Draft(Now() + std::chrono::hours(5), std::chrono::minutes(60), 3));
  EXPECT_EQ(draft.state(), pb::ACTIVITY_STATE_DRAFT);
  std::string me = NewVolunteer();
  pb::GetActivityRequest get;
  get.set_activity_id(draft.activity_id());
  pb::Activity seen;
  EXPECT_EQ(Call(&Stub::GetActivity, Self(me), get, &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Call(&Stub::GetActivity, AdminA(), get, &seen).ok());
  pb::Activity published = NewActivity(3);
  MustSignUp(published.activity_id(), me);
  pb::ListActivitiesRequest list;
  list.set_region_id(kCommunityA);
  list.set_page_size(200);
  pb::ListActivitiesResponse listed;
  ASSERT_TRUE(Call(&Stub::ListActivities, Self(me), list, &listed).ok());
  bool found = false;
  for (const auto& a : listed.activities()) {
    EXPECT_NE(a.activity_id(), draft.activity_id());
    if (a.activity_id() == published.activity_id()) {
      found = true;
      EXPECT_EQ(a.my_participation().state(), pb::PARTICIPATION_STATE_CONFIRMED);
    }
  }
  EXPECT_TRUE(found);
  list.set_include_all(true);
  EXPECT_EQ(Call(&Stub::ListActivities, Self(me), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace tongxin::activities
