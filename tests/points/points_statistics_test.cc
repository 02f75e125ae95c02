// The grid system's statistics over real gRPC on a real PostgreSQL: points earned and redeemed in
// a month of a community or street, in China time.
#include <gtest/gtest.h>

#include "tests/points/points_fixture.h"
#include "tests/support/region_argument_checks.h"

namespace tongxin::points {
namespace {

class StatisticsTest : public PointsTest {};

TEST_F(StatisticsTest, StatisticsCountEarnedAndRedeemedPointsOfAMonth) {
  // A street of its own, so other tests' points never mix in.
  const std::string street = "411502003";
  const std::string c1 = "411502003001";
  const std::string c2 = "411502003002";
  const std::string street_admin = server_->Token(Role::kStreetAdmin, "street-3", {street});
  const std::string admin_c1 = server_->Token(Role::kCommunityAdmin, "admin-3-1", {c1});
  auto reward_at = [&](const std::string& region, long long price) {
    pb::CreateRewardRequest request;
    request.set_request_id(NextId());
    request.mutable_reward()->set_region_id(region);
    request.mutable_reward()->set_name("统计-" + request.request_id());
    request.mutable_reward()->set_price(price);
    request.mutable_reward()->set_stock(100);
    pb::Reward reward;
    grpc::Status status = Call(&Stub::CreateReward, street_admin, request, &reward);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reward;
  };
  auto redeem = [&](const std::string& volunteer, const pb::Reward& reward, int quantity) {
    pb::Order order;
    grpc::Status status = Redeem(volunteer, reward.reward_id(), quantity, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return order;
  };
  const std::string v1 = NewVolunteer(), v2 = NewVolunteer(), v3 = NewVolunteer();

  // 2026-05-31 23:30 in China (15:30 UTC): still May.
  clock_->Set(kStart - std::chrono::hours(24 * 14 + 12) - std::chrono::minutes(30));
  AwardHours(v1, 10, c1);
  pb::Reward c1_store = reward_at(c1, 3);
  redeem(v1, c1_store, 1);  // 3 points, May
  // 2026-06-01 00:30 in China (still 31 May in UTC): June.
  clock_->Set(kStart - std::chrono::hours(24 * 14 + 11) - std::chrono::minutes(30));
  redeem(v1, c1_store, 1);  // 3 points, June

  clock_->Set(kStart);
  AwardHours(v1, 20, c1);
  AwardHours(v2, 5, c1);
  AwardHours(v3, 7, c2);
  AwardHours(NewVolunteer(), 12, kCommunityA);  // another street
  pb::Reward street_store = reward_at(street, 5);
  pb::Reward c2_store = reward_at(c2, 4);
  redeem(v1, c1_store, 2);      // 6 points at c1
  redeem(v1, street_store, 1);  // 5 points at the street's own store
  redeem(v3, c2_store, 1);      // 4 points at c2
  pb::Order cancelled = redeem(v2, c1_store, 1);
  pb::CancelOrderRequest cancel;
  cancel.set_request_id(NextId());
  cancel.set_order_id(cancelled.order_id());
  pb::Order order;
  ASSERT_TRUE(Call(&Stub::CancelOrder, Self(v2), cancel, &order).ok());

  auto statistics = [&](const std::string& region, const std::string& month,
                        const std::string& token = "") {
    pb::GetPointsStatisticsRequest request;
    request.set_region_id(region);
    request.set_month(month);
    pb::PointsStatistics response;
    grpc::Status status =
        Call(&Stub::GetPointsStatistics, token.empty() ? street_admin : token, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  pb::PointsStatistics june_c1 = statistics(c1, "", admin_c1);
  EXPECT_EQ(june_c1.region_id(), c1);
  EXPECT_EQ(june_c1.month(), "2026-06");  // empty: the current month
  EXPECT_EQ(june_c1.points_issued(), 25);
  EXPECT_EQ(june_c1.earners(), 2);
  EXPECT_EQ(june_c1.points_redeemed(), 9);  // the cancelled order is not counted
  EXPECT_EQ(june_c1.orders(), 2);

  pb::PointsStatistics june_c2 = statistics(c2, "2026-06");
  EXPECT_EQ(june_c2.points_issued(), 7);
  EXPECT_EQ(june_c2.earners(), 1);
  EXPECT_EQ(june_c2.points_redeemed(), 4);
  EXPECT_EQ(june_c2.orders(), 1);

  // The street: its communities' volunteers, its own store and its communities' stores.
  pb::PointsStatistics june_street =
      statistics(street, "2026-06", server_->Token(Role::kSystem, "gateway"));
  EXPECT_EQ(june_street.points_issued(), 32);
  EXPECT_EQ(june_street.earners(), 3);
  EXPECT_EQ(june_street.points_redeemed(), 18);
  EXPECT_EQ(june_street.orders(), 4);

  // Months are China's: the order at 23:30 on 31 May is May's, the one at 00:30 on 1 June June's.
  pb::PointsStatistics may_street = statistics(street, "2026-05");
  EXPECT_EQ(may_street.month(), "2026-05");
  EXPECT_EQ(may_street.points_issued(), 10);
  EXPECT_EQ(may_street.earners(), 1);
  EXPECT_EQ(may_street.points_redeemed(), 3);
  EXPECT_EQ(may_street.orders(), 1);
  pb::PointsStatistics april = statistics(c1, "2026-04");
  EXPECT_EQ(april.points_issued(), 0);
  EXPECT_EQ(april.earners(), 0);
  EXPECT_EQ(april.points_redeemed(), 0);
  EXPECT_EQ(april.orders(), 0);
  // The current month is China's too: 00:30 on 1 July there is still June in UTC.
  clock_->Set(std::chrono::system_clock::from_time_t(1782837000));
  EXPECT_EQ(statistics(c1, "").month(), "2026-07");
  clock_->Set(kStart);

  // Admins in scope and the system only.
  pb::GetPointsStatisticsRequest request;
  request.set_region_id(c1);
  pb::PointsStatistics response;
  EXPECT_EQ(Call(&Stub::GetPointsStatistics, AdminA(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetPointsStatistics, StreetAdmin(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetPointsStatistics, Self(v1), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_region_id(street);
  EXPECT_EQ(Call(&Stub::GetPointsStatistics, admin_c1, request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Bad arguments name the field.
  testing::ExpectRegionAndMonthChecked(
      [&](const std::string& region_id, const std::string& month) {
        request.set_region_id(region_id);
        request.set_month(month);
        return Call(&Stub::GetPointsStatistics, System(), request, &response);
      },
      c1, {"", "41150200300", "411502003001001", "41150200300a"});
  ExpectConsistent();
}

}  // namespace
}  // namespace tongxin::points
