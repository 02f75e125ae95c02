// Redeem and Award as one server-side call each (points_redeem, points_award; migration V0006):
// the request id kept by the call itself — a retry answers byte-equal with the first answer
// even after the order changed, waits for an uncommitted first attempt, and a key stored by
// IdempotencyStore before the migration still answers — and the award's earning rules kept by
// the service only while the database has the same.
#include <gtest/gtest.h>

#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "services/common/idempotency.h"
#include "services/common/outbox_statements.h"
#include "services/points/repository/store_queries.h"
#include "tests/points/points_fixture.h"

namespace tongxin::points {
namespace {

class OneCallTest : public PointsTest {
 protected:
  static pb::RedeemRequest RedeemRequestOf(const std::string& volunteer,
                                           const std::string& reward_id,
                                           const std::string& request_id) {
    pb::RedeemRequest request;
    request.set_request_id(request_id);
    request.set_volunteer_id(volunteer);
    request.set_reward_id(reward_id);
    request.set_quantity(1);
    return request;
  }

  // Whether a session comes to wait for a lock (an attempt of the same request id that is not
  // yet committed) within 10 s.
  static bool SomeoneWaitsForALock() {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      if (database_->Scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND wait_event_type = 'Lock'") != "0") {
        return true;
      }
      std::this_thread::yield();
    }
    return false;
  }
};

// The stored answer is the first call's row, not the order as it is now: a retry after the
// order was collected still answers with the order as placed, byte for byte; for the
// volunteer, with the pickup code.
TEST_F(OneCallTest, ARedeemRetryAnswersTheFirstAnswerByteEqualAfterTheOrderChanged) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward reward = NewReward("一次调用-" + v, 3, 5);
  pb::RedeemRequest request = RedeemRequestOf(v, reward.reward_id(), "one-call-" + v);
  pb::Order first, again;
  ASSERT_TRUE(Call(&Stub::Redeem, Self(v), request, &first).ok());
  ASSERT_FALSE(first.pickup_code().empty());
  pb::CollectOrderRequest collect;
  collect.set_request_id(NextId());
  collect.set_order_id(first.order_id());
  collect.set_pickup_code(first.pickup_code());
  pb::Order collected;
  ASSERT_TRUE(Call(&Stub::CollectOrder, AdminA(), collect, &collected).ok());
  ASSERT_EQ(collected.status(), pb::ORDER_STATUS_COLLECTED);

  grpc::Status retry = Call(&Stub::Redeem, Self(v), request, &again);
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(again.status(), pb::ORDER_STATUS_HELD);
  EXPECT_EQ(Balance(v), 7);
  EXPECT_EQ(Stock(reward.reward_id()), 4);
  // The same id with another request is refused as before.
  request.set_quantity(2);
  grpc::Status reused = Call(&Stub::Redeem, Self(v), request, &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(reused.error_message(),
            "request_id: already used for a different request; use a new request_id");
  ExpectConsistent();
}

// A retry while the first attempt has not committed waits for it: then it answers with the
// first's order, or — the first rolled back — places its own. Either way one order.
TEST_F(OneCallTest, ARedeemRetryWaitsForTheUncommittedFirstAttempt) {
  for (bool first_commits : {true, false}) {
    SCOPED_TRACE(first_commits ? "the first commits" : "the first rolls back");
    std::string v = NewVolunteer();
    AwardHours(v, 10);
    pb::Reward reward = NewReward("等一等-" + v, 2, 5);
    pb::RedeemRequest request = RedeemRequestOf(v, reward.reward_id(), "held-" + v);
    Principal self{v, Role::kVolunteer, {}};
    RequestKey key{IdempotencyScope(self), request.request_id(),
                   RequestFingerprint("Redeem", v, request)};

    pqxx::connection connection(database_->url());
    connection.prepare(kRedeemCall.name, kRedeemCall.sql);
    // A placed order tells the notifications service through the outbox, in its transaction.
    for (const Query& q : OutboxStatements()) connection.prepare(q.name, q.sql);
    pqxx::work held(connection);
    auto first = points_->store().Redeem(held, self, key, v, reward.reward_id(), 1);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(first->result.has_value());

    pb::Order answer;
    std::future<grpc::Status> retry = std::async(
        std::launch::async, [&] { return Call(&Stub::Redeem, Self(v), request, &answer); });
    ASSERT_TRUE(SomeoneWaitsForALock());
    if (first_commits) {
      held.commit();
    } else {
      held.abort();
    }
    grpc::Status status = retry.get();
    ASSERT_TRUE(status.ok()) << status.error_message();
    if (first_commits) {
      EXPECT_EQ(answer.order_id(), first->result->order_id);
      EXPECT_EQ(answer.pickup_code(), first->result->pickup_code);
    } else {
      EXPECT_NE(answer.order_id(), first->result->order_id);
    }
    EXPECT_EQ(database_->Scalar("SELECT count(*) FROM orders WHERE volunteer_id = '" + v + "'"),
              "1");
    EXPECT_EQ(Balance(v), 8);
    EXPECT_EQ(Stock(reward.reward_id()), 4);
  }
  ExpectConsistent();
}

// A request first answered before this migration (its key stored by IdempotencyStore with the
// serialised answer) gets that answer, and nothing is redeemed again.
TEST_F(OneCallTest, AKeyStoredByTheTransactionPathStillAnswers) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward reward = NewReward("旧钥匙-" + v, 2, 5);
  pb::RedeemRequest request = RedeemRequestOf(v, reward.reward_id(), "stored-" + v);
  pb::Order stored;
  stored.set_order_id("00000000-0000-0000-0000-00000000000a");
  stored.set_volunteer_id(v);
  stored.set_pickup_code("ABCDEFGH");
  {
    pqxx::connection connection(database_->url());
    pqxx::work tx(connection);
    tx.exec_params0(
        "INSERT INTO idempotency_keys (caller, request_id, fingerprint, response) "
        "VALUES ($1, $2, $3, $4)",
        "volunteer:" + v, request.request_id(), RequestFingerprint("Redeem", v, request),
        Bytea(stored.SerializeAsString()));
    tx.commit();
  }
  pb::Order answer;
  grpc::Status status = Call(&Stub::Redeem, Self(v), request, &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.SerializeAsString(), stored.SerializeAsString());
  EXPECT_EQ(Balance(v), 10);
  EXPECT_EQ(Stock(reward.reward_id()), 5);
}

