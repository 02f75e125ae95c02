// volunteer_grpc_test: a broadcast's audience (ListAudience) — the active volunteers of a region,
// with party members reported to it, narrowed by party, team and grid; the system only.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// A street of its own, so that the other tests' volunteers never reach these audiences.
constexpr char kAudienceStreet[] = "411502009";
constexpr char kC1[] = "411502009001";
constexpr char kC2[] = "411502009002";
constexpr char kG1[] = "411502009001001";

class AudienceTest : public VolunteerGrpcTest {
 protected:
  static void SetUpTestSuite() {
    VolunteerGrpcTest::SetUpTestSuite();
    pb::CreateStreetRequest street;
    street.set_request_id(NextRequestId());
    street.mutable_street()->set_street_id(kAudienceStreet);
    street.mutable_street()->set_name("湖东街道");
    street.mutable_street()->set_district("浉河区");
    pb::Street created_street;
    ASSERT_TRUE(Call(&Stub::CreateStreet, System(), street, &created_street).ok());
    for (auto [id, name] : {std::pair{kC1, "湖东社区"}, {kC2, "湖西社区"}}) {
      pb::CreateCommunityRequest request;
      request.set_request_id(NextRequestId());
      request.mutable_community()->set_community_id(id);
      request.mutable_community()->set_name(name);
      pb::Community community;
      ASSERT_TRUE(Call(&Stub::CreateCommunity, System(), request, &community).ok());
    }
    pb::CreateGridRequest grid;
    grid.set_request_id(NextRequestId());
    grid.mutable_grid()->set_grid_id(kG1);
    grid.mutable_grid()->set_name("湖东一网格");
    pb::Grid created_grid;
    ASSERT_TRUE(Call(&Stub::CreateGrid, System(), grid, &created_grid).ok());

    // in_grid: C1's grid G1; party: C1, a party member; other: C2; suspended: C1;
    // reported: a party member of another street, reported to C1 (confirmed at once by the
    // system). The team of C1: in_grid and reported.
    auto in_grid_request = NewPerson(kC1);
    in_grid_request.set_grid_id(kG1);
    in_grid_ = MustRegister(in_grid_request, System()).volunteer_id();
    party_ = MustRegister(NewPerson(kC1, /*party_member=*/true), System()).volunteer_id();
    other_ = MustRegister(NewPerson(kC2), System()).volunteer_id();
    suspended_ = MustRegister(NewPerson(kC1), System()).volunteer_id();
    reported_ = MustRegister(NewPerson(kCommunityA, /*party_member=*/true)).volunteer_id();

    pb::ChangeVolunteerStatusRequest suspend;
    suspend.set_request_id(NextRequestId());
    suspend.set_volunteer_id(suspended_);
    suspend.set_reason("长期未参加活动");
    pb::Volunteer out;
    ASSERT_TRUE(Call(&Stub::SuspendVolunteer, System(), suspend, &out).ok());

    pb::ReportToCommunityRequest report;
    report.set_request_id(NextRequestId());
    report.set_volunteer_id(reported_);
    report.set_community_id(kC1);
    ASSERT_TRUE(Call(&Stub::ReportToCommunity, System(), report, &out).ok());
    ASSERT_EQ(out.reported_community_id(), kC1);

    pb::CreateTeamRequest create;
    create.set_request_id(NextRequestId());
    create.set_community_id(kC1);
    create.set_name("湖东应急队");
    pb::Team team;
    ASSERT_TRUE(Call(&Stub::CreateTeam, System(), create, &team).ok());
    team_ = team.team_id();
    for (const std::string& member : {in_grid_, reported_}) {
      pb::JoinTeamRequest join;
      join.set_request_id(NextRequestId());
      join.set_team_id(team_);
      join.set_volunteer_id(member);
      pb::TeamMember joined;
      ASSERT_TRUE(Call(&Stub::JoinTeam, System(), join, &joined).ok());
    }
  }

  static pb::ListAudienceRequest Audience(const std::string& region) {
    pb::ListAudienceRequest request;
    request.set_region_id(region);
    return request;
  }

