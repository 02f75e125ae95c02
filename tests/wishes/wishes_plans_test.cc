// wishes_grpc_test: the region statistics find a street's or community's wishes through their
// covering index in the generic plan too. The plan cache runs a prepared statement's generic plan
// once it looks no dearer than the custom ones, and a LIKE whose pattern is a parameter is no
// index condition there: at city scale the statistics read every wish on every call (bench/run
// city).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/wishes/repository/wish_queries.h"
#include "tests/support/generic_plan.h"
#include "tests/support/test_db.h"

namespace tongxin::wishes {
namespace {

TEST(WishStatisticsPlans, GenericPlansUseTheRegionIndex) {
  testing::TestDatabase database("wish_plans", "wishes");
  pqxx::connection connection(database.url());
  std::string plan = testing::GenericPlan(connection, kWishStats, "('411502001')");
  EXPECT_THAT(plan, ::testing::HasSubstr("Index Cond: ((community_id ~>=~ $1)")) << plan;
  EXPECT_THAT(plan, ::testing::HasSubstr("wishes_statistics_by_region")) << plan;
}

}  // namespace
}  // namespace tongxin::wishes