// Every refusal writes nothing and keeps its words; a sold-out reward says so, and the request
// id stays unused (a retry after a restock succeeds).
TEST_F(OneCallTest, ARefusedRedeemWritesNothingAndLeavesTheRequestIdUnused) {
  std::string v = NewVolunteer();
  AwardHours(v, 10);
  pb::Reward reward = NewReward("售罄-" + v, 2, 0);
  pb::RedeemRequest request = RedeemRequestOf(v, reward.reward_id(), "sold-out-" + v);
  pb::Order order;
  grpc::Status sold_out = Call(&Stub::Redeem, Self(v), request, &order);
  EXPECT_EQ(sold_out.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(sold_out.error_message(), "reward_id: not enough units left");
  EXPECT_EQ(Balance(v), 10);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM idempotency_keys WHERE request_id = '" +
                              request.request_id() + "'"),
            "0");
  pb::RestockRewardRequest restock;
  restock.set_request_id(NextId());
  restock.set_reward_id(reward.reward_id());
  restock.set_add_units(1);
  pb::Reward restocked;
  ASSERT_TRUE(Call(&Stub::RestockReward, AdminA(), restock, &restocked).ok());
  grpc::Status placed = Call(&Stub::Redeem, Self(v), request, &order);
  ASSERT_TRUE(placed.ok()) << placed.error_message();
  EXPECT_EQ(Balance(v), 8);

  pb::Reward dear = NewReward("太贵-" + v, 100, 5);
  grpc::Status poor =
      Call(&Stub::Redeem, Self(v), RedeemRequestOf(v, dear.reward_id(), NextId()), &order);
  EXPECT_EQ(poor.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(poor.error_message(), "the volunteer does not have enough points for this");
  grpc::Status nowhere =
      Call(&Stub::Redeem, Self(v),
           RedeemRequestOf(v, "00000000-0000-0000-0000-000000000001", NextId()), &order);
  EXPECT_EQ(nowhere.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Stock(dear.reward_id()), 5);
  ExpectConsistent();
}

// The service reckons an award by the rules it read last; rules changed behind its back (by
// another replica) are noticed by the call, which writes nothing, and the award is reckoned
// again by the new ones.
TEST_F(OneCallTest, AnAwardFollowsRulesChangedByAnotherReplica) {
  const std::string community = "411502001077";
  std::string v = NewVolunteer();
  pb::AwardResponse before = AwardHours(v, 2, community);
  EXPECT_EQ(before.points(), 2);  // the defaults: 1 point per hour
  database_->Scalar(
      "INSERT INTO earning_rules (region_id, points_per_hour, wish_points, "
      "activity_cap, updated_by) VALUES ('" +
      community + "', 1, 5, 50, 'other replica') RETURNING 1");
  database_->Scalar(
      "UPDATE earning_rules SET points_per_hour = 0, updated_at = now() WHERE "
      "region_id = '" +
      community + "' RETURNING 1");
  pb::AwardResponse after = AwardHours(v, 2, community);
  EXPECT_EQ(after.points(), 0);
  EXPECT_FALSE(after.has_transfer());
  EXPECT_EQ(Balance(v), 2);
  ExpectConsistent();
}

}  // namespace
}  // namespace tongxin::points
