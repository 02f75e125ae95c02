// volunteer_grpc_test: streets, communities and grids — who creates them, the hierarchy in
// their ids, reading and paging.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// ---- grid hierarchy ----

TEST_F(VolunteerGrpcTest, StreetsAreCreatedByStreetAdminsInScopeOnly) {
  pb::CreateStreetRequest request;
  request.set_request_id(NextRequestId());
  request.mutable_street()->set_street_id("411502002");
  request.mutable_street()->set_name("老城街道");
  pb::Street street;
  EXPECT_EQ(Call(&Stub::CreateStreet, AdminA(), request, &street).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreateStreet, StreetAdmin(), request, &street).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // 411502001 does not cover 411502002
  EXPECT_EQ(Call(&Stub::CreateStreet, Self("v"), request, &street).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::string district_admin = Token(Role::kStreetAdmin, "district", {"411502"});
  ASSERT_TRUE(Call(&Stub::CreateStreet, district_admin, request, &street).ok());
  EXPECT_EQ(street.name(), "老城街道");

  request.set_request_id(NextRequestId());
  grpc::Status duplicate = Call(&Stub::CreateStreet, district_admin, request, &street);
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(duplicate.error_message().find("street.street_id"), std::string::npos);

  request.set_request_id(NextRequestId());
  request.mutable_street()->set_street_id("4115");
  grpc::Status bad = Call(&Stub::CreateStreet, district_admin, request, &street);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("street.street_id"), std::string::npos);
}

TEST_F(VolunteerGrpcTest, CommunitiesAndGridsFollowTheHierarchy) {
  pb::CreateCommunityRequest community;
  community.set_request_id(NextRequestId());
  community.mutable_community()->set_community_id("411502001003");
  community.mutable_community()->set_name("平西社区");
  pb::Community created;
  EXPECT_EQ(Call(&Stub::CreateCommunity, AdminA(), community, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreateCommunity, StreetAdmin(), community, &created).ok());
  EXPECT_EQ(created.street_id(), kStreet);

  pb::CreateGridRequest grid;
  grid.set_request_id(NextRequestId());
  grid.mutable_grid()->set_grid_id("411502001003001");
  grid.mutable_grid()->set_name("第一网格");
  pb::Grid created_grid;
  EXPECT_EQ(Call(&Stub::CreateGrid, AdminA(), grid, &created_grid).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::string admin_c = Token(Role::kCommunityAdmin, "admin-c", {"411502001003"});
  ASSERT_TRUE(Call(&Stub::CreateGrid, admin_c, grid, &created_grid).ok());
  EXPECT_EQ(created_grid.community_id(), "411502001003");

  grid.set_request_id(NextRequestId());
  grid.mutable_grid()->set_grid_id("411502001009001");  // community 009 does not exist
  EXPECT_EQ(Call(&Stub::CreateGrid, StreetAdmin(), grid, &created_grid).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::GetGridRequest get;
  get.set_grid_id("411502001003001");
  pb::Grid got;
  ASSERT_TRUE(Call(&Stub::GetGrid, Self("anyone"), get, &got).ok());
  EXPECT_EQ(got.name(), "第一网格");
  get.set_grid_id("411502001003099");
  EXPECT_EQ(Call(&Stub::GetGrid, Self("anyone"), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(VolunteerGrpcTest, ListsPageWithTokens) {
  std::vector<std::string> seen;
  pb::ListCommunitiesRequest request;
  request.set_street_id(kStreet);
  request.set_page_size(1);
  for (int page = 0; page < 10; ++page) {
    pb::ListCommunitiesResponse response;
    ASSERT_TRUE(Call(&Stub::ListCommunities, Self("anyone"), request, &response).ok());
    for (const auto& c : response.communities()) seen.push_back(c.community_id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_GE(seen.size(), 2u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());

  request.set_page_token("dHgxOv8");  // decodes to the prefix and a byte that is not UTF-8
  pb::ListCommunitiesResponse not_utf8;
  EXPECT_EQ(Call(&Stub::ListCommunities, Self("anyone"), request, &not_utf8).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_page_token("garbage");
  pb::ListCommunitiesResponse response;
  grpc::Status bad = Call(&Stub::ListCommunities, Self("anyone"), request, &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("page_token"), std::string::npos);
  request.clear_page_token();
  request.set_page_size(-1);
  EXPECT_EQ(Call(&Stub::ListCommunities, Self("anyone"), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
