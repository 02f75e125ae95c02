// The activities service's pure rules, without PostgreSQL or a server: hours at the edges (over
// midnight in China, the daily and per-activity caps, rounding down to the half hour), the
// check-in code (steps, forms, forgery, another activity), the fence and the derived states.
#include <gtest/gtest.h>

#include "services/activities/domain/activity.h"
#include "services/activities/domain/checkin_code.h"
#include "services/activities/domain/hours.h"
#include "services/activities/events.h"
#include "services/common/clock.h"

namespace tongxin::activities {
namespace {

// China's wall clock on 2026-06-DD at HH:MM.
Time China(int day, int hour, int minute = 0) {
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 5;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return FromChinaCivilTime(tm);
}

HoursInput Attendance(Time in, Time out, Time start, Time end) {
  HoursInput input;
  input.check_in = in;
  input.check_out = out;
  input.start = start;
  input.end = end;
  return input;
}

TEST(HoursTest, RoundedDownToTheHalfHour) {
  EXPECT_DOUBLE_EQ(
      ComputeHours(Attendance(China(15, 9), China(15, 11, 29), China(15, 9), China(15, 12))).hours,
      2.0);
  EXPECT_DOUBLE_EQ(
      ComputeHours(Attendance(China(15, 9), China(15, 11, 30), China(15, 9), China(15, 12))).hours,
      2.5);
  // 29 minutes and 59 seconds earn nothing.
  EXPECT_DOUBLE_EQ(ComputeHours(Attendance(China(15, 9), China(15, 9, 30) - std::chrono::seconds(1),
                                           China(15, 9), China(15, 12)))
                       .hours,
                   0);
}

TEST(HoursTest, ClippedToTheActivitysTime) {
  HoursResult early =
      ComputeHours(Attendance(China(15, 8, 30), China(15, 12, 20), China(15, 9), China(15, 11)));
  EXPECT_DOUBLE_EQ(early.hours, 2.0);
  EXPECT_NE(early.explanation.find("按活动时间计 09:00–11:00"), std::string::npos)
      << early.explanation;
  // Entirely outside: nothing.
  EXPECT_DOUBLE_EQ(
      ComputeHours(Attendance(China(15, 12), China(15, 13), China(15, 9), China(15, 11))).hours, 0);
}

TEST(HoursTest, NoCheckInOrNoCheckOutEarnsNothingAndSaysWhy) {
  HoursInput input = Attendance(China(15, 9), China(15, 10), China(15, 9), China(15, 11));
  input.check_out.reset();
  HoursResult no_out = ComputeHours(input);
  EXPECT_DOUBLE_EQ(no_out.hours, 0);
  EXPECT_NE(no_out.explanation.find("未签退"), std::string::npos);
  input.check_in.reset();
  EXPECT_NE(ComputeHours(input).explanation.find("未签到"), std::string::npos);
}

TEST(HoursTest, OverMidnightInChinaEachDayHasItsOwnCap) {
  // 20:00 on the 15th to 06:00 on the 16th, China time (12:00 to 22:00 UTC: one UTC day).
  HoursInput input = Attendance(China(15, 20), China(16, 6), China(15, 20), China(16, 6));
  HoursResult result = ComputeHours(input);
  EXPECT_DOUBLE_EQ(result.hours, 10);
  ASSERT_EQ(result.days.size(), 2u);
  EXPECT_EQ(result.days[0].date, "2026-06-15");
  EXPECT_DOUBLE_EQ(result.days[0].hours, 4);
  EXPECT_EQ(result.days[1].date, "2026-06-16");
  EXPECT_DOUBLE_EQ(result.days[1].hours, 6);
  EXPECT_EQ(ServiceDate(result, input.start), "2026-06-15");
  // The 15th already has 7 hours elsewhere: 1 hour that day, 6 the next.
  input.credited_elsewhere["2026-06-15"] = 7;
  result = ComputeHours(input);
  EXPECT_DOUBLE_EQ(result.hours, 7);
  EXPECT_DOUBLE_EQ(result.days[0].hours, 1);
  EXPECT_NE(result.explanation.find("其他活动已计 7.0小时"), std::string::npos)
      << result.explanation;
  // The 15th is full: the service date is the 16th.
  input.credited_elsewhere["2026-06-15"] = 8;
  result = ComputeHours(input);
  EXPECT_DOUBLE_EQ(result.hours, 6);
  EXPECT_EQ(ServiceDate(result, input.start), "2026-06-16");
}

TEST(HoursTest, DailyCapThenActivityCapThenRounding) {
  // 10 hours on one day: the daily cap (8 by default, configurable) keeps 8.
  HoursInput input = Attendance(China(15, 8), China(15, 18), China(15, 8), China(15, 18));
  EXPECT_DOUBLE_EQ(ComputeHours(input).hours, 8);
  input.daily_cap_hours = 6;
  EXPECT_DOUBLE_EQ(ComputeHours(input).hours, 6);
  // The activity's own cap, below the day's.
  input.max_hours = 3.5;
  HoursResult capped = ComputeHours(input);
  EXPECT_DOUBLE_EQ(capped.hours, 3.5);
  EXPECT_NE(capped.explanation.find("本活动每人最多 3.5小时"), std::string::npos);
  // Elsewhere 5h45m of a 6 h cap: 15 minutes left, rounded down to nothing.
  input.max_hours = 0;
  input.credited_elsewhere["2026-06-15"] = 5.75;
  EXPECT_DOUBLE_EQ(ComputeHours(input).hours, 0);
  // The shares of a rounded total add up to it, first day first.
  HoursInput split = Attendance(China(15, 23, 10), China(16, 0, 50), China(15, 23), China(16, 1));
  HoursResult halves = ComputeHours(split);
  EXPECT_DOUBLE_EQ(halves.hours, 1.5);  // 1 h 40 min
  ASSERT_EQ(halves.days.size(), 2u);
  EXPECT_NEAR(halves.days[0].hours + halves.days[1].hours, 1.5, 1e-9);
  EXPECT_NEAR(halves.days[0].hours, 50.0 / 60, 1e-9);
}

constexpr char kKey[] = "an-hmac-key-of-the-tests-0123456789abcdef";
constexpr char kActivity[] = "7f1c7c64-8a0e-4d59-9f0c-3a4fd1d5c001";
constexpr char kOther[] = "7f1c7c64-8a0e-4d59-9f0c-3a4fd1d5c002";

TEST(CheckinCodeTest, CurrentAndPreviousStepOnly) {
  Time t = China(15, 9) + std::chrono::seconds(5);  // 5 s into a step
  CheckinCode code = MakeCheckinCode(kKey, kActivity, t);
  EXPECT_EQ(code.digits.size(), 6u);
  EXPECT_EQ(code.expire_time, China(15, 9) + std::chrono::seconds(30));
  for (const std::string& form : {code.digits, code.payload}) {
    EXPECT_TRUE(VerifyCheckinCode(kKey, kActivity, form, t).ok());
    EXPECT_TRUE(VerifyCheckinCode(kKey, kActivity, form, t + std::chrono::seconds(54)).ok());
    absl::Status expired = VerifyCheckinCode(kKey, kActivity, form, t + std::chrono::seconds(55));
    EXPECT_EQ(expired.code(), absl::StatusCode::kFailedPrecondition) << form;
    EXPECT_NE(expired.message().find("expired"), std::string::npos);
  }
  // A payload from the future (a screen whose clock is ahead): not valid yet.
  CheckinCode ahead = MakeCheckinCode(kKey, kActivity, t + std::chrono::seconds(60));
  EXPECT_EQ(VerifyCheckinCode(kKey, kActivity, ahead.payload, t).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CheckinCodeTest, ForgedMalformedAndAnotherActivitysAreRefused) {
  Time t = China(15, 9);
  CheckinCode code = MakeCheckinCode(kKey, kActivity, t);
  // Signed with another key: forged.
  CheckinCode other_key = MakeCheckinCode("another-key-of-32-bytes-at-least-0000", kActivity, t);
  EXPECT_EQ(VerifyCheckinCode(kKey, kActivity, other_key.payload, t).code(),
            absl::StatusCode::kInvalidArgument);
  // The step changed without the signature: forged.
  std::string shifted = code.payload;
  shifted.replace(shifted.find('.', 5 + std::string(kActivity).size()) + 1, 1, "9");
  EXPECT_EQ(VerifyCheckinCode(kKey, kActivity, shifted, t).code(),
            absl::StatusCode::kInvalidArgument);
  // Another activity's genuine code.
  CheckinCode other = MakeCheckinCode(kKey, kOther, t);
  EXPECT_EQ(VerifyCheckinCode(kKey, kActivity, other.payload, t).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(VerifyCheckinCode(kKey, kActivity, other.digits, t).code(),
            absl::StatusCode::kInvalidArgument);
  for (const std::string bad : {"", "12345", "1234567", "TXA1.x", "TXA1.a.b.c", "hello world"}) {
    EXPECT_EQ(VerifyCheckinCode(kKey, kActivity, bad, t).code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ActivityRulesTest, FenceAndDerivedStates) {
  // One thousandth of a degree of latitude is about 111 m.
  EXPECT_NEAR(DistanceMeters(34.0, 113.0, 34.001, 113.0), 111.2, 0.5);
  Place place{"x", true, 34.0, 113.0, 100};
  EXPECT_TRUE(CheckInsideFence(place, Position{34.0008, 113.0}).ok());
  EXPECT_EQ(CheckInsideFence(place, Position{34.0012, 113.0}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckInsideFence(place, std::nullopt).code(), absl::StatusCode::kInvalidArgument);
  place.has_coordinates = false;
  EXPECT_TRUE(CheckInsideFence(place, std::nullopt).ok());

  Activity a;
  a.stored_state = ActivityState::kPublished;
  a.start = China(15, 9);
  a.end = China(15, 11);
  EXPECT_EQ(EffectiveState(a, China(15, 8)), ActivityState::kPublished);
  EXPECT_EQ(EffectiveState(a, China(15, 9)), ActivityState::kRunning);
  EXPECT_EQ(EffectiveState(a, China(15, 11)), ActivityState::kEnded);
  EXPECT_TRUE(CheckInWindowOpen(a, China(15, 8, 30)).ok());
  EXPECT_FALSE(CheckInWindowOpen(a, China(15, 8, 29)).ok());
  EXPECT_TRUE(CheckInWindowOpen(a, China(15, 11, 30)).ok());
  EXPECT_FALSE(CheckInWindowOpen(a, China(15, 11, 31)).ok());
  a.stored_state = ActivityState::kRecordsConfirmed;
  EXPECT_EQ(EffectiveState(a, China(15, 12)), ActivityState::kRecordsConfirmed);
  EXPECT_FALSE(CheckInWindowOpen(a, China(15, 10)).ok());
}

TEST(ActivityEventsTest, RecordAndAwardCarryTheAttendanceAndOneReference) {
  ConfirmedAttendance a;
  a.participation.participation_id = "p-1";
  a.participation.volunteer_id = "v-1";
  a.participation.volunteer_name = "张三";
  a.participation.home_community_id = "411502001002";
  a.participation.party_member = true;
  a.activity.organiser_region_id = "411502001";  // a street's activity
  a.activity.title = "防汛值守";
  a.activity.category = "防汛值守";
  a.hours = 2.5;
  a.service_date = "2026-06-15";
  auto record = AttendanceHoursRequest(a);
  EXPECT_EQ(record.source(), volunteer::v1::SERVICE_SOURCE_ACTIVITY);
  EXPECT_EQ(record.source_ref(), "activity:p-1");
  EXPECT_EQ(record.organiser_region_id(), "411502001");
  EXPECT_DOUBLE_EQ(record.hours(), 2.5);
  EXPECT_EQ(record.service_date(), "2026-06-15");
  auto award = AttendancePointsRequest(a);
  EXPECT_EQ(award.source_ref(), "activity:p-1");
  EXPECT_EQ(award.activity(), points::v1::ACTIVITY_POST_SERVICE);
  EXPECT_EQ(award.post_type(), "ACTIVITY");
  // A street's activity pays from the volunteer's home community; a community's from its own.
  EXPECT_EQ(award.community_id(), "411502001002");
  a.activity.organiser_region_id = "411502001001";
  EXPECT_EQ(AttendancePointsRequest(a).community_id(), "411502001001");
}

}  // namespace
}  // namespace tongxin::activities
