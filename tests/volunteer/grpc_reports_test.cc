// volunteer_grpc_test: a party member's report to a community (到社区报到) — a request the
// community's admin confirms or rejects; only a confirmed report counts.
#include <set>
#include <string>

#include "services/common/pagination.h"
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

class ReportTest : public VolunteerGrpcTest {
 protected:
  static grpc::Status Report(const std::string& token, const std::string& volunteer_id,
                             const std::string& community_id, pb::Volunteer* out = nullptr) {
    pb::ReportToCommunityRequest request;
    request.set_request_id(NextRequestId());
    request.set_volunteer_id(volunteer_id);
    request.set_community_id(community_id);
    pb::Volunteer response;
    return Call(&Stub::ReportToCommunity, token, request, out ? out : &response);
  }
  static grpc::Status Confirm(const std::string& token, const std::string& report_id,
                              pb::CommunityReport* out = nullptr,
                              const std::string& request_id = "") {
    pb::ConfirmReportRequest request;
    request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
    request.set_report_id(report_id);
    pb::CommunityReport response;
    return Call(&Stub::ConfirmReport, token, request, out ? out : &response);
  }
  static grpc::Status Reject(const std::string& token, const std::string& report_id,
                             const std::string& reason, pb::CommunityReport* out = nullptr) {
    pb::RejectReportRequest request;
    request.set_request_id(NextRequestId());
    request.set_report_id(report_id);
    request.set_reason(reason);
    pb::CommunityReport response;
    return Call(&Stub::RejectReport, token, request, out ? out : &response);
  }
  static pb::Volunteer Get(const std::string& volunteer_id) {
    pb::GetVolunteerRequest request;
    request.set_volunteer_id(volunteer_id);
    pb::Volunteer v;
    EXPECT_TRUE(Call(&Stub::GetVolunteer, System(), request, &v).ok());
    return v;
  }
  static void CreateCommunity(const std::string& id, const std::string& name) {
    pb::CreateCommunityRequest create;
    create.set_request_id(NextRequestId());
    create.mutable_community()->set_community_id(id);
    create.mutable_community()->set_name(name);
    pb::Community created;
    ASSERT_TRUE(Call(&Stub::CreateCommunity, StreetAdmin(), create, &created).ok());
  }
};

