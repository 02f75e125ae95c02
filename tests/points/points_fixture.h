// What the points_grpc_test files (one per area) share: the points service over real gRPC on a
// real PostgreSQL, built once for the whole binary through its composition root
// (PointsService::Create) and held in unique_ptrs, a FakeClock every test starts at kStart, and
// helpers that call the service as its callers do. The world is built by the environment in
// points_fixture.cc, so each area's test suite shares one database set-up.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "services/points/points_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::points {

inline constexpr char kStreet[] = "411502001";
inline constexpr char kCommunityA[] = "411502001001";
inline constexpr char kCommunityB[] = "411502001002";
using Stub = pb::PointsService::Stub;

// 2026-06-15 12:00 China time, a Monday.
inline const Time kStart = std::chrono::system_clock::from_time_t(1781496000);

class PointsTest : public ::testing::Test {
 public:
  // The database, the service and its server, once per binary (points_fixture.cc).
  static void SetUpWorld();
  static void TearDownWorld();

 protected:
  void SetUp() override { clock_->Set(kStart); }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response) {
    return testing::CallWith(stub_.get(), method, token, request, response);
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
                                      bool party_member = false);
  static long long Balance(const std::string& volunteer);
  static void ExpectConsistent();
  static pb::Reward NewReward(const std::string& name, long long price, int stock, int limit = 0,
                              pb::LimitPeriod period = pb::LIMIT_PERIOD_UNSPECIFIED,
                              const std::string& token = "");
  static grpc::Status Redeem(const std::string& volunteer, const std::string& reward_id,
                             int quantity, pb::Order* order, const std::string& request_id = "");
  static int Stock(const std::string& reward_id);

  static inline std::unique_ptr<testing::TestDatabase> database_;
  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<Db> db_;
  static inline std::unique_ptr<testing::TestServer> server_;
  static inline std::unique_ptr<PointsService> points_;
  static inline std::unique_ptr<Stub> stub_;
  static inline std::atomic<int> counter_{0};
};

}  // namespace tongxin::points
