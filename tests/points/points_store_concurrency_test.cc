// The store under concurrency on a real PostgreSQL: a scarce reward never oversold, one
// volunteer's parallel redemptions never overdraw nor pass the per-person limit, parallel cancels
// refund once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/points/points_fixture.h"

namespace tongxin::points {
namespace {

class StoreConcurrencyTest : public PointsTest {};

TEST_F(StoreConcurrencyTest, ThousandConcurrentRedeemsOfAHundredUnitsGiveAHundredOrders) {
  constexpr int kVolunteers = 200, kPerVolunteer = 5, kStock = 100;
  std::vector<std::string> volunteers;
  for (int i = 0; i < kVolunteers; ++i) {
    volunteers.push_back(NewVolunteer());
    AwardHours(volunteers.back(), 10);
  }
  pb::Reward scarce = NewReward("限量米", 1, kStock);
  std::atomic<int> ok{0}, out_of_stock{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kVolunteers * kPerVolunteer; i += 40) {
        pb::Order order;
        grpc::Status status = Redeem(volunteers[i % kVolunteers], scarce.reward_id(), 1, &order);
        if (status.ok()) {
          ++ok;
        } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
          ++out_of_stock;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kStock);
  EXPECT_EQ(out_of_stock.load(), kVolunteers * kPerVolunteer - kStock);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Stock(scarce.reward_id()), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM orders WHERE reward_id = '" +
                              scarce.reward_id() + "'"),
            std::to_string(kStock));
  ExpectConsistent();
}

TEST_F(StoreConcurrencyTest, ParallelRedeemsByOneVolunteerNeverOverdraw) {
  std::string v = NewVolunteer();
  AwardHours(v, 24);
  AwardHours(v, 11);  // 35 points
  pb::Reward gift = NewReward("礼包-" + v, 10, 1000);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&] {
      pb::Order order;
      if (Redeem(v, gift.reward_id(), 1, &order).ok()) ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(Balance(v), 5);
  EXPECT_EQ(Stock(gift.reward_id()), 997);
  ExpectConsistent();
}

// The per-person limit under parallel redemptions by one volunteer: the account's row lock
// serialises them and each counts what the ones before it committed.
TEST_F(StoreConcurrencyTest, ParallelRedeemsByOneVolunteerKeepThePerPersonLimit) {
  std::string v = NewVolunteer();
  AwardHours(v, 24);  // 24 points: enough for all 20
  pb::Reward haircut = NewReward("理发券-" + v, 1, 1000, 2, pb::LIMIT_PERIOD_MONTH);
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&] {
      pb::Order order;
      grpc::Status status = Redeem(v, haircut.reward_id(), 1, &order);
      if (status.ok()) ++ok;
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) ++refused;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 2);
  EXPECT_EQ(refused.load(), 18);
  EXPECT_EQ(Stock(haircut.reward_id()), 998);
  EXPECT_EQ(Balance(v), 22);
  ExpectConsistent();
}

TEST_F(StoreConcurrencyTest, ParallelCancelsOfOneOrderRefundOnce) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward soap = NewReward("肥皂-" + v, 4, 10);
  pb::Order order;
  ASSERT_TRUE(Redeem(v, soap.reward_id(), 2, &order).ok());
  ASSERT_EQ(Balance(v), 2);
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      pb::CancelOrderRequest cancel;
      cancel.set_request_id(NextId());
      cancel.set_order_id(order.order_id());
      pb::Order cancelled;
      grpc::Status status = Call(&Stub::CancelOrder, Self(v), cancel, &cancelled);
      if (status.ok()) ++ok;
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) ++refused;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 15);
  EXPECT_EQ(Balance(v), 10);
  EXPECT_EQ(Stock(soap.reward_id()), 10);
  ExpectConsistent();
}

}  // namespace
}  // namespace tongxin::points