  // Every id of the audience, read page by page.
  static std::vector<std::string> All(pb::ListAudienceRequest request) {
    std::vector<std::string> ids;
    for (int pages = 0; pages < 100; ++pages) {
      pb::ListAudienceResponse response;
      grpc::Status status = Call(&Stub::ListAudience, System(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      ids.insert(ids.end(), response.volunteer_ids().begin(), response.volunteer_ids().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return ids;
  }

  static std::vector<std::string> Sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static grpc::StatusCode Code(const std::string& token, const pb::ListAudienceRequest& request) {
    pb::ListAudienceResponse response;
    return Call(&Stub::ListAudience, token, request, &response).error_code();
  }

  static inline std::string in_grid_, party_, other_, suspended_, reported_, team_;
};

TEST_F(AudienceTest, AStreetsAudienceIsItsActiveVolunteersAndThePartyMembersReportedToIt) {
  EXPECT_EQ(All(Audience(kAudienceStreet)), Sorted({in_grid_, party_, other_, reported_}));
  EXPECT_EQ(All(Audience(kC1)), Sorted({in_grid_, party_, reported_}));
  EXPECT_EQ(All(Audience(kC2)), std::vector<std::string>{other_});
  // A grid holds its own volunteers; a report is to a community, not to a grid.
  EXPECT_EQ(All(Audience(kG1)), std::vector<std::string>{in_grid_});
}

TEST_F(AudienceTest, FiltersNarrowTheRegionTogether) {
  auto party = Audience(kC1);
  party.set_party_members_only(true);
  EXPECT_EQ(All(party), Sorted({party_, reported_}));

  auto team = Audience(kAudienceStreet);
  team.set_team_id(team_);
  EXPECT_EQ(All(team), Sorted({in_grid_, reported_}));
  team.set_party_members_only(true);
  EXPECT_EQ(All(team), std::vector<std::string>{reported_});

  auto grid = Audience(kAudienceStreet);
  grid.set_grid_id(kG1);
  EXPECT_EQ(All(grid), std::vector<std::string>{in_grid_});
  grid.set_party_members_only(true);
  EXPECT_TRUE(All(grid).empty());
}

TEST_F(AudienceTest, PagesAreKeyedByVolunteerIdWithoutRepeats) {
  auto request = Audience(kAudienceStreet);
  request.set_page_size(1);
  pb::ListAudienceResponse first;
  ASSERT_TRUE(Call(&Stub::ListAudience, System(), request, &first).ok());
  EXPECT_EQ(first.volunteer_ids_size(), 1);
  EXPECT_FALSE(first.next_page_token().empty());
  // Page by page, in order, each once.
  EXPECT_EQ(All(request), Sorted({in_grid_, party_, other_, reported_}));
}

TEST_F(AudienceTest, OnlyTheSystemListsAnAudience) {
  auto request = Audience(kC1);
  EXPECT_EQ(Code("", request), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Code(Self(party_), request), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Code(Token(Role::kCommunityAdmin, "admin-c1", {kC1}), request),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Code(Token(Role::kStreetAdmin, "street-9", {kAudienceStreet}), request),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AudienceTest, BadFiltersAreNamed) {
  auto check = [](pb::ListAudienceRequest request, const std::string& field) {
    pb::ListAudienceResponse response;
    grpc::Status status = Call(&Stub::ListAudience, System(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(status.error_message().rfind(field + ":", 0), 0u) << status.error_message();
  };
  check(Audience(""), "region_id");
  check(Audience("4115"), "region_id");
  auto outside = Audience(kC1);
  outside.set_grid_id(kGridA1);
  check(outside, "grid_id");
  auto team = Audience(kC1);
  team.set_team_id("not-a-uuid");
  check(team, "team_id");
  auto size = Audience(kC1);
  size.set_page_size(-1);
  check(size, "page_size");
  auto token = Audience(kC1);
  token.set_page_token("forged");
  check(token, "page_token");
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
