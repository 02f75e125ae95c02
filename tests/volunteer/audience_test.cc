// The rules of a broadcast's audience request (domain/audience.h).
#include "services/volunteer/domain/audience.h"

#include <gtest/gtest.h>

namespace tongxin::volunteer {
namespace {

TEST(AudiencePageSizeTest, DefaultsToAThousandAndCapsAtFiveThousand) {
  EXPECT_EQ(*AudiencePageSize(0), 1000);
  EXPECT_EQ(*AudiencePageSize(7), 7);
  EXPECT_EQ(*AudiencePageSize(5000), 5000);
  EXPECT_EQ(*AudiencePageSize(100000), 5000);
  EXPECT_EQ(AudiencePageSize(-1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AudienceFilterTest, AGridMustLieInsideTheRegion) {
  EXPECT_TRUE(CheckAudienceFilter({"411502001", false, "", "411502001001001"}).ok());
  EXPECT_TRUE(CheckAudienceFilter({"411502001001001", false, "", "411502001001001"}).ok());
  auto outside = CheckAudienceFilter({"411502001002", false, "", "411502001001001"});
  EXPECT_EQ(outside.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(outside.message(), "grid_id: not inside region_id");
  EXPECT_EQ(CheckAudienceFilter({"411502001", false, "", "411502001001"}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AudienceFilterTest, TheRegionIsRequiredAndATeamIsAUuid) {
  EXPECT_EQ(CheckAudienceFilter({}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckAudienceFilter({"411502001", false, "team-1", ""}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      CheckAudienceFilter({"411502001", true, "0b6c2a3e-8f1d-4c55-9a77-2f0e6d1c9b40", ""}).ok());
}

}  // namespace
}  // namespace tongxin::volunteer
