// activities_grpc_test: check-in and check-out with the organiser's rotating code, and every
// refusal: outside the window, malformed, made up, forged, another activity's, expired, not
// signed up, no place, no position, outside the fence, twice; and an organiser's correction.
#include "absl/strings/str_format.h"
#include "tests/activities/activities_test.h"

namespace tongxin::activities {
namespace {

void ExpectRefused(const grpc::Status& status, grpc::StatusCode code, const std::string& says) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_NE(status.error_message().find(says), std::string::npos) << status.error_message();
}

const std::pair<double, double> kAtThePlace{kPlaceLat + 0.00045, kPlaceLng};  // ~50 m north
const std::pair<double, double> kAKilometreAway{kPlaceLat + 0.009, kPlaceLng};

TEST_F(ActivitiesTest, EveryRefusalOfACheckInCode) {
  auto fenced = [](int quota) {
    pb::Activity draft = Draft(Now() + std::chrono::hours(1), std::chrono::minutes(120), quota);
    draft.mutable_place()->set_has_coordinates(true);
    draft.mutable_place()->set_latitude(kPlaceLat);
    draft.mutable_place()->set_longitude(kPlaceLng);
    draft.mutable_place()->set_radius_meters(100);
    return draft;
  };
  pb::Activity activity = Publish(fenced(1));
  pb::Activity other = Publish(fenced(1));
  const std::string id = activity.activity_id();
  std::string me = NewVolunteer();
  std::string waiting = NewVolunteer();
  std::string stranger = NewVolunteer();
  MustSignUp(id, me);
  EXPECT_EQ(MustSignUp(id, waiting).state(), pb::PARTICIPATION_STATE_WAITLISTED);
  pb::Participation p;

  // An hour before the start: the screen shows nothing and a valid code is refused.
  pb::GetCheckinCodeRequest screen;
  screen.set_activity_id(id);
  pb::CheckinCode code;
  EXPECT_EQ(Call(&Stub::GetCheckinCode, AdminA(), screen, &code).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ExpectRefused(Attend(true, id, me, MakeCheckinCode(testing::kTestCheckinKey, id, Now()).digits,
                       &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "outside the check-in window");

  clock_->Advance(std::chrono::minutes(45));  // 15 minutes before the start
  // Only admins in scope see the screen.
  EXPECT_EQ(Call(&Stub::GetCheckinCode, Self(me), screen, &code).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetCheckinCode, AdminB(), screen, &code).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::GetCheckinCode, AdminA(), screen, &code).ok());
  EXPECT_EQ(code.digits().size(), 6u);
  EXPECT_EQ(code.step_seconds(), 30);

  ExpectRefused(Attend(true, id, me, "12ab", &p, kAtThePlace), grpc::StatusCode::INVALID_ARGUMENT,
                "malformed");
  ExpectRefused(Attend(true, id, me, "", &p, kAtThePlace), grpc::StatusCode::INVALID_ARGUMENT,
                "code: required");
  std::string made_up = absl::StrFormat("%06d", (std::stoi(code.digits()) + 1) % 1000000);
  ExpectRefused(Attend(true, id, me, made_up, &p, kAtThePlace), grpc::StatusCode::INVALID_ARGUMENT,
                "does not match");
  std::string forged = code.payload();
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ExpectRefused(Attend(true, id, me, forged, &p, kAtThePlace), grpc::StatusCode::INVALID_ARGUMENT,
                "forged");
  // Another activity's screen, genuinely signed: not this activity's.
  screen.set_activity_id(other.activity_id());
  pb::CheckinCode others;
  ASSERT_TRUE(Call(&Stub::GetCheckinCode, AdminA(), screen, &others).ok());
  ExpectRefused(Attend(true, id, me, others.payload(), &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "another activity");
  ExpectRefused(Attend(true, id, me, others.digits(), &p, kAtThePlace),
                grpc::StatusCode::INVALID_ARGUMENT, "does not match");
  // A minute later (two steps) the code has expired, typed or scanned.
  clock_->Advance(std::chrono::seconds(60));
  ExpectRefused(Attend(true, id, me, code.digits(), &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "expired");
  ExpectRefused(Attend(true, id, me, code.payload(), &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "expired");

  // A code forwarded to someone who is not signed up, or holds no place, is refused.
  std::string now_code = ScreenCode(id);
  ExpectRefused(Attend(true, id, stranger, now_code, &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "not signed up");
  ExpectRefused(Attend(true, id, waiting, now_code, &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "holds no place");
  // The fence: a position is required, and must be within 100 m.
  ExpectRefused(Attend(true, id, me, now_code, &p), grpc::StatusCode::INVALID_ARGUMENT,
                "position: required");
  ExpectRefused(Attend(true, id, me, now_code, &p, kAKilometreAway),
                grpc::StatusCode::FAILED_PRECONDITION, "outside the activity's fence");
  // An organiser does not check in for a volunteer.
  pb::CheckInRequest by_admin;
  by_admin.set_request_id(NextId());
  by_admin.set_activity_id(id);
  by_admin.set_code(now_code);
  EXPECT_EQ(Call(&Stub::CheckIn, AdminA(), by_admin, &p).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The previous step's code is still good; then once only.
  clock_->Advance(std::chrono::seconds(30));
  ASSERT_TRUE(Attend(true, id, me, now_code, &p, kAtThePlace).ok());
  EXPECT_TRUE(p.has_check_in_time());
  ExpectRefused(Attend(true, id, me, ScreenCode(id), &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "already checked in");

  // Out after the activity: hours from the start (check-in was before it), shown with why.
  clock_->Advance(std::chrono::minutes(150));  // 15 minutes past the end
  ASSERT_TRUE(Attend(false, id, me, ScreenCode(id), &p, kAtThePlace).ok());
  EXPECT_DOUBLE_EQ(p.hours(), 2.0);
  EXPECT_NE(p.hours_explanation().find("按活动时间"), std::string::npos) << p.hours_explanation();
  ExpectRefused(Attend(false, id, me, ScreenCode(id), &p, kAtThePlace),
                grpc::StatusCode::FAILED_PRECONDITION, "already checked out");
  clock_->Advance(std::chrono::minutes(20));  // the window closed 30 minutes after the end
  screen.set_activity_id(id);
  EXPECT_EQ(Call(&Stub::GetCheckinCode, AdminA(), screen, &code).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ActivitiesTest, AnOrganiserCorrectsTimesWithAReasonThatIsKept) {
  pb::Activity activity = NewActivity(3);
  std::string me = NewVolunteer();
  pb::Participation p = MustSignUp(activity.activity_id(), me);
  Time start = Now() + std::chrono::hours(1);
  pb::CorrectAttendanceRequest request;
  request.set_request_id(NextId());
  request.set_participation_id(p.participation_id());
  *request.mutable_check_in_time() = Ts(start + std::chrono::minutes(10));
  *request.mutable_check_out_time() = Ts(start + std::chrono::minutes(100));
  pb::Participation corrected;
  EXPECT_EQ(Call(&Stub::CorrectAttendance, AdminA(), request, &corrected).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // no reason
  request.set_reason("手机没电，现场登记纸质签到表");
  EXPECT_EQ(Call(&Stub::CorrectAttendance, AdminB(), request, &corrected).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CorrectAttendance, Self(me), request, &corrected).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CorrectAttendance, AdminA(), request, &corrected).ok());
  ASSERT_EQ(corrected.corrections_size(), 1);
  EXPECT_EQ(corrected.corrections(0).reason(), "手机没电，现场登记纸质签到表");
  EXPECT_FALSE(corrected.corrections(0).has_previous_check_in_time());
  EXPECT_DOUBLE_EQ(corrected.hours(), 1.5);  // 90 minutes
  // Outside the window: refused, naming the field.
  request.set_request_id(NextId());
  *request.mutable_check_in_time() = Ts(start - std::chrono::hours(2));
  grpc::Status early = Call(&Stub::CorrectAttendance, AdminA(), request, &corrected);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(early.error_message().find("check_in_time"), std::string::npos);
}

}  // namespace
}  // namespace tongxin::activities
