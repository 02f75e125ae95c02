// wishes_grpc_test: the region statistics find a street's or community's wishes through their
// covering index in the generic plan too. The plan cache runs a prepared statement's generic plan
// once it looks no dearer than the custom ones, and a LIKE whose pattern is a parameter is no
// index condition there: at city scale the statistics read every wish on every call (bench/run
// city).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/wishes/repository/wish_queries.h"
#include "tests/support/test_db.h"

namespace tongxin::wishes {
namespace {

TEST(WishStatisticsPlans, GenericPlansUseTheRegionIndex) {
  testing::TestDatabase database("wish_plans", "wishes");
  pqxx::connection connection(database.url());
  pqxx::nontransaction tx(connection);
  // An empty table is cheapest read whole; priced out, a scan stays only where no index serves.
  tx.exec("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off");
  for (const Query* query : {&kWishStats}) {
    tx.exec("PREPARE " + query->name + " AS " + query->sql);
    std::string plan;
    for (const auto& row : tx.exec("EXPLAIN EXECUTE " + query->name + "('411502001')")) {
      plan += row[0].as<std::string>() + "\n";
    }
    EXPECT_THAT(plan, ::testing::HasSubstr("Index Cond: ((community_id ~>=~ $1)")) << plan;
    EXPECT_THAT(plan, ::testing::HasSubstr("wishes_statistics_by_region")) << plan;
  }
}

}  // namespace
}  // namespace tongxin::wishes
