// volunteer_grpc_test: profile updates, the status life cycle and a party member's report
// to a community.
#include <functional>
#include <string>
#include <vector>

#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// ---- updates and status ----

TEST_F(VolunteerGrpcTest, UpdateVolunteerHonoursTheMaskAndScope) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  pb::UpdateVolunteerRequest request;
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(v.volunteer_id());
  request.mutable_update_mask()->add_paths("phone");
  request.mutable_update_mask()->add_paths("skills");
  request.set_phone("+86 139-1234-5678");
  request.add_skills("electrician");
  request.set_name("ignored because not in the mask");
  pb::Volunteer updated;
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Self(v.volunteer_id()), request, &updated).ok());
  EXPECT_EQ(updated.phone_masked(), "139****5678");
  EXPECT_EQ(updated.name(), v.name());
  ASSERT_EQ(updated.skills_size(), 1);
  EXPECT_EQ(updated.skills(0), "electrician");

  auto bad = request;
  bad.set_request_id(NextRequestId());
  bad.mutable_update_mask()->add_paths("id_number");
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), bad, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto no_mask = request;
  no_mask.set_request_id(NextRequestId());
  no_mask.clear_update_mask();
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), no_mask, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto other = request;
  other.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminB(), other, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, Self("intruder"), other, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Taking another volunteer's phone is refused.
  auto second = NewPerson(kCommunityA);
  MustRegister(second);
  auto clash = request;
  clash.set_request_id(NextRequestId());
  clash.set_phone(second.phone());
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), clash, &updated).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Moving to community B: the admin must hold B as well.
  auto move = request;
  move.set_request_id(NextRequestId());
  move.mutable_update_mask()->Clear();
  move.mutable_update_mask()->add_paths("community_id");
  move.set_community_id(kCommunityB);
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), move, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, StreetAdmin(), move, &updated).ok());
  EXPECT_EQ(updated.community_id(), kCommunityB);
}

TEST_F(VolunteerGrpcTest, AVolunteerChangesOnlyTheirPhoneAndSkills) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  const std::string row_sql =
      "SELECT row_to_json(v)::text FROM volunteers v WHERE volunteer_id = '" + v.volunteer_id() +
      "'";
  const std::string before = Scalar(row_sql);
  struct Case {
    std::string field;
    std::function<void(pb::UpdateVolunteerRequest&)> set;
  };
  std::vector<Case> cases = {
      {"name", [](auto& r) { r.set_name("王五"); }},
      {"political_status",
       [](auto& r) { r.set_political_status(pb::POLITICAL_STATUS_PARTY_MEMBER); }},
      {"party_branch", [](auto& r) { r.set_party_branch("第一党支部"); }},
      {"community_id", [](auto& r) { r.set_community_id(kCommunityB); }},
      {"grid_id", [](auto& r) { r.set_grid_id(kGridA1); }},
  };
  for (const auto& c : cases) {
    pb::UpdateVolunteerRequest request;
    request.set_request_id(NextRequestId());
    request.set_volunteer_id(v.volunteer_id());
    // Even beside a change the volunteer may make, nothing of the request is applied.
    request.mutable_update_mask()->add_paths("phone");
    request.set_phone("13912340000");
    request.mutable_update_mask()->add_paths(c.field);
    c.set(request);
    pb::Volunteer updated;
    grpc::Status status = Call(&Stub::UpdateVolunteer, Self(v.volunteer_id()), request, &updated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.field;
    EXPECT_EQ(status.error_message().rfind(c.field + ":", 0), 0u)
        << c.field << ": " << status.error_message();
  }
  EXPECT_EQ(Scalar(row_sql), before);

  // An admin in scope changes what the volunteer may not.
  pb::UpdateVolunteerRequest promote;
  promote.set_request_id(NextRequestId());
  promote.set_volunteer_id(v.volunteer_id());
  promote.mutable_update_mask()->add_paths("political_status");
  promote.mutable_update_mask()->add_paths("party_branch");
  promote.set_political_status(pb::POLITICAL_STATUS_PARTY_MEMBER);
  promote.set_party_branch("河南路社区第一党支部");
  pb::Volunteer promoted;
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminB(), promote, &promoted).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, AdminA(), promote, &promoted).ok());
  EXPECT_EQ(promoted.political_status(), pb::POLITICAL_STATUS_PARTY_MEMBER);
}

