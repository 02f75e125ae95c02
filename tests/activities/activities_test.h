// The fixture of activities_grpc_test (one binary, several files, one suite): the activities
// service built by ActivitiesStack beside the real volunteer and points services, and what its
// tests do through the API — create and publish an activity, sign up, check in with the code on
// the organiser's screen, confirm the roster.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "services/activities/activities_service.h"
#include "services/activities/domain/checkin_code.h"
#include "tests/support/activities_stack.h"
#include "tests/support/region_service_test.h"

namespace tongxin::activities {

using testing::kCommunityA;
using testing::kCommunityB;
using testing::kStreet;

// The place of the tests' activities: 河南路社区党群服务中心 (a made-up point in Henan).
inline constexpr double kPlaceLat = 34.7466;
inline constexpr double kPlaceLng = 113.6253;

class ActivitiesTest
    : public testing::RegionServiceTest<pb::ActivitiesService, testing::ActivitiesStack> {
 protected:
  static void SetUpTestSuite() { SetUpServices("activities", "五星街道"); }
  static void TearDownTestSuite() { TearDownServices(); }

  static testing::TestDatabase& Database() { return stack_->database; }
  static Time Now() { return clock_->Now(); }

  // A new active volunteer of community A (a party member when asked), born in `birth_year`.
  static std::string NewVolunteer(bool party_member = false, int birth_year = 1985) {
    return neighbours_->RegisterVolunteer(NextPerson(), "志愿者",
                                          std::to_string(birth_year) + "0101", "1370000",
                                          kCommunityA, party_member);
  }

  static google::protobuf::Timestamp Ts(Time t) {
    google::protobuf::Timestamp ts;
    SetTimestamp(&ts, t);
    return ts;
  }

  // A draft of community A from `start` for `length`, with `quota` places.
  static pb::Activity Draft(Time start, std::chrono::minutes length, int quota) {
    pb::Activity a;
    a.set_organiser_region_id(kCommunityA);
    a.set_title("清洁家园 · 河南路");
    a.set_category("清洁家园");
    a.mutable_place()->set_address("河南路社区党群服务中心");
    *a.mutable_start_time() = Ts(start);
    *a.mutable_end_time() = Ts(start + length);
    a.set_quota(quota);
    return a;
  }

  static pb::Activity Create(const pb::Activity& draft, const std::string& token = AdminA()) {
    pb::CreateActivityRequest request;
    request.set_request_id(NextId());
    *request.mutable_activity() = draft;
    pb::Activity created;
    grpc::Status status = Call(&Stub::CreateActivity, token, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static pb::Activity Publish(const pb::Activity& draft) {
    pb::Activity created = Create(draft);
    pb::PublishActivityRequest request;
    request.set_request_id(NextId());
    request.set_activity_id(created.activity_id());
    pb::Activity published;
    grpc::Status status = Call(&Stub::PublishActivity, AdminA(), request, &published);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return published;
  }

  // Published, starting in an hour, for two hours.
  static pb::Activity NewActivity(int quota = 10) {
    return Publish(Draft(Now() + std::chrono::hours(1), std::chrono::minutes(120), quota));
  }

  static grpc::Status SignUp(const std::string& activity_id, const std::string& volunteer,
                             pb::Participation* out) {
    pb::SignUpRequest request;
    request.set_request_id(NextId());
    request.set_activity_id(activity_id);
    request.set_volunteer_id(volunteer);
    return Call(&Stub::SignUp, Self(volunteer), request, out);
  }

  static pb::Participation MustSignUp(const std::string& activity_id,
                                      const std::string& volunteer) {
    pb::Participation p;
    grpc::Status status = SignUp(activity_id, volunteer, &p);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return p;
  }

  static grpc::Status Cancel(const std::string& participation_id, const std::string& token,
                             pb::Participation* out) {
    pb::CancelSignUpRequest request;
    request.set_request_id(NextId());
    request.set_participation_id(participation_id);
    return Call(&Stub::CancelSignUp, token, request, out);
  }

  // The code the organiser's screen shows now.
  static std::string ScreenCode(const std::string& activity_id) {
    pb::GetCheckinCodeRequest request;
    request.set_activity_id(activity_id);
    pb::CheckinCode code;
    grpc::Status status = Call(&Stub::GetCheckinCode, AdminA(), request, &code);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return code.digits();
  }

  static grpc::Status Attend(bool in, const std::string& activity_id, const std::string& volunteer,
                             const std::string& code, pb::Participation* out,
                             std::optional<std::pair<double, double>> position = std::nullopt) {
    pb::CheckInRequest request;
    request.set_request_id(NextId());
    request.set_activity_id(activity_id);
    request.set_code(code);
    if (position) {
      request.mutable_position()->set_latitude(position->first);
      request.mutable_position()->set_longitude(position->second);
    }
    if (in) return Call(&Stub::CheckIn, Self(volunteer), request, out);
    pb::CheckOutRequest out_request;
    out_request.set_request_id(request.request_id());
    out_request.set_activity_id(activity_id);
    out_request.set_code(code);
    *out_request.mutable_position() = request.position();
    if (!position) out_request.clear_position();
    return Call(&Stub::CheckOut, Self(volunteer), out_request, out);
  }

  static pb::Activity ConfirmRoster(const std::string& activity_id) {
    pb::ConfirmRosterRequest request;
    request.set_request_id(NextId());
    request.set_activity_id(activity_id);
    pb::Activity confirmed;
    grpc::Status status = Call(&Stub::ConfirmRoster, AdminA(), request, &confirmed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return confirmed;
  }

  static pb::VolunteerCredit Credit(const std::string& volunteer) {
    pb::GetVolunteerCreditRequest request;
    request.set_volunteer_id(volunteer);
    pb::VolunteerCredit credit;
    grpc::Status status = Call(&Stub::GetVolunteerCredit, Self(volunteer), request, &credit);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return credit;
  }

  static pb::Participation Mine(const std::string& activity_id, const std::string& volunteer) {
    pb::GetActivityRequest request;
    request.set_activity_id(activity_id);
    pb::Activity activity;
    grpc::Status status = Call(&Stub::GetActivity, Self(volunteer), request, &activity);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return activity.my_participation();
  }
};

}  // namespace tongxin::activities
