// activities_grpc_test: what a review of the first version found — a typed code cannot be found
// by trying, a code is used once, sign-ups racing cancellations leave no place free while someone
// waits, nobody is promoted without their say after the start, and a volunteer's list shows the
// latest activity first.
#include <set>

#include "absl/strings/str_format.h"
#include "tests/activities/activities_test.h"

namespace tongxin::activities {
namespace {

void ExpectRefused(const grpc::Status& status, grpc::StatusCode code, const std::string& says) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_NE(status.error_message().find(says), std::string::npos) << status.error_message();
}

TEST_F(ActivitiesTest, WrongCodesLockTheVolunteerOutWhateverTheirRequestIds) {
  pb::Activity activity = NewActivity(5);
  const std::string id = activity.activity_id();
  std::string guesser = NewVolunteer();
  std::string honest = NewVolunteer();
  MustSignUp(id, guesser);
  MustSignUp(id, honest);
  clock_->Advance(std::chrono::minutes(45));  // the window is open
  // Every code of the last 20 steps is genuine (valid or recognised as expired): not a guess.
  std::set<std::string> genuine;
  for (int k = 0; k <= 20; ++k) {
    genuine.insert(
        MakeCheckinCode(testing::kTestCheckinKey, id, Now() - std::chrono::seconds(30 * k)).digits);
  }
  std::vector<std::string> guesses;
  for (int n = 0; guesses.size() < 5; ++n) {
    std::string guess = absl::StrFormat("%06d", n);
    if (!genuine.contains(guess)) guesses.push_back(guess);
  }
  pb::Participation p;
  // Each guess a fresh request id: counted all the same, the fifth locks the guesser out.
  for (int i = 0; i < 4; ++i) {
    ExpectRefused(Attend(true, id, guesser, guesses[i], &p), grpc::StatusCode::INVALID_ARGUMENT,
                  "does not match");
  }
  ExpectRefused(Attend(true, id, guesser, guesses[4], &p), grpc::StatusCode::FAILED_PRECONDITION,
                "too many wrong codes; ask the organiser to correct your time");
  EXPECT_EQ(Database().Scalar("SELECT misses FROM checkin_code_misses WHERE activity_id = '" + id +
                              "' AND volunteer_id = '" + guesser + "'"),
            "5");
  // The right code does not help any more; the organiser corrects the time instead.
  ExpectRefused(Attend(true, id, guesser, ScreenCode(id), &p),
                grpc::StatusCode::FAILED_PRECONDITION, "too many wrong codes");
  // Someone else at the same activity is not locked out by it.
  ASSERT_TRUE(Attend(true, id, honest, ScreenCode(id), &p).ok());
}

TEST_F(ActivitiesTest, ACodeIsUsedOnceAndTheScreenMovesOn) {
  pb::Activity activity = NewActivity(5);
  const std::string id = activity.activity_id();
  std::string there = NewVolunteer();
  std::string friend_at_home = NewVolunteer();
  MustSignUp(id, there);
  MustSignUp(id, friend_at_home);
  clock_->Advance(std::chrono::minutes(45));
  pb::CheckinCode code = ScreenCodes(id);
  pb::Participation p;
  ASSERT_TRUE(Attend(true, id, there, code.digits(), &p).ok());
  // The code forwarded to a friend: spent, typed or scanned.
  ExpectRefused(Attend(true, id, friend_at_home, code.digits(), &p),
                grpc::StatusCode::FAILED_PRECONDITION,
                "this code was already used by another volunteer — scan the current code");
  ExpectRefused(Attend(true, id, friend_at_home, code.payload(), &p),
                grpc::StatusCode::FAILED_PRECONDITION, "already used by another volunteer");
  // Nor does its user spend it twice; a minute later it has expired as well.
  ExpectRefused(Attend(false, id, there, code.digits(), &p), grpc::StatusCode::FAILED_PRECONDITION,
                "you used this code already");
  clock_->Advance(std::chrono::seconds(60));
  ExpectRefused(Attend(false, id, there, code.digits(), &p), grpc::StatusCode::FAILED_PRECONDITION,
                "expired");
  clock_->Advance(std::chrono::minutes(60));
  // The screen shows the next code, good for the next volunteer once.
  pb::CheckinCode next = ScreenCodes(id);
  EXPECT_NE(next.payload(), code.payload());
  ASSERT_TRUE(Attend(true, id, friend_at_home, next.payload(), &p).ok());
  ExpectRefused(Attend(false, id, there, next.digits(), &p), grpc::StatusCode::FAILED_PRECONDITION,
                "already used by another volunteer");
  ASSERT_TRUE(Attend(false, id, there, ScreenCode(id), &p).ok());
  EXPECT_EQ(Database().Scalar("SELECT code_uses || '/' || (SELECT count(*) FROM checkin_code_uses "
                              "WHERE activity_id = a.activity_id) FROM activities a WHERE "
                              "activity_id = '" +
                              id + "'"),
            "3/3");
}

TEST_F(ActivitiesTest, SignUpsRacingCancellationsLeaveNoPlaceFreeWhileSomeoneWaits) {
  constexpr int kQuota = 10;
  constexpr int kNewcomers = 30;
  pb::Activity activity = NewActivity(kQuota);
  const std::string id = activity.activity_id();
  std::vector<std::string> holders = NewPeople(kQuota, [] { return NewVolunteer(); });
  std::vector<std::string> newcomers = NewPeople(kNewcomers, [] { return NewVolunteer(); });
  std::vector<pb::Participation> held;
  for (const auto& holder : holders) held.push_back(MustSignUp(id, holder));
  std::vector<pb::Participation> got(kQuota + kNewcomers);
  RaceResult race = Race(kQuota + kNewcomers, [&](int i) {
    if (i < kQuota) return Cancel(held[i].participation_id(), Self(holders[i]), &got[i]);
    return SignUp(id, newcomers[i - kQuota], &got[i]);
  });
  EXPECT_EQ(race.ok, kQuota + kNewcomers);
  // Every place freed went to someone: none left while anyone waits.
  std::string counts = Database().Scalar(
      "SELECT confirmed || '/' || waitlisted FROM activities WHERE activity_id = '" + id + "'");
  EXPECT_EQ(counts, "10/20");
  EXPECT_EQ(Database().Scalar("SELECT count(*) FILTER (WHERE state = 2) || '/' || count(*) "
                              "FILTER (WHERE state = 3) FROM participations WHERE activity_id = '" +
                              id + "'"),
            counts);
}

TEST_F(ActivitiesTest, NobodyIsPromotedAfterTheStartNorMadeLateByAPromotion) {
  // Promoted after the cancellation deadline: their own later cancellation is not late.
  pb::Activity draft = Draft(Now() + std::chrono::hours(3), std::chrono::minutes(60), 1);
  *draft.mutable_cancellation_deadline() = Ts(Now() + std::chrono::hours(1));
  pb::Activity activity = Publish(draft);
  std::string holder = NewVolunteer();
  std::string waiter = NewVolunteer();
  pb::Participation held = MustSignUp(activity.activity_id(), holder);
  pb::Participation waiting = MustSignUp(activity.activity_id(), waiter);
  clock_->Advance(std::chrono::minutes(90));  // past the cancellation deadline
  pb::Participation out;
  ASSERT_TRUE(Cancel(held.participation_id(), Self(holder), &out).ok());
  EXPECT_TRUE(out.late_cancellation());
  EXPECT_EQ(Mine(activity.activity_id(), waiter).state(), pb::PARTICIPATION_STATE_CONFIRMED);
  ASSERT_TRUE(Cancel(waiting.participation_id(), Self(waiter), &out).ok());
  EXPECT_FALSE(out.late_cancellation());
  EXPECT_EQ(Credit(waiter).late_cancellations(), 0);

  // After the start a freed place stays free: the first waiting is not made a no-show.
  pb::Activity started = NewActivity(1);
  const std::string id = started.activity_id();
  std::string present = NewVolunteer();
  std::string hoping = NewVolunteer();
  pb::Participation present_p = MustSignUp(id, present);
  MustSignUp(id, hoping);
  clock_->Advance(std::chrono::minutes(70));  // running
  ASSERT_TRUE(Cancel(present_p.participation_id(), AdminA(), &out).ok());
  EXPECT_EQ(Mine(id, hoping).state(), pb::PARTICIPATION_STATE_WAITLISTED);
  clock_->Advance(std::chrono::minutes(150));  // the window has closed
  ConfirmRoster(id);
  EXPECT_EQ(Mine(id, hoping).state(), pb::PARTICIPATION_STATE_WAITLISTED);
  EXPECT_EQ(Credit(hoping).no_shows(), 0);
}

TEST_F(ActivitiesTest, AVolunteersListShowsTheLatestActivityFirst) {
  pb::Activity later = Publish(Draft(Now() + std::chrono::hours(5), std::chrono::minutes(60), 3));
  pb::Activity sooner = Publish(Draft(Now() + std::chrono::hours(2), std::chrono::minutes(60), 3));
  std::string me = NewVolunteer();
  MustSignUp(later.activity_id(), me);  // signed up first, for the later one
  MustSignUp(sooner.activity_id(), me);
  pb::ListParticipationsRequest request;
  request.set_volunteer_id(me);
  request.set_page_size(1);
  pb::ListParticipationsResponse page;
  ASSERT_TRUE(Call(&Stub::ListParticipations, Self(me), request, &page).ok());
  ASSERT_EQ(page.participations_size(), 1);
  EXPECT_EQ(page.participations(0).activity_id(), later.activity_id());
  request.set_page_token(page.next_page_token());
  ASSERT_TRUE(Call(&Stub::ListParticipations, Self(me), request, &page).ok());
  ASSERT_EQ(page.participations_size(), 1);
  EXPECT_EQ(page.participations(0).activity_id(), sooner.activity_id());
}

}  // namespace
}  // namespace tongxin::activities
