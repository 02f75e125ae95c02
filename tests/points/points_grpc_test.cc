// The points service over real gRPC on a real PostgreSQL: the ledger, the store under
// concurrency, rankings, tiers and a commendation round from creation to final.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <spdlog/spdlog.h>

#include "services/points/grpc/points_grpc.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::points {
namespace {

constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
using Stub = pb::PointsService::Stub;

// 2026-06-15 12:00 China time, a Monday.
const Time kStart = std::chrono::system_clock::from_time_t(1781496000);

class PointsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);  // one line per RPC is too much for thousands of calls
    database_ = new testing::TestDatabase("points", "points");
    clock_ = new FakeClock(kStart);
    db_ = database_->Open(8).release();
    ledger_ = new LedgerRepository(*db_);
    settings_ = new SettingsRepository(*db_);
    store_ = new StoreRepository(*db_);
    rounds_ = new RoundRepository(*db_);
    PointsOptions options;
    options.expiry_enabled = true;
    domain_ = new PointsDomain(*ledger_, *settings_, *store_, *rounds_, *clock_, options);
    server_ = new testing::TestServer(*clock_);
    service_ = new PointsGrpc(*domain_, *db_, server_->runner());
    server_->Start(service_);
    stub_ = pb::PointsService::NewStub(server_->channel()).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
    delete service_;
    delete domain_;
    delete rounds_;
    delete store_;
    delete settings_;
    delete ledger_;
    delete db_;
    delete clock_;
    delete database_;
  }
  void SetUp() override { clock_->Set(kStart); }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response) {
    return testing::CallWith(stub_, method, token, request, response);
  }

  static std::string System() { return server_->Token(Role::kSystem, "posts-service"); }
  static std::string AdminA() {
    return server_->Token(Role::kCommunityAdmin, "admin-a", {kCommunityA});
  }
  static std::string AdminB() {
    return server_->Token(Role::kCommunityAdmin, "admin-b", {kCommunityB});
  }
  static std::string StreetAdmin() {
    return server_->Token(Role::kStreetAdmin, "street", {kStreet});
  }
  static std::string Self(const std::string& id) { return server_->Token(Role::kVolunteer, id); }
  static std::string NextId() { return "req-" + std::to_string(++counter_); }
  static std::string NewVolunteer() { return "vol-" + std::to_string(++counter_); }

  // Awards `hours` of post service (1 point per hour by default).
  static pb::AwardResponse AwardHours(const std::string& volunteer, double hours,
                                      const std::string& community = kCommunityA,
                                      bool party_member = false) {
    pb::AwardRequest request;
    request.set_request_id(NextId());
    request.set_volunteer_id(volunteer);
    request.set_volunteer_name("志愿者" + volunteer);
    request.set_community_id(community);
    request.set_party_member(party_member);
    request.set_activity(pb::ACTIVITY_POST_SERVICE);
    request.set_hours(hours);
    request.set_post_type("AID_NEEDY");
    request.set_source_ref("post-log:" + request.request_id());
    pb::AwardResponse response;
    grpc::Status status = Call(&Stub::Award, System(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static long long Balance(const std::string& volunteer) {
    pb::GetBalanceRequest request;
    request.set_volunteer_id(volunteer);
    pb::Balance balance;
    EXPECT_TRUE(Call(&Stub::GetBalance, System(), request, &balance).ok());
    return balance.balance();
  }

  static void ExpectConsistent() {
    pb::CheckConsistencyRequest request;
    pb::ConsistencyReport report;
    ASSERT_TRUE(Call(&Stub::CheckConsistency, System(), request, &report).ok());
    EXPECT_TRUE(report.consistent()) << report.DebugString();
    EXPECT_EQ(report.ledger_sum(), 0);
    EXPECT_EQ(report.negative_volunteer_balances(), 0);
  }

  static pb::Reward NewReward(const std::string& name, long long price, int stock, int limit = 0,
                              pb::LimitPeriod period = pb::LIMIT_PERIOD_UNSPECIFIED,
                              const std::string& token = "") {
    pb::CreateRewardRequest request;
    request.set_request_id(NextId());
    request.mutable_reward()->set_region_id(kCommunityA);
    request.mutable_reward()->set_name(name);
    request.mutable_reward()->set_price(price);
    request.mutable_reward()->set_stock(stock);
    request.mutable_reward()->set_per_person_limit(limit);
    request.mutable_reward()->set_limit_period(period);
    pb::Reward reward;
    grpc::Status status =
        Call(&Stub::CreateReward, token.empty() ? AdminA() : token, request, &reward);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reward;
  }

  static grpc::Status Redeem(const std::string& volunteer, const std::string& reward_id,
                             int quantity, pb::Order* order, const std::string& request_id = "") {
    pb::RedeemRequest request;
    request.set_request_id(request_id.empty() ? NextId() : request_id);
    request.set_volunteer_id(volunteer);
    request.set_reward_id(reward_id);
    request.set_quantity(quantity);
    return Call(&Stub::Redeem, Self(volunteer), request, order);
  }

  static int Stock(const std::string& reward_id) {
    pb::GetRewardRequest request;
    request.set_reward_id(reward_id);
    pb::Reward reward;
    EXPECT_TRUE(Call(&Stub::GetReward, Self("anyone"), request, &reward).ok());
    return reward.stock();
  }

  static inline testing::TestDatabase* database_;
  static inline FakeClock* clock_;
  static inline Db* db_;
  static inline LedgerRepository* ledger_;
  static inline SettingsRepository* settings_;
  static inline StoreRepository* store_;
  static inline RoundRepository* rounds_;
  static inline PointsDomain* domain_;
  static inline testing::TestServer* server_;
  static inline PointsGrpc* service_;
  static inline Stub* stub_;
  static inline std::atomic<int> counter_{0};
};

// ---- ledger ----

TEST_F(PointsTest, AwardFollowsTheRulesAndIsOncePerSource) {
  std::string v = NewVolunteer();
  pb::AwardRequest request;
  request.set_request_id(NextId());
  request.set_volunteer_id(v);
  request.set_community_id(kCommunityA);
  request.set_activity(pb::ACTIVITY_POST_SERVICE);
  request.set_hours(2.5);
  request.set_source_ref("post-log:award-rules");
  pb::AwardResponse first;
  EXPECT_EQ(Call(&Stub::Award, AdminA(), request, &first).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::Award, Self(v), request, &first).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &first).ok());
  EXPECT_EQ(first.points(), 2);  // whole points, rounded down
  EXPECT_EQ(first.transfer().from_account(), std::string("issuing:") + kCommunityA);

  // The same event again (a relay retry) under another request id: the first answer.
  pb::AwardResponse repeat;
  request.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &repeat).ok());
  EXPECT_EQ(repeat.transfer().transfer_id(), first.transfer().transfer_id());
  EXPECT_EQ(Balance(v), 2);

  // A wish earns the fixed award; honour hours earn nothing; the cap holds.
  request.set_request_id(NextId());
  request.set_activity(pb::ACTIVITY_WISH);
  request.set_source_ref("wish:1");
  pb::AwardResponse wish;
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &wish).ok());
  EXPECT_EQ(wish.points(), 5);
  request.set_request_id(NextId());
  request.set_activity(pb::ACTIVITY_HONOUR);
  request.set_source_ref("honour:1");
  pb::AwardResponse honour;
  ASSERT_TRUE(Call(&Stub::Award, System(), request, &honour).ok());
  EXPECT_EQ(honour.points(), 0);
  EXPECT_FALSE(honour.has_transfer());
  EXPECT_EQ(Balance(v), 7);

  for (auto spoil : std::vector<std::function<void(pb::AwardRequest&)>>{
           [](auto& r) { r.set_activity(pb::ACTIVITY_UNSPECIFIED); },
           [](auto& r) { r.set_activity(pb::ACTIVITY_POST_SERVICE), r.set_hours(25); },
           [](auto& r) { r.set_community_id("4115"); }, [](auto& r) { r.set_source_ref(""); },
           [](auto& r) { r.set_volunteer_id(""); }}) {
    pb::AwardRequest bad = request;
    bad.set_request_id(NextId());
    bad.set_source_ref("bad:" + bad.request_id());
    spoil(bad);
    pb::AwardResponse response;
    EXPECT_EQ(Call(&Stub::Award, System(), bad, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  ExpectConsistent();
}

TEST_F(PointsTest, EarningRulesAreDataAndTheirChangesAreAudited) {
  pb::UpdateEarningRulesRequest update;
  update.set_request_id(NextId());
  update.mutable_rules()->set_region_id(kCommunityB);
  update.mutable_rules()->set_points_per_hour(2);
  (*update.mutable_rules()->mutable_points_per_hour_by_post_type())["FREE_CLINIC"] = 3;
  update.mutable_rules()->set_wish_points(8);
  update.mutable_rules()->set_activity_cap(10);
  update.set_reason("街道统一调整");
  pb::EarningRules rules;
  EXPECT_EQ(Call(&Stub::UpdateEarningRules, AdminA(), update, &rules).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::UpdateEarningRules, AdminB(), update, &rules).ok());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM earning_rule_changes WHERE region_id = '" +
                              std::string(kCommunityB) + "' AND actor = 'admin-b'"),
            "1");
  std::string v = NewVolunteer();
  EXPECT_EQ(AwardHours(v, 3, kCommunityB).points(), 6);  // 2 per hour here
  pb::AwardRequest clinic;
  clinic.set_request_id(NextId());
  clinic.set_volunteer_id(v);
  clinic.set_community_id(kCommunityB);
  clinic.set_activity(pb::ACTIVITY_POST_SERVICE);
  clinic.set_post_type("FREE_CLINIC");
  clinic.set_hours(8);
  clinic.set_source_ref("post-log:clinic");
  pb::AwardResponse capped;
  ASSERT_TRUE(Call(&Stub::Award, System(), clinic, &capped).ok());
  EXPECT_EQ(capped.points(), 10);  // 24 by rate, capped at 10
  EXPECT_TRUE(capped.capped());
  // Community A still has the defaults.
  EXPECT_EQ(AwardHours(NewVolunteer(), 3, kCommunityA).points(), 3);
  update.set_request_id(NextId());
  update.set_reason("");
  EXPECT_EQ(Call(&Stub::UpdateEarningRules, AdminB(), update, &rules).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PointsTest, AdjustmentsNeedScopeAndReasonAndNeverOverdraw) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::AdjustRequest adjust;
  adjust.set_request_id(NextId());
  adjust.set_volunteer_id(v);
  adjust.set_community_id(kCommunityA);
  adjust.set_amount(-4);
  adjust.set_reason("重复记录扣回");
  pb::Transfer transfer;
  EXPECT_EQ(Call(&Stub::Adjust, AdminB(), adjust, &transfer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::Adjust, Self(v), adjust, &transfer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::Adjust, AdminA(), adjust, &transfer).ok());
  EXPECT_EQ(transfer.signed_amount(), -4);
  EXPECT_EQ(Balance(v), 6);
  adjust.set_request_id(NextId());
  adjust.set_amount(-7);
  grpc::Status overdraw = Call(&Stub::Adjust, AdminA(), adjust, &transfer);
  EXPECT_EQ(overdraw.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Balance(v), 6);
  adjust.set_request_id(NextId());
  adjust.set_amount(3);
  adjust.set_reason("");
  EXPECT_EQ(Call(&Stub::Adjust, AdminA(), adjust, &transfer).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ExpectConsistent();
}