TEST_F(VolunteerGrpcTest, StatusTransitionsFollowTheLifeCycle) {
  pb::Volunteer v;
  ASSERT_TRUE(
      Call(&Stub::RegisterVolunteer, Self("account-lifecycle"), NewPerson(kCommunityA), &v).ok());
  auto change = [&](auto method, const std::string& token, const std::string& reason) {
    pb::ChangeVolunteerStatusRequest request;
    request.set_request_id(NextRequestId());
    request.set_volunteer_id(v.volunteer_id());
    request.set_reason(reason);
    pb::Volunteer out;
    grpc::Status status = Call(method, token, request, &out);
    if (status.ok()) v = out;
    return status.error_code();
  };
  EXPECT_EQ(change(&Stub::ApproveVolunteer, Self(v.volunteer_id()), ""),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(change(&Stub::ApproveVolunteer, AdminB(), ""), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(change(&Stub::ApproveVolunteer, AdminA(), ""), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(change(&Stub::ApproveVolunteer, AdminA(), ""), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(change(&Stub::SuspendVolunteer, AdminA(), ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(change(&Stub::SuspendVolunteer, AdminA(), "长期未参加活动"), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_SUSPENDED);
  EXPECT_EQ(v.status_reason(), "长期未参加活动");
  EXPECT_EQ(change(&Stub::SuspendVolunteer, AdminA(), "again"),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(change(&Stub::ReactivateVolunteer, AdminA(), ""), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(change(&Stub::DeregisterVolunteer, Self("someone-else"), ""),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(change(&Stub::DeregisterVolunteer, Self(v.volunteer_id()), ""), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_DEREGISTERED);
  EXPECT_EQ(change(&Stub::ReactivateVolunteer, AdminA(), ""),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::UpdateVolunteerRequest update;
  update.set_request_id(NextRequestId());
  update.set_volunteer_id(v.volunteer_id());
  update.mutable_update_mask()->add_paths("name");
  update.set_name("新名字");
  pb::Volunteer updated;
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), update, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(VolunteerGrpcTest, PartyMembersReportToACommunityOnce) {
  pb::Volunteer member = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  pb::Volunteer masses = MustRegister(NewPerson(kCommunityA, /*party_member=*/false));
  pb::ReportToCommunityRequest request;
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(member.volunteer_id());
  request.set_community_id(kCommunityA);
  pb::Volunteer reported;
  EXPECT_EQ(Call(&Stub::ReportToCommunity, Self("someone-else"), request, &reported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An admin in scope reporting the party member confirms at once (the party member's own
  // report waits for the community: grpc_reports_test.cc).
  ASSERT_TRUE(Call(&Stub::ReportToCommunity, AdminA(), request, &reported).ok());
  EXPECT_EQ(reported.reported_community_id(), kCommunityA);
  EXPECT_TRUE(reported.has_report_time());
  request.set_request_id(NextRequestId());
  EXPECT_EQ(
      Call(&Stub::ReportToCommunity, Self(member.volunteer_id()), request, &reported).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(masses.volunteer_id());
  EXPECT_EQ(Call(&Stub::ReportToCommunity, AdminA(), request, &reported).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  request.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::ReportToCommunity, AdminB(), request, &reported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An admin of B cannot pull a party member of A into B either.
  pb::Volunteer other = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(other.volunteer_id());
  request.set_community_id(kCommunityB);
  EXPECT_EQ(Call(&Stub::ReportToCommunity, AdminB(), request, &reported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
