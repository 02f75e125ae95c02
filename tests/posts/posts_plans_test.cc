// posts_grpc_test: the overview's statements find a street's or community's posts and service
// logs through the prefix indexes in their generic plans too. The plan cache runs a prepared
// statement's generic plan once it looks no dearer than the custom ones, and a LIKE whose pattern
// is a parameter is no index condition there (bench/run city reported both as scanning in their
// generic plans).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/posts/repository/post_queries.h"
#include "tests/support/generic_plan.h"
#include "tests/support/test_db.h"

namespace tongxin::posts {
namespace {

TEST(OverviewPlans, GenericPlansUseTheRegionIndexes) {
  testing::TestDatabase database("post_plans", "posts");
  pqxx::connection connection(database.url());
  const std::pair<const Query*, std::string> statements[] = {
      {&kOverviewByType, "('411502001')"},
      {&kOverviewLogs, "('411502001', '2026-11')"},
  };
  for (const auto& [query, arguments] : statements) {
    std::string plan = testing::GenericPlan(connection, *query, arguments);
    // A join names the column with its table's alias (p.community_id).
    EXPECT_THAT(plan,
                ::testing::ContainsRegex(R"(Index Cond: \(\(([a-z]+\.)?community_id ~>=~ \$1\))"))
        << plan;
  }
}

}  // namespace
}  // namespace tongxin::posts