TEST_F(PointsTest, ReversalsCorrectOnceAndTheLedgerStaysImmutable) {
  std::string v = NewVolunteer();
  pb::AwardResponse award = AwardHours(v, 8);
  pb::ReverseTransferRequest reverse;
  reverse.set_request_id(NextId());
  reverse.set_transfer_id(award.transfer().transfer_id());
  reverse.set_reason("服务记录被撤销");
  pb::Transfer reversal;
  EXPECT_EQ(Call(&Stub::ReverseTransfer, AdminB(), reverse, &reversal).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ReverseTransfer, AdminA(), reverse, &reversal).ok());
  EXPECT_EQ(reversal.reverses_transfer_id(), award.transfer().transfer_id());
  EXPECT_EQ(Balance(v), 0);
  reverse.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::ReverseTransfer, AdminA(), reverse, &reversal).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Earned points went back too.
  pb::GetBalanceRequest balance_request;
  balance_request.set_volunteer_id(v);
  pb::Balance balance;
  ASSERT_TRUE(Call(&Stub::GetBalance, Self(v), balance_request, &balance).ok());
  EXPECT_EQ(balance.earned_total(), 0);
  // Nobody edits the ledger, not even with SQL.
  EXPECT_THROW(database_->Scalar("UPDATE transfers SET amount = 1 RETURNING 1"), std::exception);
  ExpectConsistent();
}