TEST_F(ReportTest, APartyMembersOwnReportWaitsForTheCommunitysConfirmation) {
  auto person = NewPerson(kCommunityA, /*party_member=*/true);
  pb::Volunteer member = MustRegister(person);
  pb::Volunteer reported;
  ASSERT_TRUE(
      Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityB, &reported).ok());
  EXPECT_EQ(reported.reported_community_id(), "");
  EXPECT_FALSE(reported.has_report_time());
  EXPECT_EQ(reported.pending_report_community_id(), kCommunityB);
  const std::string report_id = reported.pending_report_id();
  ASSERT_FALSE(report_id.empty());
  // What other services read (posts' adoption check) does not move.
  EXPECT_EQ(Get(member.volunteer_id()).reported_community_id(), "");
  // One request at a time.
  EXPECT_EQ(Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityA).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Community B's admins see it waiting, with who asked.
  pb::ListCommunityReportsRequest list;
  list.set_region_id(kCommunityB);
  list.set_state(pb::REPORT_STATE_PENDING);
  pb::ListCommunityReportsResponse waiting;
  ASSERT_TRUE(Call(&Stub::ListCommunityReports, AdminB(), list, &waiting).ok());
  bool listed = false;
  for (const auto& r : waiting.reports()) {
    if (r.report_id() != report_id) continue;
    listed = true;
    EXPECT_EQ(r.volunteer_id(), member.volunteer_id());
    EXPECT_EQ(r.volunteer_name(), person.name());
    EXPECT_EQ(r.party_branch(), person.party_branch());
    EXPECT_EQ(r.state(), pb::REPORT_STATE_PENDING);
    EXPECT_EQ(r.requested_by(), member.volunteer_id());
  }
  EXPECT_TRUE(listed);

  // Only the community reported to decides: not the party member, not their home's admin.
  EXPECT_EQ(Confirm(Self(member.volunteer_id()), report_id).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Confirm(AdminA(), report_id).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(member.volunteer_id()).reported_community_id(), "");
  pb::CommunityReport confirmed;
  ASSERT_TRUE(Confirm(AdminB(), report_id, &confirmed, "confirm-report-1").ok());
  EXPECT_EQ(confirmed.state(), pb::REPORT_STATE_CONFIRMED);
  EXPECT_EQ(confirmed.decided_by(), "admin-b");
  EXPECT_TRUE(confirmed.has_decide_time());
  pb::Volunteer now_reported = Get(member.volunteer_id());
  EXPECT_EQ(now_reported.reported_community_id(), kCommunityB);
  EXPECT_TRUE(now_reported.has_report_time());
  EXPECT_EQ(now_reported.pending_report_id(), "");
  // A retry answers the same; a second decision is refused.
  pb::CommunityReport again;
  ASSERT_TRUE(Confirm(AdminB(), report_id, &again, "confirm-report-1").ok());
  EXPECT_EQ(again.SerializeAsString(), confirmed.SerializeAsString());
  EXPECT_EQ(Confirm(AdminB(), report_id).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reject(AdminB(), report_id, "x").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityA).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Bad input names the field.
  grpc::Status bad = Confirm(AdminB(), "not-a-uuid");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message().rfind("report_id", 0), 0u);
  EXPECT_EQ(Confirm(AdminB(), "00000000-0000-4000-8000-000000000000").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReportTest, ARejectedReportDoesNotCountAndMayBeAskedAgain) {
  pb::Volunteer member = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  pb::Volunteer reported;
  ASSERT_TRUE(
      Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityB, &reported).ok());
  grpc::Status no_reason = Reject(AdminB(), reported.pending_report_id(), "");
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(no_reason.error_message().rfind("reason", 0), 0u);
  EXPECT_EQ(Reject(AdminA(), reported.pending_report_id(), "不在本社区居住").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::CommunityReport rejected;
  ASSERT_TRUE(Reject(AdminB(), reported.pending_report_id(), "不在本社区居住", &rejected).ok());
  EXPECT_EQ(rejected.state(), pb::REPORT_STATE_REJECTED);
  EXPECT_EQ(rejected.reason(), "不在本社区居住");
  pb::Volunteer after = Get(member.volunteer_id());
  EXPECT_EQ(after.reported_community_id(), "");
  EXPECT_EQ(after.pending_report_id(), "");
  EXPECT_EQ(Confirm(AdminB(), reported.pending_report_id()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Asked again, of the home community this time, and confirmed there.
  ASSERT_TRUE(
      Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityA, &reported).ok());
  ASSERT_TRUE(Confirm(AdminA(), reported.pending_report_id()).ok());
  EXPECT_EQ(Get(member.volunteer_id()).reported_community_id(), kCommunityA);
}

// The party member sees their own reports and why one was rejected; nobody else's.
TEST_F(ReportTest, APartyMemberSeesTheirOwnReportsAndWhyOneWasRejected) {
  pb::Volunteer member = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  pb::Volunteer reported;
  ASSERT_TRUE(
      Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityB, &reported).ok());
  ASSERT_TRUE(Reject(AdminB(), reported.pending_report_id(), "请到居住地社区报到").ok());
  ASSERT_TRUE(
      Report(Self(member.volunteer_id()), member.volunteer_id(), kCommunityA, &reported).ok());

  pb::ListCommunityReportsRequest mine;
  mine.set_volunteer_id(member.volunteer_id());
  pb::ListCommunityReportsResponse listed;
  ASSERT_TRUE(Call(&Stub::ListCommunityReports, Self(member.volunteer_id()), mine, &listed).ok());
  ASSERT_EQ(listed.reports_size(), 2);
  EXPECT_EQ(listed.reports(0).state(), pb::REPORT_STATE_REJECTED);
  EXPECT_EQ(listed.reports(0).reason(), "请到居住地社区报到");
  EXPECT_EQ(listed.reports(0).community_id(), kCommunityB);
  EXPECT_EQ(listed.reports(1).state(), pb::REPORT_STATE_PENDING);

  // Another volunteer, or a volunteer not naming themself, is refused.
  EXPECT_EQ(Call(&Stub::ListCommunityReports, Self("somebody-else"), mine, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  mine.clear_volunteer_id();
  mine.set_region_id(kCommunityA);
  EXPECT_EQ(
      Call(&Stub::ListCommunityReports, Self(member.volunteer_id()), mine, &listed).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // An admin may narrow their region's list to one volunteer.
  mine.set_volunteer_id(member.volunteer_id());
  ASSERT_TRUE(Call(&Stub::ListCommunityReports, AdminA(), mine, &listed).ok());
  ASSERT_EQ(listed.reports_size(), 1);
  EXPECT_EQ(listed.reports(0).state(), pb::REPORT_STATE_PENDING);
}

TEST_F(ReportTest, AnAdminInScopeReportingSomeoneConfirmsAtOnce) {
  pb::Volunteer member = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  pb::Volunteer reported;
  ASSERT_TRUE(Report(AdminA(), member.volunteer_id(), kCommunityA, &reported).ok());
  EXPECT_EQ(reported.reported_community_id(), kCommunityA);
  EXPECT_EQ(reported.pending_report_id(), "");

  // The party member asked; an admin in scope of both reporting them confirms that request.
  pb::Volunteer asker = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  ASSERT_TRUE(
      Report(Self(asker.volunteer_id()), asker.volunteer_id(), kCommunityB, &reported).ok());
  const std::string asked = reported.pending_report_id();
  // Not to another community while the request waits.
  EXPECT_EQ(Report(StreetAdmin(), asker.volunteer_id(), kCommunityA).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // An admin of B alone holds the community but not the volunteer's home.
  EXPECT_EQ(Report(AdminB(), asker.volunteer_id(), kCommunityB).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Report(StreetAdmin(), asker.volunteer_id(), kCommunityB, &reported).ok());
  EXPECT_EQ(reported.reported_community_id(), kCommunityB);
  EXPECT_EQ(reported.pending_report_id(), "");
  EXPECT_EQ(Confirm(AdminB(), asked).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // A report waiting while the volunteer is suspended is not confirmed.
  pb::Volunteer suspended = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  ASSERT_TRUE(
      Report(Self(suspended.volunteer_id()), suspended.volunteer_id(), kCommunityB, &reported)
          .ok());
  pb::ChangeVolunteerStatusRequest suspend;
  suspend.set_request_id(NextRequestId());
  suspend.set_volunteer_id(suspended.volunteer_id());
  suspend.set_reason("长期未参加活动");
  pb::Volunteer out;
  ASSERT_TRUE(Call(&Stub::SuspendVolunteer, AdminA(), suspend, &out).ok());
  EXPECT_EQ(Confirm(AdminB(), reported.pending_report_id()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Get(suspended.volunteer_id()).reported_community_id(), "");
}

TEST_F(ReportTest, ReportsAreListedByRegionPageByPageForAdminsInScope) {
  const std::string community = "411502001005";
  CreateCommunity(community, "新华社区");
  std::string admin = Token(Role::kCommunityAdmin, "admin-e", {community});
  std::set<std::string> asked;
  for (int i = 0; i < 5; ++i) {
    pb::Volunteer member = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
    pb::Volunteer reported;
    ASSERT_TRUE(
        Report(Self(member.volunteer_id()), member.volunteer_id(), community, &reported).ok());
    asked.insert(reported.pending_report_id());
  }
  pb::ListCommunityReportsRequest request;
  request.set_region_id(community);
  request.set_page_size(2);
  std::set<std::string> listed;
  for (int page = 0; page < 10; ++page) {
    pb::ListCommunityReportsResponse response;
    ASSERT_TRUE(Call(&Stub::ListCommunityReports, admin, request, &response).ok());
    EXPECT_LE(response.reports_size(), 2);
    for (const auto& r : response.reports()) listed.insert(r.report_id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(listed, asked);

  pb::ListCommunityReportsRequest street;
  street.set_region_id(kStreet);
  street.set_state(pb::REPORT_STATE_PENDING);
  street.set_page_size(200);
  pb::ListCommunityReportsResponse response;
  ASSERT_TRUE(Call(&Stub::ListCommunityReports, StreetAdmin(), street, &response).ok());
  EXPECT_GE(response.reports_size(), 5);
  for (const auto& r : response.reports()) EXPECT_EQ(r.state(), pb::REPORT_STATE_PENDING);

  request.clear_page_token();
  EXPECT_EQ(Call(&Stub::ListCommunityReports, AdminA(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ListCommunityReports, Self("x"), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_page_token(EncodePageToken("not-a-number"));
  grpc::Status bad_token = Call(&Stub::ListCommunityReports, admin, request, &response);
  EXPECT_EQ(bad_token.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad_token.error_message().rfind("page_token", 0), 0u);
  request.clear_page_token();
  request.set_region_id("41150200100");
  EXPECT_EQ(Call(&Stub::ListCommunityReports, admin, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_region_id(community);
  request.set_state(static_cast<pb::ReportState>(9));
  EXPECT_EQ(Call(&Stub::ListCommunityReports, admin, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
