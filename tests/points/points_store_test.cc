// The store over real gRPC on a real PostgreSQL: rewards and their windows, redeem, collect and
// cancel, per-person limits, and replays by request id.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/points/points_fixture.h"

namespace tongxin::points {
namespace {

class StoreTest : public PointsTest {};

TEST_F(StoreTest, RedeemCollectAndCancel) {
  std::string v = NewVolunteer();
  AwardHours(v, 20);
  pb::Reward rice = NewReward("大米5kg-" + v, 5, 10);
  pb::Reward reward;
  pb::CreateRewardRequest create;
  create.set_request_id(NextId());
  create.mutable_reward()->set_region_id(kCommunityA);
  create.mutable_reward()->set_name("洗衣液");
  create.mutable_reward()->set_price(3);
  EXPECT_EQ(Call(&Stub::CreateReward, Self(v), create, &reward).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreateReward, AdminB(), create, &reward).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  pb::Order order;
  ASSERT_TRUE(Redeem(v, rice.reward_id(), 2, &order).ok());
  EXPECT_EQ(order.status(), pb::ORDER_STATUS_HELD);
  EXPECT_EQ(order.points(), 10);
  EXPECT_EQ(order.pickup_code().size(), 8u);
  EXPECT_EQ(Balance(v), 10);
  EXPECT_EQ(Stock(rice.reward_id()), 8);

  pb::CollectOrderRequest collect;
  collect.set_request_id(NextId());
  collect.set_order_id(order.order_id());
  collect.set_pickup_code("WRONG000");
  pb::Order collected;
  EXPECT_EQ(Call(&Stub::CollectOrder, AdminA(), collect, &collected).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  collect.set_pickup_code(order.pickup_code());
  collect.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::CollectOrder, Self(v), collect, &collected).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CollectOrder, AdminA(), collect, &collected).ok());
  EXPECT_EQ(collected.status(), pb::ORDER_STATUS_COLLECTED);

