// activities_grpc_test: the roster confirmed after the end — attendances, no-shows, hours capped
// per China day over midnight and across activities — and the records and points it sends
// arriving exactly once, also when the points service was down.
#include "services/activities/grpc/mapping.h"
#include "tests/activities/activities_test.h"

namespace tongxin::activities {
namespace {

// The next instant after `after` at which China's clocks read `hour`:00, `days_later` days on.
Time NextChinaHour(Time after, int hour, int days_later = 0) {
  std::tm tm = ChinaCivilTime(after);
  tm.tm_mday += 1 + days_later;
  tm.tm_hour = hour;
  tm.tm_min = 0;
  tm.tm_sec = 0;
  return FromChinaCivilTime(tm);
}

TEST_F(ActivitiesTest, ConfirmedHoursAndPointsArriveOnceAlsoWhenPointsWasDown) {
  pb::Activity activity = NewActivity(5);
  const std::string id = activity.activity_id();
  std::string present = NewVolunteer(true);
  std::string absent = NewVolunteer();
  MustSignUp(id, present);
  MustSignUp(id, absent);
  clock_->Advance(std::chrono::minutes(60));  // the start
  pb::Participation p;
  ASSERT_TRUE(Attend(true, id, present, ScreenCode(id), &p).ok());
  pb::ConfirmRosterRequest early;
  early.set_request_id(NextId());
  early.set_activity_id(id);
  pb::Activity refused;
  EXPECT_EQ(Call(&Stub::ConfirmRoster, AdminA(), early, &refused).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // still running
  clock_->Advance(std::chrono::minutes(100));
  ASSERT_TRUE(Attend(false, id, present, ScreenCode(id), &p).ok());
  clock_->Advance(std::chrono::minutes(25));  // ended

  // The points service is down when the roster is confirmed: the confirmation still succeeds.
  const std::string down_target = neighbours_->points().server.target();
  neighbours_->points().server.Stop();
  pb::ConfirmRosterRequest confirm;
  confirm.set_request_id(NextId());
  confirm.set_activity_id(id);
  pb::Activity confirmed;
  ASSERT_TRUE(Call(&Stub::ConfirmRoster, AdminA(), confirm, &confirmed).ok());
  EXPECT_EQ(confirmed.state(), pb::ACTIVITY_STATE_RECORDS_CONFIRMED);
  EXPECT_EQ(Mine(id, present).state(), pb::PARTICIPATION_STATE_ATTENDED);
  EXPECT_DOUBLE_EQ(Mine(id, present).hours(), 1.5);  // 100 minutes, rounded down
  EXPECT_EQ(Mine(id, absent).state(), pb::PARTICIPATION_STATE_NO_SHOW);
  EXPECT_EQ(Credit(absent).no_shows(), 1);
  EXPECT_EQ(Credit(present).attendances(), 1);
  EXPECT_DOUBLE_EQ(Credit(present).hours(), 1.5);
  // The same request again: the same answer; another: refused, the roster is confirmed once.
  EXPECT_TRUE(Call(&Stub::ConfirmRoster, AdminA(), confirm, &confirmed).ok());
  confirm.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::ConfirmRoster, AdminA(), confirm, &refused).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  EXPECT_GE(Relay(down_target), 1);  // the hours reach the volunteer service
  EXPECT_DOUBLE_EQ(Hours(present), 1.5);
  EXPECT_EQ(Database().Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND "
                              "destination = 'points' AND attempts > 0"),
            "1");
  neighbours_->RestartPoints();
  EXPECT_EQ(Relay(neighbours_->points().server.target()), 1);
  long long points = Points(present);
  EXPECT_GT(points, 0);
  // Delivered again (a relay killed before it marked them): the effects stay once.
  ForgetDeliveries();
  Relay(neighbours_->points().server.target());
  EXPECT_DOUBLE_EQ(Hours(present), 1.5);
  EXPECT_EQ(Points(present), points);
  EXPECT_DOUBLE_EQ(Hours(absent), 0);
}

TEST_F(ActivitiesTest, HoursAreCappedPerChinaDayOverMidnightAndAcrossActivities) {
  // Day D (China): 06:00–14:00 (8 h), 15:00–17:00 (2 h), then 22:00 to 01:00 on D+1 (3 h).
  Time morning = NextChinaHour(Now(), 6, 1);
  pb::Activity long_one = Publish(Draft(morning, std::chrono::hours(8), 5));
  pb::Activity afternoon = Publish(Draft(NextChinaHour(Now(), 15, 1), std::chrono::hours(2), 5));
  pb::Activity night = Publish(Draft(NextChinaHour(Now(), 22, 1), std::chrono::hours(3), 5));
  std::string me = NewVolunteer();
  for (const auto* a : {&long_one, &afternoon, &night}) MustSignUp(a->activity_id(), me);
  auto attend = [&](const pb::Activity& a) {
    pb::Participation p;
    clock_->Set(FromProto(a.start_time(), true).value());
    ASSERT_TRUE(Attend(true, a.activity_id(), me, ScreenCode(a.activity_id()), &p).ok());
    clock_->Set(FromProto(a.end_time(), true).value());
    ASSERT_TRUE(Attend(false, a.activity_id(), me, ScreenCode(a.activity_id()), &p).ok());
    ConfirmRoster(a.activity_id());
  };
  attend(long_one);
  EXPECT_DOUBLE_EQ(Mine(long_one.activity_id(), me).hours(), 8);
  attend(afternoon);
  pb::Participation capped = Mine(afternoon.activity_id(), me);
  EXPECT_EQ(capped.state(), pb::PARTICIPATION_STATE_ATTENDED);
  EXPECT_DOUBLE_EQ(capped.hours(), 0);  // the day's 8 hours were used
  EXPECT_NE(capped.hours_explanation().find("每日上限"), std::string::npos)
      << capped.hours_explanation();
  attend(night);
  pb::Participation over_midnight = Mine(night.activity_id(), me);
  EXPECT_DOUBLE_EQ(over_midnight.hours(), 1);  // only the hour after midnight counts
  EXPECT_NE(over_midnight.hours_explanation().find("跨越午夜"), std::string::npos)
      << over_midnight.hours_explanation();
  EXPECT_DOUBLE_EQ(Credit(me).hours(), 9);
  // Records: the 8 hours on D, the hour after midnight dated D+1; nothing for the capped one.
  Relay(neighbours_->points().server.target());
  EXPECT_DOUBLE_EQ(Hours(me), 9);
  EXPECT_EQ(Database().Scalar("SELECT string_agg(service_date::text || '=' || hours, ',' ORDER BY "
                              "service_date) FROM credited_days WHERE volunteer_id = '" +
                              me + "'"),
            ChinaDate(morning) + "=8," + ChinaDate(morning + std::chrono::hours(24)) + "=1");
}

}  // namespace
}  // namespace tongxin::activities