TEST_F(PointsTest, StatementIsNewestFirstWithTiers) {
  std::string v = NewVolunteer();
  for (int i = 0; i < 5; ++i) AwardHours(v, 24);  // capped at 50 each? no: 24 points each
  pb::ListTransfersRequest list;
  list.set_volunteer_id(v);
  list.set_page_size(2);
  std::vector<long long> ids;
  for (int page = 0; page < 5; ++page) {
    pb::ListTransfersResponse response;
    ASSERT_TRUE(Call(&Stub::ListTransfers, Self(v), list, &response).ok());
    for (const auto& t : response.transfers()) {
      ids.push_back(t.transfer_id());
      EXPECT_EQ(t.signed_amount(), 24);
      EXPECT_FALSE(t.source_ref().empty());
    }
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));
  pb::GetBalanceRequest request;
  request.set_volunteer_id(v);
  pb::Balance balance;
  ASSERT_TRUE(Call(&Stub::GetBalance, Self(v), request, &balance).ok());
  EXPECT_EQ(balance.balance(), 120);
  EXPECT_EQ(balance.tier(), "铜牌志愿者");
  EXPECT_EQ(balance.next_tier(), "银牌志愿者");
  EXPECT_EQ(balance.points_to_next_tier(), 180);
  EXPECT_EQ(Call(&Stub::GetBalance, Self("someone-else"), request, &balance).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetBalance, AdminB(), request, &balance).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&Stub::GetBalance, AdminA(), request, &balance).ok());
}

