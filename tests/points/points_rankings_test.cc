// Rankings over real gRPC on a real PostgreSQL: leaderboards of earned points with ties, tiers set
// by the system, and tokens the service refuses.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "tests/points/points_fixture.h"

namespace tongxin::points {
namespace {

class RankingsTest : public PointsTest {};

TEST_F(RankingsTest, LeaderboardsRankEarnedPointsWithTies) {
  const std::string community = "411502001007";
  std::vector<std::pair<std::string, double>> people = {
      {"lb-a", 10}, {"lb-b", 20}, {"lb-c", 20}, {"lb-d", 5}};
  for (const auto& [id, hours] : people) AwardHours(id, hours, community, id != "lb-d");
  // Spending does not lower a ranking: it ranks earned points.
  pb::Reward reward = NewReward("毛巾-lb", 5, 10);
  pb::Order order;
  ASSERT_TRUE(Redeem("lb-b", reward.reward_id(), 2, &order).ok());

  pb::GetLeaderboardRequest request;
  request.set_region_id(community);
  request.set_period_kind(pb::PERIOD_KIND_MONTH);
  pb::Leaderboard board;
  ASSERT_TRUE(Call(&Stub::GetLeaderboard, Self("anyone"), request, &board).ok());
  EXPECT_EQ(board.period(), "2026-06");
  ASSERT_EQ(board.entries_size(), 4);
  EXPECT_EQ(board.entries(0).volunteer_id(), "lb-b");
  EXPECT_EQ(board.entries(0).rank(), 1);
  EXPECT_EQ(board.entries(1).volunteer_id(), "lb-c");
  EXPECT_EQ(board.entries(1).rank(), 1);
  EXPECT_EQ(board.entries(2).rank(), 3);
  EXPECT_EQ(board.entries(3).volunteer_id(), "lb-d");
  EXPECT_EQ(board.entries(0).name(), "志愿者lb-b");

  request.set_party_members_only(true);
  ASSERT_TRUE(Call(&Stub::GetLeaderboard, Self("anyone"), request, &board).ok());
  EXPECT_EQ(board.entries_size(), 3);
  request.set_region_id(kStreet);
  request.set_period_kind(pb::PERIOD_KIND_YEAR);
  request.set_period("2026");
  ASSERT_TRUE(Call(&Stub::GetLeaderboard, Self("anyone"), request, &board).ok());
  EXPECT_GE(board.entries_size(), 3);
  request.set_period("2026-13");
  EXPECT_EQ(Call(&Stub::GetLeaderboard, Self("anyone"), request, &board).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RankingsTest, TiersAreSetByTheSystemAndValidated) {
  pb::UpdateTiersRequest update;
  update.set_request_id(NextId());
  for (auto [name, min] : std::vector<std::pair<std::string, long long>>{{"志愿者", 0},
                                                                         {"铜牌志愿者", 100},
                                                                         {"银牌志愿者", 300},
                                                                         {"金牌志愿者", 600},
                                                                         {"五星志愿者", 1000}}) {
    auto* tier = update.add_tiers();
    tier->set_name(name);
    tier->set_min_points(min);
  }
  pb::Tiers tiers;
  EXPECT_EQ(Call(&Stub::UpdateTiers, StreetAdmin(), update, &tiers).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::UpdateTiers, System(), update, &tiers).ok());
  EXPECT_EQ(tiers.tiers_size(), 5);
  auto bad = update;
  bad.set_request_id(NextId());
  bad.mutable_tiers(2)->set_min_points(50);  // not increasing
  EXPECT_EQ(Call(&Stub::UpdateTiers, System(), bad, &tiers).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  bad.set_request_id(NextId());
  bad.mutable_tiers(0)->set_min_points(10);  // does not start at 0
  EXPECT_EQ(Call(&Stub::UpdateTiers, System(), bad, &tiers).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  pb::GetTiersRequest get;
  ASSERT_TRUE(Call(&Stub::GetTiers, Self("anyone"), get, &tiers).ok());
  EXPECT_EQ(tiers.tiers(1).name(), "铜牌志愿者");
}

TEST_F(RankingsTest, MissingOrForeignTokensAreRefused) {
  pb::GetTiersRequest request;
  pb::Tiers tiers;
  EXPECT_EQ(Call(&Stub::GetTiers, "", request, &tiers).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  TokenClaims claims;
  claims.subject = "x";
  claims.role = Role::kSystem;
  std::string forged = *MintHs256(claims, "not-the-secret-0000000000000000", *clock_);
  EXPECT_EQ(Call(&Stub::GetTiers, forged, request, &tiers).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace tongxin::points