  pb::CancelOrderRequest cancel;
  cancel.set_request_id(NextId());
  cancel.set_order_id(order.order_id());
  pb::Order cancelled;
  EXPECT_EQ(Call(&Stub::CancelOrder, Self(v), cancel, &cancelled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::Order second;
  ASSERT_TRUE(Redeem(v, rice.reward_id(), 1, &second).ok());
  cancel.set_request_id(NextId());
  cancel.set_order_id(second.order_id());
  EXPECT_EQ(Call(&Stub::CancelOrder, Self("intruder"), cancel, &cancelled).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CancelOrder, Self(v), cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.status(), pb::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(Balance(v), 10);
  EXPECT_EQ(Stock(rice.reward_id()), 8);

  EXPECT_EQ(Redeem(v, rice.reward_id(), 3, &order).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // 15 points, has 10
  EXPECT_EQ(Redeem(v, rice.reward_id(), 0, &order).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Redeem(v, "00000000-0000-4000-8000-000000000000", 1, &order).error_code(),
            grpc::StatusCode::NOT_FOUND);

  pb::ListOrdersRequest mine;
  mine.set_volunteer_id(v);
  pb::ListOrdersResponse orders;
  ASSERT_TRUE(Call(&Stub::ListOrders, Self(v), mine, &orders).ok());
  EXPECT_EQ(orders.orders_size(), 2);
  EXPECT_FALSE(orders.orders(0).pickup_code().empty());  // the volunteer sees their codes
  pb::ListOrdersRequest store_orders;
  store_orders.set_region_id(kCommunityA);
  store_orders.set_status(pb::ORDER_STATUS_CANCELLED);
  ASSERT_TRUE(Call(&Stub::ListOrders, AdminA(), store_orders, &orders).ok());
  EXPECT_GE(orders.orders_size(), 1);
  for (const auto& o : orders.orders()) EXPECT_TRUE(o.pickup_code().empty());  // staff do not
  EXPECT_EQ(Call(&Stub::ListOrders, AdminB(), store_orders, &orders).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ExpectConsistent();
}

TEST_F(StoreTest, PerPersonLimitAndActiveWindow) {
  std::string v = NewVolunteer();
  AwardHours(v, 20);
  pb::Reward haircut = NewReward("理发券-" + v, 1, 100, 2, pb::LIMIT_PERIOD_MONTH);
  pb::Order order;
  ASSERT_TRUE(Redeem(v, haircut.reward_id(), 2, &order).ok());
  grpc::Status over = Redeem(v, haircut.reward_id(), 1, &order);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(over.error_message(),
            "quantity: the limit is 2 per person per period; 2 already taken");
  // Next month the limit starts again.
  clock_->Advance(std::chrono::hours(24 * 20));
  EXPECT_TRUE(Redeem(v, haircut.reward_id(), 1, &order).ok());

  pb::SetRewardActiveRequest off;
  off.set_request_id(NextId());
  off.set_reward_id(haircut.reward_id());
  off.set_active(false);
  pb::Reward reward;
  ASSERT_TRUE(Call(&Stub::SetRewardActive, AdminA(), off, &reward).ok());
  EXPECT_EQ(Redeem(v, haircut.reward_id(), 1, &order).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(StoreTest, RedeemIsIdempotentByRequestId) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward oil = NewReward("食用油-" + v, 4, 5);
  pb::Order first, again;
  ASSERT_TRUE(Redeem(v, oil.reward_id(), 1, &first, "redeem-once-" + v).ok());
  ASSERT_TRUE(Redeem(v, oil.reward_id(), 1, &again, "redeem-once-" + v).ok());
  EXPECT_EQ(first.order_id(), again.order_id());
  EXPECT_EQ(Balance(v), 6);
  EXPECT_EQ(Stock(oil.reward_id()), 4);
}

// The answer is stored after the work: a retry of a redeem that succeeded gets its order even
// though the reward has sold out since, while a new request hears that it has.
TEST_F(StoreTest, ARetryAfterTheStockRanOutReturnsTheFirstOrder) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward last = NewReward("最后一件-" + v, 2, 1);
  pb::Order first, again, refused;
  ASSERT_TRUE(Redeem(v, last.reward_id(), 1, &first, "redeem-last-" + v).ok());
  ASSERT_EQ(Stock(last.reward_id()), 0);
  grpc::Status retry = Redeem(v, last.reward_id(), 1, &again, "redeem-last-" + v);
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_EQ(again.order_id(), first.order_id());
  EXPECT_EQ(again.pickup_code(), first.pickup_code());
  grpc::Status sold_out = Redeem(v, last.reward_id(), 1, &refused);
  EXPECT_EQ(sold_out.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(sold_out.error_message(), "reward_id: not enough units left");
  EXPECT_EQ(Balance(v), 8);
  ExpectConsistent();
}

TEST_F(StoreTest, CatalogueRestockWindowAndListing) {
  pb::Reward towel = NewReward("毛巾-catalogue", 2, 1);
  pb::RestockRewardRequest restock;
  restock.set_request_id(NextId());
  restock.set_reward_id(towel.reward_id());
  restock.set_add_units(9);
  pb::Reward restocked;
  EXPECT_EQ(Call(&Stub::RestockReward, AdminB(), restock, &restocked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::RestockReward, AdminA(), restock, &restocked).ok());
  EXPECT_EQ(restocked.stock(), 10);
  restock.set_request_id(NextId());
  restock.set_add_units(0);
  EXPECT_EQ(Call(&Stub::RestockReward, AdminA(), restock, &restocked).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A reward offered from next week: listed for admins, not redeemable yet.
  pb::CreateRewardRequest later;
  later.set_request_id(NextId());
  later.mutable_reward()->set_region_id(kStreet);  // a street-wide store
  later.mutable_reward()->set_name("家电维修券-later");
  later.mutable_reward()->set_price(1);
  later.mutable_reward()->set_stock(5);
  later.mutable_reward()->mutable_active_from()->set_seconds(
      std::chrono::system_clock::to_time_t(kStart + std::chrono::hours(24 * 7)));
  pb::Reward future;
  EXPECT_EQ(Call(&Stub::CreateReward, AdminA(), later, &future).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a community admin does not run the street
  ASSERT_TRUE(Call(&Stub::CreateReward, StreetAdmin(), later, &future).ok());
  std::string v = NewVolunteer();
  AwardHours(v, 5);
  pb::Order order;
  EXPECT_EQ(Redeem(v, future.reward_id(), 1, &order).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::ListRewardsRequest list;
  list.set_region_id(kCommunityA);  // the community's rewards and its street's
  list.set_page_size(200);
  pb::ListRewardsResponse all, active;
  ASSERT_TRUE(Call(&Stub::ListRewards, Self(v), list, &all).ok());
  list.set_active_only(true);
  ASSERT_TRUE(Call(&Stub::ListRewards, Self(v), list, &active).ok());
  auto has = [](const pb::ListRewardsResponse& r, const std::string& id) {
    return std::any_of(r.rewards().begin(), r.rewards().end(),
                       [&](const pb::Reward& x) { return x.reward_id() == id; });
  };
  EXPECT_TRUE(has(all, future.reward_id()));
  EXPECT_FALSE(has(active, future.reward_id()));
  EXPECT_TRUE(has(active, towel.reward_id()));
  clock_->Advance(std::chrono::hours(24 * 8));
  EXPECT_TRUE(Redeem(v, future.reward_id(), 1, &order).ok());
}

TEST_F(StoreTest, RewardsCanHaveAnEndOfTheirWindow) {
  pb::CreateRewardRequest create;
  create.set_request_id(NextId());
  create.mutable_reward()->set_region_id(kCommunityA);
  create.mutable_reward()->set_name("端午粽子");
  create.mutable_reward()->set_price(2);
  create.mutable_reward()->set_stock(5);
  create.mutable_reward()->mutable_active_until()->set_seconds(
      std::chrono::system_clock::to_time_t(kStart + std::chrono::hours(24)));
  pb::Reward reward;
  ASSERT_TRUE(Call(&Stub::CreateReward, AdminA(), create, &reward).ok());
  EXPECT_TRUE(reward.has_active_until());
  std::string v = NewVolunteer();
  AwardHours(v, 4);
  pb::Order order;
  EXPECT_TRUE(Redeem(v, reward.reward_id(), 1, &order).ok());
  clock_->Advance(std::chrono::hours(48));
  EXPECT_EQ(Redeem(v, reward.reward_id(), 1, &order).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  create.set_request_id(NextId());
  create.mutable_reward()->set_name("过期的");
  create.mutable_reward()->mutable_active_until()->set_seconds(1);
  EXPECT_EQ(Call(&Stub::CreateReward, AdminA(), create, &reward).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StoreTest, CancelAndAwardReplaysReturnTheFirstAnswer) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward reward = NewReward("replay-" + v, 3, 5);
  pb::Order order;
  ASSERT_TRUE(Redeem(v, reward.reward_id(), 1, &order).ok());
  pb::CancelOrderRequest cancel;
  cancel.set_request_id("cancel-once-" + v);
  cancel.set_order_id(order.order_id());
  pb::Order first, again;
  ASSERT_TRUE(Call(&Stub::CancelOrder, Self(v), cancel, &first).ok());
  ASSERT_TRUE(Call(&Stub::CancelOrder, Self(v), cancel, &again).ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(Balance(v), 10);

  pb::AwardRequest award;
  award.set_request_id("award-once-" + v);
  award.set_volunteer_id(v);
  award.set_community_id(kCommunityA);
  award.set_activity(pb::ACTIVITY_WISH);
  award.set_source_ref("wish:replay-" + v);
  pb::AwardResponse a, b;
  ASSERT_TRUE(Call(&Stub::Award, System(), award, &a).ok());
  ASSERT_TRUE(Call(&Stub::Award, System(), award, &b).ok());
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  EXPECT_EQ(Balance(v), 15);
  award.set_hours(3);  // the same request id with another request
  EXPECT_EQ(Call(&Stub::Award, System(), award, &b).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Acting for a volunteer (redeeming or cancelling for them) needs scope over the volunteer's home
// community as well as over the store; the refusal names nothing about the volunteer. The home
// is where their points account was opened and does not follow a later award elsewhere.
TEST_F(StoreTest, OnBehalfOfAVolunteerNeedsScopeOverTheirHomeCommunity) {
  std::string v = NewVolunteer();
  AwardHours(v, 20, kCommunityB);                   // lives and serves in B
  AwardHours(v, 5, kCommunityA);                    // one activity in A does not move them to A
  pb::Reward soap = NewReward("肥皂-" + v, 2, 20);  // A's store
  pb::RedeemRequest redeem;
  redeem.set_request_id(NextId());
  redeem.set_volunteer_id(v);
  redeem.set_reward_id(soap.reward_id());
  redeem.set_quantity(1);
  pb::Order order;
  grpc::Status denied = Call(&Stub::Redeem, AdminA(), redeem, &order);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(denied.error_message().find(v), std::string::npos);
  EXPECT_EQ(denied.error_message().find(kCommunityB), std::string::npos);
  redeem.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::Redeem, AdminB(), redeem, &order).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // B's admin does not run A's store
  EXPECT_EQ(Balance(v), 25);
  // A volunteer without any points: the same answer, not another one.
  std::string stranger = NewVolunteer();
  redeem.set_request_id(NextId());
  redeem.set_volunteer_id(stranger);
  grpc::Status unknown = Call(&Stub::Redeem, AdminA(), redeem, &order);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(unknown.error_message(), denied.error_message());
  // The street admin covers both; the volunteer themself may always.
  redeem.set_request_id(NextId());
  redeem.set_volunteer_id(v);
  ASSERT_TRUE(Call(&Stub::Redeem, StreetAdmin(), redeem, &order).ok());
  pb::Order own;
  ASSERT_TRUE(Redeem(v, soap.reward_id(), 1, &own).ok());
  EXPECT_EQ(Balance(v), 21);

  // Cancelling for them: the same rule.
  pb::CancelOrderRequest cancel;
  cancel.set_request_id(NextId());
  cancel.set_order_id(own.order_id());
  pb::Order cancelled;
  grpc::Status cancel_denied = Call(&Stub::CancelOrder, AdminA(), cancel, &cancelled);
  EXPECT_EQ(cancel_denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(cancel_denied.error_message().find(v), std::string::npos);
  EXPECT_EQ(cancel_denied.error_message().find(kCommunityB), std::string::npos);
  cancel.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::CancelOrder, AdminB(), cancel, &cancelled).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  cancel.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::CancelOrder, StreetAdmin(), cancel, &cancelled).ok());
  EXPECT_EQ(Balance(v), 23);
  // The store's admin still hands out what the volunteer ordered there: with the volunteer's code.
  pb::Order fetched;
  ASSERT_TRUE(Redeem(v, soap.reward_id(), 1, &fetched).ok());
  pb::CollectOrderRequest collect;
  collect.set_request_id(NextId());
  collect.set_order_id(fetched.order_id());
  collect.set_pickup_code(fetched.pickup_code());
  pb::Order collected;
  grpc::Status handed_out = Call(&Stub::CollectOrder, AdminA(), collect, &collected);
  EXPECT_TRUE(handed_out.ok()) << handed_out.error_message();

  // A's admin still acts for A's own volunteers.
  std::string neighbour = NewVolunteer();
  AwardHours(neighbour, 6, kCommunityA);
  redeem.set_request_id(NextId());
  redeem.set_volunteer_id(neighbour);
  ASSERT_TRUE(Call(&Stub::Redeem, AdminA(), redeem, &order).ok());
  cancel.set_request_id(NextId());
  cancel.set_order_id(order.order_id());
  EXPECT_TRUE(Call(&Stub::CancelOrder, AdminA(), cancel, &cancelled).ok());

  // The awarding service may name the volunteer's home (as the volunteer service records it):
  // the account follows it, and A's admin no longer acts for them.
  pb::AwardRequest award;
  award.set_request_id(NextId());
  award.set_volunteer_id(neighbour);
  award.set_community_id(kCommunityA);
  award.set_home_community_id(kCommunityB);
  award.set_activity(pb::ACTIVITY_WISH);
  award.set_source_ref("wish:home-" + neighbour);
  pb::AwardResponse awarded;
  ASSERT_TRUE(Call(&Stub::Award, System(), award, &awarded).ok());
  redeem.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::Redeem, AdminA(), redeem, &order).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::GetBalanceRequest balance;
  balance.set_volunteer_id(neighbour);
  pb::Balance seen;
  EXPECT_EQ(Call(&Stub::GetBalance, AdminA(), balance, &seen).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::GetBalance, AdminB(), balance, &seen).ok());
  EXPECT_EQ(seen.balance(), 11);
  ExpectConsistent();
}

}  // namespace
}  // namespace tongxin::points
