// The gateway_test binary's fixture: the gateway's two faces against the real volunteer and points
// services (each on its own real PostgreSQL database) with the posts and wishes services down, so
// views show what they have and name what is missing. Built once per binary.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "services/gateway/gateway.h"
#include "services/gateway/http_front.h"
#include "services/volunteer/domain/identity.h"
#include "tests/support/service_stacks.h"
#include "tests/support/test_server.h"

namespace tongxin::gateway {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;

inline constexpr char kCommunityA[] = "411502001001";
inline const auto kStart = std::chrono::system_clock::from_time_t(1781496000);

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = std::make_unique<FakeClock>(kStart);
    volunteer_ = std::make_unique<testing::VolunteerStack>(*clock_, "gateway_volunteer");
    points_database_ = std::make_unique<testing::TestDatabase>("gateway_points", "points");
    points_db_ = points_database_->Open(8);
    points_ = std::make_unique<testing::PointsStack>(*clock_, *points_db_);
    tokens_ = std::make_unique<testing::TestServer>(*clock_);  // mints with the shared secret
    verifier_ = TokenVerifier::Hs256(testing::TestServer::kSecret, clock_.get());
    auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
    // Parts wait as long as their callers (5 s): on a loaded machine a budget would cut some
    // (gateway_slow_service_test.cc tries budgets).
    gateway_ = std::make_unique<Gateway>(
        Downstreams{volunteer_->server.channel(), dead, dead, points_->server.channel()},
        DownstreamGuardOptions{std::chrono::seconds(5)});
    HttpOptions options;
    options.cors_origins = {"https://app.tongxin.example"};
    options.max_body_bytes = 4096;
    // The OpenAPI walk sends one anonymous request per route, more than the default burst;
    // CallersOverTheirRateAre429 checks the limit on a front of its own.
    options.rate_limits = RateLimits{RateLimit{1000, 1000}, {}};
    front_ = std::make_unique<HttpFront>(*gateway_, *verifier_, options);
    ASSERT_TRUE(front_->Start("127.0.0.1", 0).ok());
    Seed();
  }
  // In the reverse order of their making: each holds references to the ones made before it.
  static void TearDownTestSuite() {
    front_.reset();
    gateway_.reset();
    verifier_.reset();
    tokens_.reset();
    points_.reset();
    points_db_.reset();
    points_database_.reset();
    volunteer_.reset();
    clock_.reset();
  }

  static std::string System() { return tokens_->Token(Role::kSystem, "tester"); }
  static std::string Self(const std::string& id) { return tokens_->Token(Role::kVolunteer, id); }
  // The grid system's integration client serving `scope`.
  static std::string GridSystem(std::vector<std::string> scope) {
    return tokens_->Token(Role::kIntegration, "grid-system-gw", std::move(scope));
  }

  static void Seed() {
    auto stub = vpb::VolunteerService::NewStub(volunteer_->server.channel());
    vpb::CreateStreetRequest street;
    street.set_request_id("g-street");
    street.mutable_street()->set_street_id("411502001");
    street.mutable_street()->set_name("五星街道");
    vpb::Street s;
    ASSERT_TRUE(testing::CallWith(stub.get(), &vpb::VolunteerService::Stub::CreateStreet, System(),
                                  street, &s)
                    .ok());
    vpb::CreateCommunityRequest community;
    community.set_request_id("g-community");
    community.mutable_community()->set_community_id(kCommunityA);
    community.mutable_community()->set_name("河南路社区");
    vpb::Community c;
    ASSERT_TRUE(testing::CallWith(stub.get(), &vpb::VolunteerService::Stub::CreateCommunity,
                                  System(), community, &c)
                    .ok());
    vpb::RegisterVolunteerRequest reg;
    reg.set_request_id("g-register");
    reg.set_name("李伟");
    std::string first17 = "41150219800101123";
    reg.set_id_number(first17 + volunteer::ResidentIdCheckCharacter(first17));
    reg.set_phone("13800138000");
    reg.set_community_id(kCommunityA);
    reg.set_political_status(vpb::POLITICAL_STATUS_PARTY_MEMBER);
    reg.set_party_branch("第一党支部");
    vpb::Volunteer v;
    ASSERT_TRUE(testing::CallWith(stub.get(), &vpb::VolunteerService::Stub::RegisterVolunteer,
                                  System(), reg, &v)
                    .ok());
    volunteer_id_ = v.volunteer_id();

    auto points = ppb::PointsService::NewStub(points_->server.channel());
    ppb::AwardRequest award;
    award.set_request_id("g-award");
    award.set_volunteer_id(volunteer_id_);
    award.set_community_id(kCommunityA);
    award.set_activity(ppb::ACTIVITY_POST_SERVICE);
    award.set_hours(20);
    award.set_source_ref("post-log:g-1");
    ppb::AwardResponse awarded;
    ASSERT_TRUE(
        testing::CallWith(points.get(), &ppb::PointsService::Stub::Award, System(), award, &awarded)
            .ok());
    ppb::CreateRewardRequest reward;
    reward.set_request_id("g-reward");
    reward.mutable_reward()->set_region_id(kCommunityA);
    reward.mutable_reward()->set_name("大米");
    reward.mutable_reward()->set_price(5);
    reward.mutable_reward()->set_stock(10);
    ppb::Reward created;
    ASSERT_TRUE(testing::CallWith(points.get(), &ppb::PointsService::Stub::CreateReward, System(),
                                  reward, &created)
                    .ok());
    reward_id_ = created.reward_id();
  }

  static httplib::Client Client() {
    httplib::Client client("127.0.0.1", front_->port());
    client.set_read_timeout(10, 0);
    return client;
  }
  static httplib::Headers Auth(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::VolunteerStack> volunteer_;
  static inline std::unique_ptr<testing::TestDatabase> points_database_;
  static inline std::unique_ptr<Db> points_db_;
  static inline std::unique_ptr<testing::PointsStack> points_;
  static inline std::unique_ptr<testing::TestServer> tokens_;
  static inline std::unique_ptr<TokenVerifier> verifier_;
  static inline std::unique_ptr<Gateway> gateway_;
  static inline std::unique_ptr<HttpFront> front_;
  static inline std::string volunteer_id_;
  static inline std::string reward_id_;
};

}  // namespace tongxin::gateway