// ---- the store ----

TEST_F(PointsTest, RedeemCollectAndCancel) {
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

TEST_F(PointsTest, PerPersonLimitAndActiveWindow) {
  std::string v = NewVolunteer();
  AwardHours(v, 20);
  pb::Reward haircut = NewReward("理发券-" + v, 1, 100, 2, pb::LIMIT_PERIOD_MONTH);
  pb::Order order;
  ASSERT_TRUE(Redeem(v, haircut.reward_id(), 2, &order).ok());
  grpc::Status over = Redeem(v, haircut.reward_id(), 1, &order);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(over.error_message().find("limit"), std::string::npos);
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

TEST_F(PointsTest, RedeemIsIdempotentByRequestId) {
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

TEST_F(PointsTest, ThousandConcurrentRedeemsOfAHundredUnitsGiveAHundredOrders) {
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

TEST_F(PointsTest, ParallelRedeemsByOneVolunteerNeverOverdraw) {
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

TEST_F(PointsTest, ParallelCancelsOfOneOrderRefundOnce) {
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

// ---- rankings ----

TEST_F(PointsTest, LeaderboardsRankEarnedPointsWithTies) {
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

// ---- commendation rounds ----

TEST_F(PointsTest, CommendationRoundFromCreationToFinal) {
  const std::string community = "411502001008";
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-8", {community});
  // Top 2 with a tie for second: three candidates.
  for (auto [id, hours] : std::vector<std::pair<std::string, double>>{
           {"cr-1", 24}, {"cr-2", 12}, {"cr-3", 12}, {"cr-4", 3}}) {
    AwardHours(id, hours, community, /*party_member=*/true);
  }
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  auto* r = create.mutable_round();
  r->set_title("2026年度优秀共产党员推荐");
  r->set_region_id(community);
  r->set_period_kind(pb::PERIOD_KIND_YEAR);
  r->set_period("2026");
  r->set_party_members_only(true);
  r->set_rule(pb::RULE_KIND_TOP_N);
  r->set_rule_value(2);
  pb::Round round;
  EXPECT_EQ(Call(&Stub::CreateRound, AdminA(), create, &round).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 3);
  EXPECT_EQ(round.candidates(0).volunteer_id(), "cr-1");
  EXPECT_EQ(round.candidates(1).rank(), 2);
  EXPECT_EQ(round.candidates(2).rank(), 2);
  EXPECT_EQ(round.status(), pb::ROUND_STATUS_PROPOSED);

  auto decide = [&](const std::string& volunteer, pb::CandidateDecision decision,
                    const std::string& reason) {
    pb::DecideCandidateRequest request;
    request.set_request_id(NextId());
    request.set_round_id(round.round_id());
    request.set_volunteer_id(volunteer);
    request.set_decision(decision);
    request.set_reason(reason);
    pb::Round out;
    grpc::Status status = Call(&Stub::DecideCandidate, admin, request, &out);
    if (status.ok()) round = out;
    return status.error_code();
  };
  pb::PublishRoundRequest publish;
  publish.set_request_id(NextId());
  publish.set_round_id(round.round_id());
  pb::Round published;
  EXPECT_EQ(decide("cr-3", pb::CANDIDATE_DECISION_STRUCK, ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(decide("cr-1", pb::CANDIDATE_DECISION_CONFIRMED, ""), grpc::StatusCode::OK);
  EXPECT_EQ(Call(&Stub::PublishRound, admin, publish, &published).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // two still undecided
  EXPECT_EQ(decide("cr-2", pb::CANDIDATE_DECISION_CONFIRMED, ""), grpc::StatusCode::OK);
  EXPECT_EQ(decide("cr-3", pb::CANDIDATE_DECISION_STRUCK, "本年度有群众投诉未处理完毕"),
            grpc::StatusCode::OK);
  EXPECT_EQ(decide("cr-4", pb::CANDIDATE_DECISION_CONFIRMED, ""), grpc::StatusCode::NOT_FOUND);
  publish.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::PublishRound, admin, publish, &published).ok());
  EXPECT_EQ(published.status(), pb::ROUND_STATUS_IN_NOTICE);
  // Monday + 5 working days = next Monday.
  EXPECT_EQ(published.notice_until().seconds(),
            std::chrono::system_clock::to_time_t(kStart + std::chrono::hours(24 * 7)));
  EXPECT_EQ(decide("cr-1", pb::CANDIDATE_DECISION_STRUCK, "too late"),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::LodgeObjectionRequest object;
  object.set_request_id(NextId());
  object.set_round_id(round.round_id());
  object.set_volunteer_id("cr-2");
  object.set_text("该同志服务时长有虚报");
  pb::Objection objection;
  ASSERT_TRUE(Call(&Stub::LodgeObjection, Self("resident-1"), object, &objection).ok());
  object.set_request_id(NextId());
  object.set_volunteer_id("cr-3");  // struck: not on the list
  EXPECT_EQ(Call(&Stub::LodgeObjection, Self("resident-1"), object, &objection).error_code(),
            grpc::StatusCode::NOT_FOUND);

  pb::FinalizeRoundRequest finalize;
  finalize.set_request_id(NextId());
  finalize.set_round_id(round.round_id());
  pb::Round final_round;
  EXPECT_EQ(Call(&Stub::FinalizeRound, admin, finalize, &final_round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // notice not over
  clock_->Advance(std::chrono::hours(24 * 7));
  finalize.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::FinalizeRound, admin, finalize, &final_round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // objection open

  pb::ResolveObjectionRequest resolve;
  resolve.set_request_id(NextId());
  resolve.set_objection_id(objection.objection_id());
  resolve.set_upheld(true);
  resolve.set_resolution("经核实，部分时长重复记录，撤销推荐");
  pb::Round resolved;
  ASSERT_TRUE(Call(&Stub::ResolveObjection, admin, resolve, &resolved).ok());
  finalize.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::FinalizeRound, admin, finalize, &final_round).ok());
  EXPECT_EQ(final_round.status(), pb::ROUND_STATUS_FINAL);

  pb::ListCommendationsRequest mine;
  mine.set_volunteer_id("cr-1");
  pb::ListCommendationsResponse commendations;
  ASSERT_TRUE(Call(&Stub::ListCommendations, Self("cr-1"), mine, &commendations).ok());
  ASSERT_EQ(commendations.commendations_size(), 1);
  EXPECT_EQ(commendations.commendations(0).title(), "2026年度优秀共产党员推荐");
  mine.set_volunteer_id("cr-2");
  ASSERT_TRUE(Call(&Stub::ListCommendations, Self("cr-2"), mine, &commendations).ok());
  EXPECT_EQ(commendations.commendations_size(), 0);

  // Later ledger corrections never change a final round.
  pb::ListTransfersRequest list;
  list.set_volunteer_id("cr-1");
  pb::ListTransfersResponse transfers;
  ASSERT_TRUE(Call(&Stub::ListTransfers, Self("cr-1"), list, &transfers).ok());
  pb::ReverseTransferRequest reverse;
  reverse.set_request_id(NextId());
  reverse.set_transfer_id(transfers.transfers(0).transfer_id());
  reverse.set_reason("更正");
  pb::Transfer reversal;
  ASSERT_TRUE(Call(&Stub::ReverseTransfer, admin, reverse, &reversal).ok());
  pb::GetRoundRequest get;
  get.set_round_id(round.round_id());
  pb::Round after;
  ASSERT_TRUE(Call(&Stub::GetRound, Self("anyone"), get, &after).ok());
  EXPECT_EQ(after.candidates(0).points(), 24);
  EXPECT_EQ(after.status(), pb::ROUND_STATUS_FINAL);
  EXPECT_THROW(database_->Scalar("DELETE FROM commendations RETURNING 1"), std::exception);

  pb::ExportRoundRequest export_request;
  export_request.set_round_id(round.round_id());
  pb::ExportRoundResponse exported;
  ASSERT_TRUE(Call(&Stub::ExportRound, admin, export_request, &exported).ok());
  EXPECT_EQ(exported.csv().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(exported.csv().find("志愿者cr-1"), std::string::npos);
  EXPECT_NE(exported.csv().find("撤销"), std::string::npos);
  EXPECT_EQ(Call(&Stub::ExportRound, AdminA(), export_request, &exported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// ---- expiry ----

TEST_F(PointsTest, ExpiryTakesWhatIsLeftOfAYearOldestFirstOnce) {
  std::string v = NewVolunteer();
  clock_->Set(std::chrono::system_clock::from_time_t(1718424000));  // 2024-06-15
  AwardHours(v, 20);                                                // earned in 2024
  clock_->Set(std::chrono::system_clock::from_time_t(1749960000));  // 2025-06-15
  AwardHours(v, 10);                                                // earned in 2025
  pb::Reward reward = NewReward("expiry-" + v, 15, 5);
  pb::Order order;
  ASSERT_TRUE(Redeem(v, reward.reward_id(), 1, &order).ok());  // spends 15 of 2024's 20
  clock_->Set(kStart);                                         // 2026
  pb::RunExpiryRequest run;
  run.set_request_id(NextId());
  run.set_year(2024);
  pb::RunExpiryResponse result;
  EXPECT_EQ(Call(&Stub::RunExpiry, AdminA(), run, &result).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::RunExpiry, System(), run, &result).ok());
  EXPECT_EQ(Balance(v), 10);  // 5 of 2024 expired; 2025's 10 stay until the end of 2026
  run.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::RunExpiry, System(), run, &result).ok());
  EXPECT_EQ(result.points_expired(), 0);
  EXPECT_EQ(Balance(v), 10);
  run.set_request_id(NextId());
  run.set_year(2025);
  EXPECT_EQ(Call(&Stub::RunExpiry, System(), run, &result).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ExpectConsistent();
}

// ---- the rest of the surface: settings, catalogue, replays, authentication ----

TEST_F(PointsTest, MissingOrForeignTokensAreRefused) {
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

TEST_F(PointsTest, TiersAreSetByTheSystemAndValidated) {
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

TEST_F(PointsTest, EffectiveRulesFallBackToTheDefaults) {
  pb::GetEarningRulesRequest request;
  request.set_region_id("411502001005");
  pb::EarningRules rules;
  ASSERT_TRUE(Call(&Stub::GetEarningRules, Self("anyone"), request, &rules).ok());
  EXPECT_EQ(rules.region_id(), "");
  EXPECT_EQ(rules.points_per_hour(), 1);
  EXPECT_EQ(rules.wish_points(), 5);
  request.set_region_id("12");
  EXPECT_EQ(Call(&Stub::GetEarningRules, Self("anyone"), request, &rules).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PointsTest, CatalogueRestockWindowAndListing) {
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

TEST_F(PointsTest, CancelAndAwardReplaysReturnTheFirstAnswer) {
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

TEST_F(PointsTest, RoundsListAndRulesOtherThanTopN) {
  const std::string community = "411502001006";
  const std::string admin = server_->Token(Role::kCommunityAdmin, "admin-6", {community});
  AwardHours("mp-1", 24, community);
  AwardHours("mp-2", 6, community);
  pb::CreateRoundRequest create;
  create.set_request_id(NextId());
  auto* r = create.mutable_round();
  r->set_title("2026年6月优秀志愿者");
  r->set_region_id(community);
  r->set_period_kind(pb::PERIOD_KIND_MONTH);
  r->set_period("2026-06");
  r->set_rule(pb::RULE_KIND_MIN_POINTS);
  r->set_rule_value(10);
  pb::Round round;
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  ASSERT_EQ(round.candidates_size(), 1);
  EXPECT_EQ(round.candidates(0).volunteer_id(), "mp-1");
  create.set_request_id(NextId());
  r->set_rule(pb::RULE_KIND_MIN_TIER);
  r->set_rule_tier("没有这个等级");
  EXPECT_EQ(Call(&Stub::CreateRound, admin, create, &round).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  create.set_request_id(NextId());
  r->set_rule_tier("志愿者");
  ASSERT_TRUE(Call(&Stub::CreateRound, admin, create, &round).ok());
  EXPECT_EQ(round.candidates_size(), 2);
  create.set_request_id(NextId());
  r->set_period("2026-6");
  EXPECT_EQ(Call(&Stub::CreateRound, admin, create, &round).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pb::ListRoundsRequest list;
  list.set_region_id(community);
  pb::ListRoundsResponse rounds;
  ASSERT_TRUE(Call(&Stub::ListRounds, Self("anyone"), list, &rounds).ok());
  EXPECT_EQ(rounds.rounds_size(), 2);
}

TEST_F(PointsTest, SuccessiveExpiriesNeverTakeTheSamePointsTwice) {
  std::string v = NewVolunteer();
  clock_->Set(std::chrono::system_clock::from_time_t(1686801600));  // 2023-06-15
  AwardHours(v, 10);
  clock_->Set(std::chrono::system_clock::from_time_t(1749960000));  // 2025-06-15
  AwardHours(v, 10);
  clock_->Set(kStart);
  for (int year : {2023, 2024}) {
    pb::RunExpiryRequest run;
    run.set_request_id(NextId());
    run.set_year(year);
    pb::RunExpiryResponse result;
    ASSERT_TRUE(Call(&Stub::RunExpiry, System(), run, &result).ok());
  }
  EXPECT_EQ(Balance(v), 10);  // 2023's points went; 2025's stay until the end of 2026
  ExpectConsistent();
}

TEST(WorkingDays, NoticeRunsFiveFullWorkingDays) {
  auto at = [](int day, int hour) {  // June 2026, China time
    std::tm tm{};
    tm.tm_year = 126;
    tm.tm_mon = 5;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    return std::chrono::system_clock::from_time_t(timegm(&tm) - 8 * 3600);
  };
  EXPECT_EQ(AddWorkingDays(at(15, 12), 5), at(22, 12));  // Monday noon → next Monday noon
  EXPECT_EQ(AddWorkingDays(at(19, 9), 5), at(26, 9));    // Friday → next Friday
  EXPECT_EQ(AddWorkingDays(at(20, 10), 5), at(29, 0));   // Saturday → from Monday, 5 full days
}

TEST_F(PointsTest, RewardsCanHaveAnEndOfTheirWindow) {
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

// ---- statistics ----

TEST_F(PointsTest, StatisticsCountEarnedAndRedeemedPointsOfAMonth) {
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
  for (const std::string bad : {"", "41150200300", "411502003001001", "41150200300a"}) {
    request.set_region_id(bad);
    grpc::Status status = Call(&Stub::GetPointsStatistics, System(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message().rfind("region_id:", 0), 0u) << status.error_message();
  }
  request.set_region_id(c1);
  for (const std::string bad :
       {"2026-13", "2026-00", "2026-6", "202606", "1899-12", "2026-06-01"}) {
    request.set_month(bad);
    grpc::Status status = Call(&Stub::GetPointsStatistics, System(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message().rfind("month:", 0), 0u) << status.error_message();
  }
  ExpectConsistent();
}

}  // namespace
}  // namespace tongxin::points
