// The fixture the posts and wishes tests share: a fake clock at a fixed start, the real
// volunteer and points services (Neighbours) with one street and two of its communities, the
// service under test built by its stack (PostsStack, WishesStack), tokens for the usual callers,
// request ids, and a stub call with a token. Built once per test binary (SetUpServices in the
// suite's SetUpTestSuite), so every test file of a binary shares one fixture class.
#pragma once

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/service_stacks.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

inline constexpr char kStreet[] = "411502001";
inline constexpr char kCommunityA[] = "411502001001";
inline constexpr char kCommunityB[] = "411502001002";
inline constexpr char kGridA1[] = "411502001001001";
inline const std::chrono::system_clock::time_point kStart =
    std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

// `GrpcService` is the generated service (its Stub is called); `Stack` builds the service as
// Stack(clock, name, neighbours) with public `server` and `db`.
template <typename GrpcService, typename Stack>
class RegionServiceTest : public ::testing::Test {
 protected:
  using Stub = typename GrpcService::Stub;

  // `name` names the databases and the system caller ("<name>-service"); `street_name` names
  // the seeded street.
  static void SetUpServices(const std::string& name, const std::string& street_name) {
    spdlog::set_level(spdlog::level::warn);
    name_ = name;
    clock_ = new FakeClock(kStart);
    neighbours_ = new Neighbours(*clock_, name);
    stack_ = new Stack(*clock_, name, *neighbours_);
    stub_ = GrpcService::NewStub(stack_->server.channel()).release();
    neighbours_->SeedHierarchy(kStreet, street_name, {kCommunityA, kCommunityB});
  }
  static void TearDownServices() {
    delete stub_;
    delete stack_;
    delete neighbours_;
    delete clock_;
  }

  static std::string SystemToken() {
    return stack_->server.Token(Role::kSystem, name_ + "-service");
  }
  static std::string AdminA() {
    return stack_->server.Token(Role::kCommunityAdmin, "admin-a", {kCommunityA});
  }
  static std::string AdminB() {
    return stack_->server.Token(Role::kCommunityAdmin, "admin-b", {kCommunityB});
  }
  static std::string StreetAdmin() {
    return stack_->server.Token(Role::kStreetAdmin, "street", {kStreet});
  }
  // The grid worker of grid A1: an admin scoped to the grid.
  static std::string GridWorker() {
    return stack_->server.Token(Role::kCommunityAdmin, "grid-worker-1", {kGridA1});
  }
  static std::string Self(const std::string& id) {
    return stack_->server.Token(Role::kVolunteer, id);
  }
  static std::string NextId() { return "req-" + std::to_string(++counter_); }
  // A number for the next test person (names, ID numbers and phones derive from it).
  static int NextPerson() { return ++people_; }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response) {
    return CallWith(stub_, method, token, request, response);
  }

  // Delivers the service's outbox with a relay talking to `points_target`; returns how many
  // events were delivered.
  static int Relay(const std::string& points_target) {
    return neighbours_->Relay(*stack_->db, points_target);
  }
  // Marks every outbox event of the service undelivered, as after a relay killed before it
  // marked them, once their lease has ended: the next relay delivers them all again.
  static void ForgetDeliveries() {
    ASSERT_TRUE(stack_->db
                    ->Transact({},
                               [](Tx& tx) {
                                 tx.exec0(
                                     "UPDATE outbox_events SET delivered_at = NULL, "
                                     "next_attempt_at = now()");
                                 return absl::OkStatus();
                               })
                    .ok());
  }

  // `n` people made by `make`, on 8 threads (making them is not what a race test measures).
  static std::vector<std::string> NewPeople(int n, const std::function<std::string()>& make) {
    std::vector<std::string> people(n);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = t; i < n; i += 8) people[i] = make();
      });
    }
    for (auto& thread : threads) thread.join();
    return people;
  }

  // What `n` simultaneous callers got, `call(i)` on thread i: OK, FAILED_PRECONDITION (refused)
  // or anything else.
  struct RaceResult {
    int ok = 0;
    int refused = 0;
    int other = 0;
  };
  static RaceResult Race(int n, const std::function<grpc::Status(int)>& call) {
    std::atomic<int> ok{0}, refused{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        grpc::Status status = call(i);
        if (status.ok()) {
          ++ok;
        } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
          ++refused;
        } else {
          ++other;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    return RaceResult{ok.load(), refused.load(), other.load()};
  }

  static double Hours(const std::string& volunteer) { return neighbours_->Hours(volunteer); }
  static long long Points(const std::string& volunteer) { return neighbours_->Points(volunteer); }

  static inline std::string name_;
  static inline FakeClock* clock_;
  static inline Neighbours* neighbours_;
  static inline Stack* stack_;
  static inline Stub* stub_;
  static inline std::atomic<int> counter_{0};
  static inline std::atomic<int> people_{0};
};

}  // namespace tongxin::testing
