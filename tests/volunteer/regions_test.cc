// volunteer_unit_test: the region hierarchy in the ids — what a new street, community or grid
// must look like, which parent its id gives it, and whether a grid lies in a community.
#include "services/volunteer/domain/regions.h"

#include <gtest/gtest.h>

namespace tongxin::volunteer {
namespace {

TEST(RegionsTest, AStreetHasNineDigitsAndAName) {
  EXPECT_TRUE(CheckNewStreet({"411502001", "五星街道", "浉河区", {}}).ok());
  EXPECT_TRUE(CheckNewStreet({"411502001", "五星街道", "", {}}).ok());
  EXPECT_EQ(CheckNewStreet({"4115", "五星街道", "", {}}).message().substr(0, 17),
            "street.street_id:");
  EXPECT_EQ(CheckNewStreet({"411502001", "", "", {}}).message().substr(0, 12), "street.name:");
}

TEST(RegionsTest, ACommunityTakesItsStreetFromItsId) {
  auto community = CheckNewCommunity({"411502001003", "", "平西社区", {}});
  ASSERT_TRUE(community.ok());
  EXPECT_EQ(community->street_id, "411502001");
  EXPECT_TRUE(CheckNewCommunity({"411502001003", "411502001", "平西社区", {}}).ok());
  EXPECT_EQ(CheckNewCommunity({"411502001003", "411502002", "平西社区", {}}).status().message(),
            "community.street_id: must be the first 9 digits of community_id");
  EXPECT_EQ(CheckNewCommunity({"41150200100", "", "平西社区", {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RegionsTest, AGridTakesItsCommunityFromItsId) {
  auto grid = CheckNewGrid({"411502001003001", "", "第一网格", 80, {}});
  ASSERT_TRUE(grid.ok());
  EXPECT_EQ(grid->community_id, "411502001003");
  EXPECT_EQ(CheckNewGrid({"411502001003001", "411502001004", "第一网格", 0, {}}).status().message(),
            "grid.community_id: must be the first 12 digits of grid_id");
  EXPECT_EQ(CheckNewGrid({"411502001003001", "", "第一网格", -1, {}}).status().message(),
            "grid.households: must not be negative");
  EXPECT_EQ(CheckNewGrid({"411502001003", "", "第一网格", 0, {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RegionsTest, AVolunteersGridLiesInTheirCommunity) {
  EXPECT_TRUE(CheckGridInCommunity("411502001001001", "411502001001").ok());
  EXPECT_EQ(CheckGridInCommunity("411502001002001", "411502001001").message(),
            "grid_id: the grid is not in community_id");
  EXPECT_EQ(CheckGridInCommunity("41150200100100", "411502001001").message().substr(0, 8),
            "grid_id:");
}

}  // namespace
}  // namespace tongxin::volunteer
