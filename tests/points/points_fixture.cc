// The points tests' world, built once per binary by a gtest environment, and the fixture's
// helpers.
#include "tests/points/points_fixture.h"

#include <spdlog/spdlog.h>

namespace tongxin::points {

void PointsTest::SetUpWorld() {
  spdlog::set_level(spdlog::level::warn);  // one line per RPC is too much for thousands of calls
  database_ = std::make_unique<testing::TestDatabase>("points", "points");
  clock_ = std::make_unique<FakeClock>(kStart);
  db_ = database_->Open(8);
  server_ = std::make_unique<testing::TestServer>(*clock_);
  PointsOptions options;
  options.expiry_enabled = true;
  points_ = PointsService::Create(*db_, *clock_, PointsDeps{server_->runner()}, options);
  server_->Start(points_->service());
  stub_ = pb::PointsService::NewStub(server_->channel());
}

void PointsTest::TearDownWorld() {
  // The server stops before the service it serves goes; the database goes last.
  stub_.reset();
  server_.reset();
  points_.reset();
  db_.reset();
  clock_.reset();
  database_.reset();
}

pb::AwardResponse PointsTest::AwardHours(const std::string& volunteer, double hours,
                                         const std::string& community, bool party_member) {
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

long long PointsTest::Balance(const std::string& volunteer) {
  pb::GetBalanceRequest request;
  request.set_volunteer_id(volunteer);
  pb::Balance balance;
  EXPECT_TRUE(Call(&Stub::GetBalance, System(), request, &balance).ok());
  return balance.balance();
}

void PointsTest::ExpectConsistent() {
  pb::CheckConsistencyRequest request;
  pb::ConsistencyReport report;
  ASSERT_TRUE(Call(&Stub::CheckConsistency, System(), request, &report).ok());
  EXPECT_TRUE(report.consistent()) << report.DebugString();
  EXPECT_EQ(report.ledger_sum(), 0);
  EXPECT_EQ(report.negative_volunteer_balances(), 0);
}

pb::Reward PointsTest::NewReward(const std::string& name, long long price, int stock, int limit,
                                 pb::LimitPeriod period, const std::string& token) {
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

grpc::Status PointsTest::Redeem(const std::string& volunteer, const std::string& reward_id,
                                int quantity, pb::Order* order, const std::string& request_id) {
  pb::RedeemRequest request;
  request.set_request_id(request_id.empty() ? NextId() : request_id);
  request.set_volunteer_id(volunteer);
  request.set_reward_id(reward_id);
  request.set_quantity(quantity);
  return Call(&Stub::Redeem, Self(volunteer), request, order);
}

int PointsTest::Stock(const std::string& reward_id) {
  pb::GetRewardRequest request;
  request.set_reward_id(reward_id);
  pb::Reward reward;
  EXPECT_TRUE(Call(&Stub::GetReward, Self("anyone"), request, &reward).ok());
  return reward.stock();
}

namespace {

// Builds the world before the first test of the binary and takes it down after the last, so
// every area's suite shares one database and one service.
class PointsEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { PointsTest::SetUpWorld(); }
  void TearDown() override { PointsTest::TearDownWorld(); }
};

[[maybe_unused]] ::testing::Environment* const kPointsEnvironment =
    ::testing::AddGlobalTestEnvironment(new PointsEnvironment);

}  // namespace

}  // namespace tongxin::points
