// Rankings over real gRPC on a real PostgreSQL: leaderboards of earned points with ties, tiers set
// by the system, and tokens the service refuses.
#include <gtest/gtest.h>

#include <map>
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

// Points stay in the community (and street) where they were earned: a wish confirmed elsewhere
// adds to that community's board and leaves the volunteer's year where it was earned; the
// volunteer's home (their account's community) does not move either.
TEST_F(RankingsTest, PointsStayWhereTheyWereEarned) {
  const std::string street = "411502004";
  const std::string home = "411502004001";
  const std::string next_door = "411502004002";
  const std::string elsewhere = "411502005001";  // another street
  const std::string v = "stay-" + NextId();
  AwardHours(v, 15, home);
  AwardHours(v, 15, home);
  AwardHours("stay-rival", 20, home);
  pb::AwardResponse visit = AwardHours(v, 5, next_door);
  AwardHours(v, 2, elsewhere);

  auto board = [&](const std::string& region, const std::string& period = "2026") {
    pb::GetLeaderboardRequest request;
    request.set_region_id(region);
    request.set_period_kind(period.size() == 4 ? pb::PERIOD_KIND_YEAR : pb::PERIOD_KIND_MONTH);
    request.set_period(period);
    pb::Leaderboard leaderboard;
    grpc::Status status = Call(&Stub::GetLeaderboard, Self("anyone"), request, &leaderboard);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::map<std::string, long long> points;
    for (const auto& e : leaderboard.entries()) points[e.volunteer_id()] = e.points();
    return points;
  };
  EXPECT_EQ(board(home)[v], 30);
  EXPECT_EQ(board(home, "2026-06")[v], 30);
  EXPECT_EQ(board(next_door)[v], 5);
  EXPECT_EQ(board(street)[v], 35);
  EXPECT_EQ(board(elsewhere)[v], 2);
  EXPECT_EQ(board("411502005")[v], 2);

  // The home community's commendation round still sees the year earned there.
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-home", {home});
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  create.mutable_round()->set_title("2026年度优秀志愿者");
  create.mutable_round()->set_region_id(home);
  create.mutable_round()->set_period_kind(pb::PERIOD_KIND_YEAR);
  create.mutable_round()->set_period("2026");
  create.mutable_round()->set_rule(pb::RULE_KIND_TOP_N);
  create.mutable_round()->set_rule_value(1);
  pb::Round round;
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 1);
  EXPECT_EQ(round.candidates(0).volunteer_id(), v);
  EXPECT_EQ(round.candidates(0).points(), 30);
  EXPECT_EQ(round.candidates(0).community_id(), home);

  // The overview counts the points where they were earned.
  pb::GetPointsStatisticsRequest stats;
  stats.set_region_id(home);
  stats.set_month("2026-06");
  pb::PointsStatistics statistics;
  ASSERT_TRUE(Call(&Stub::GetPointsStatistics, System(), stats, &statistics).ok());
  EXPECT_EQ(statistics.points_issued(), 50);
  stats.set_region_id(street);
  ASSERT_TRUE(Call(&Stub::GetPointsStatistics, System(), stats, &statistics).ok());
  EXPECT_EQ(statistics.points_issued(), 55);

  // The home's admin still sees the volunteer's points; the last awarding community's does not.
  pb::GetBalanceRequest balance_request;
  balance_request.set_volunteer_id(v);
  pb::Balance balance;
  ASSERT_TRUE(Call(&Stub::GetBalance, admin, balance_request, &balance).ok());
  EXPECT_EQ(balance.earned_total(), 37);
  EXPECT_EQ(
      Call(&Stub::GetBalance, server_->Token(Role::kCommunityAdmin, "admin-elsewhere", {elsewhere}),
           balance_request, &balance)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // A correction is taken back where the points were earned, and nowhere else.
  pb::ReverseTransferRequest reverse;
  reverse.set_request_id(NextId());
  reverse.set_transfer_id(visit.transfer().transfer_id());
  reverse.set_reason("重复记录");
  pb::Transfer reversal;
  ASSERT_TRUE(Call(&Stub::ReverseTransfer, System(), reverse, &reversal).ok());
  EXPECT_EQ(board(next_door).count(v), 0u);
  EXPECT_EQ(board(home)[v], 30);
  EXPECT_EQ(board(street)[v], 30);
  ExpectConsistent();
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
