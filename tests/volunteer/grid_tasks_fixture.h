// The fixture of the grid task tests (grid_tasks_test, grid_task_limits_test): the real volunteer
// and points services on PostgreSQL, a street with two communities and a grid, and what the
// tests do to them (volunteers, reports, relays, the access log).
#pragma once

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/volunteer/domain/identity.h"
#include "tests/support/service_stacks.h"

namespace tongxin::volunteer {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;
using testing::CallWith;

constexpr char kStreet[] = "411502001";
constexpr char kOtherStreet[] = "411502002";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
constexpr char kGridA1[] = "411502001001001";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST
constexpr int kLookupsPerHour = 6;  // per integration client (the default is 1000)
constexpr int kTasksPerDay = 4;     // per volunteer and China day (the default is 20)

// The volunteer and points services with community A's grid; `prefix` names their databases.
class GridTasksFixture : public ::testing::Test {
 protected:
  static void SetUpNeighbours(const std::string& prefix) {
    spdlog::set_level(spdlog::level::warn);
    clock_ = new FakeClock(kStart);
    VolunteerOptions options = testing::TestVolunteerOptions();
    options.integration_id_lookups_per_hour = kLookupsPerHour;
    options.grid_tasks_per_volunteer_day = kTasksPerDay;
    neighbours_ = new testing::Neighbours(*clock_, prefix, options);
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA, kCommunityB});
    neighbours_->SeedHierarchy(kOtherStreet, "新华街道", {"411502002001"});
    volunteers_ = vpb::VolunteerService::NewStub(neighbours_->volunteer().server.channel());
    vpb::CreateGridRequest grid;
    grid.set_request_id("grid-a1");
    grid.mutable_grid()->set_grid_id(kGridA1);
    grid.mutable_grid()->set_community_id(kCommunityA);
    grid.mutable_grid()->set_name("第一网格");
    vpb::Grid created;
    ASSERT_TRUE(CallWith(volunteers_.get(), &vpb::VolunteerService::Stub::CreateGrid,
                         neighbours_->SystemToken(), grid, &created)
                    .ok());
  }
  static void TearDownTestSuite() {
    volunteers_.reset();
    delete neighbours_;
    delete clock_;
  }

  // The grid system's client serving street S (or `scope`); `client` names it (each has its own
  // budget of look-ups by ID number).
  static std::string GridSystem(std::vector<std::string> scope = {kStreet},
                                const std::string& client = "grid-system") {
    return neighbours_->volunteer().server.Token(Role::kIntegration, client, std::move(scope));
  }
  // An active volunteer of `community` (registered by the system, in person); `id_number` gets
  // their ID number.
  static std::string NewVolunteer(const std::string& community = kCommunityA,
                                  std::string* id_number = nullptr) {
    int n = ++people_;
    if (id_number != nullptr) *id_number = IdNumberOf(n);
    return neighbours_->RegisterVolunteer(n, "网格员", "19800202", "1390000", community, false);
  }
  // The ID number RegisterVolunteer gives the n-th person (or would give: nobody has it yet).
  static std::string IdNumberOf(int n) {
    std::string first17 = "411502" + std::string("19800202") + std::to_string(1000 + n).substr(1);
    return first17 + ResidentIdCheckCharacter(first17);
  }
  // An ID number nobody is registered with.
  static std::string UnregisteredIdNumber() { return IdNumberOf(900 + ++people_ % 90); }
  static void Suspend(const std::string& volunteer_id) {
    vpb::ChangeVolunteerStatusRequest request;
    request.set_request_id("suspend-" + volunteer_id);
    request.set_volunteer_id(volunteer_id);
    request.set_reason("暂停服务");
    vpb::Volunteer suspended;
    grpc::Status status =
        CallWith(volunteers_.get(), &vpb::VolunteerService::Stub::SuspendVolunteer,
                 neighbours_->SystemToken(), request, &suspended);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // The access log's results of `client`'s look-ups, oldest first.
  static std::vector<int> LookupResults(const std::string& client) {
    pqxx::connection connection(neighbours_->volunteer().database.url());
    pqxx::nontransaction tx(connection);
    std::vector<int> results;
    for (const auto& row : tx.exec("SELECT result FROM id_number_lookups WHERE caller = " +
                                   tx.quote(client) + " ORDER BY lookup_id")) {
      results.push_back(row[0].as<int>());
    }
    return results;
  }
  static vpb::ReportGridTaskRequest Patrol(const std::string& volunteer_id,
                                           const std::string& reference) {
    vpb::ReportGridTaskRequest request;
    request.set_request_id("req-" + reference);
    request.set_volunteer_id(volunteer_id);
    request.set_task_type(vpb::GRID_TASK_TYPE_PATROL);
    request.set_reference(reference);
    request.mutable_completed_at()->set_seconds(
        std::chrono::system_clock::to_time_t(kStart - std::chrono::hours(2)));
    request.set_grid_id(kGridA1);
    request.set_description("夜间巡查 第一网格");
    return request;
  }
  static grpc::Status Report(const vpb::ReportGridTaskRequest& request, vpb::GridTaskReport* report,
                             const std::string& token = "") {
    return CallWith(volunteers_.get(), &vpb::VolunteerService::Stub::ReportGridTask,
                    token.empty() ? GridSystem() : token, request, report);
  }
  // Delivers the volunteer service's outbox to the points service (or to `points_target`).
  static int Relay(const std::string& points_target = "") {
    return neighbours_->Relay(
        *neighbours_->volunteer().db,
        points_target.empty() ? neighbours_->points().server.target() : points_target);
  }
  static long long Points(const std::string& volunteer_id) {
    return neighbours_->Points(volunteer_id);
  }
  static int AwardEvents() {
    pqxx::connection connection(neighbours_->volunteer().database.url());
    pqxx::nontransaction tx(connection);
    return tx
        .exec1("SELECT count(*) FROM outbox_events WHERE method LIKE '%PointsService/Award'")[0]
        .as<int>();
  }

  static inline FakeClock* clock_ = nullptr;
  static inline testing::Neighbours* neighbours_ = nullptr;
  static inline std::unique_ptr<vpb::VolunteerService::Stub> volunteers_;
  static inline int people_ = 0;
};

}  // namespace tongxin::volunteer
