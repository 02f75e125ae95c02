// Grid tasks reported by the grid system (ReportGridTask) against the real volunteer and points
// services on PostgreSQL: the integration client reports a volunteer's patrol, the volunteer
// service writes the report and its points.Award in one transaction, and the outbox relay
// delivers the award (once, whatever is retried or repeated, and later when the points service
// was away). Rules per task type come from the points service's earning rules.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "services/volunteer/domain/identity.h"
#include "tests/support/service_stacks.h"

namespace tongxin::volunteer {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;
using testing::CallWith;

constexpr char kStreet[] = "411502001";
constexpr char kOtherStreet[] = "411502002";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
constexpr char kGridA1[] = "411502001001001";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

class GridTasksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = new FakeClock(kStart);
    neighbours_ = new testing::Neighbours(*clock_, "gridtasks");
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

  // The grid system's client serving street S (or `scope`).
  static std::string GridSystem(std::vector<std::string> scope = {kStreet}) {
    return neighbours_->volunteer().server.Token(Role::kIntegration, "grid-system",
                                                 std::move(scope));
  }
  // An active volunteer of `community` (registered by the system, in person); `id_number` gets
  // their ID number.
  static std::string NewVolunteer(const std::string& community = kCommunityA,
                                  std::string* id_number = nullptr) {
    int n = ++people_;
    std::string first17 = "411502" + std::string("19800202") + std::to_string(1000 + n).substr(1);
    if (id_number != nullptr) *id_number = first17 + ResidentIdCheckCharacter(first17);
    return neighbours_->RegisterVolunteer(n, "网格员", "19800202", "1390000", community, false);
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

TEST_F(GridTasksTest, APatrolEarnsItsTypesPointsExactlyOnce) {
  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport first;
  grpc::Status status = Report(Patrol(volunteer, "XC-20260615-001"), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.client(), "grid-system");
  EXPECT_EQ(first.volunteer_id(), volunteer);
  EXPECT_EQ(first.community_id(), kCommunityA);
  EXPECT_EQ(first.task_type(), vpb::GRID_TASK_TYPE_PATROL);
  EXPECT_EQ(first.grid_id(), kGridA1);

  // The same call retried (its answer lost), and the same task reported again by a new call.
  vpb::GridTaskReport retried, repeated;
  ASSERT_TRUE(Report(Patrol(volunteer, "XC-20260615-001"), &retried).ok());
  auto again = Patrol(volunteer, "XC-20260615-001");
  again.set_request_id("another-call");
  again.set_description("重复上报");
  ASSERT_TRUE(Report(again, &repeated).ok());
  EXPECT_EQ(retried.report_id(), first.report_id());
  EXPECT_EQ(repeated.report_id(), first.report_id());
  EXPECT_EQ(repeated.description(), "夜间巡查 第一网格");  // the first report's

  EXPECT_GE(Relay(), 1);
  EXPECT_EQ(Points(volunteer), 2);  // patrol: 2 by the defaults (points migration V0008)
  // Delivered again (a relay killed before it marked the event): still once.
  pqxx::connection connection(neighbours_->volunteer().database.url());
  pqxx::nontransaction(connection)
      .exec0("UPDATE outbox_events SET delivered_at = NULL, next_attempt_at = now()");
  Relay();
  EXPECT_EQ(Points(volunteer), 2);

  // An assigned task earns its own type's points.
  auto assigned = Patrol(volunteer, "JB-7788");
  assigned.set_task_type(vpb::GRID_TASK_TYPE_ASSIGNED_TASK);
  vpb::GridTaskReport report;
  ASSERT_TRUE(Report(assigned, &report).ok());
  Relay();
  EXPECT_EQ(Points(volunteer), 2 + 5);
}

TEST_F(GridTasksTest, TheSameReferenceForAnotherTaskIsRefused) {
  const std::string volunteer = NewVolunteer();
  const std::string other = NewVolunteer();
  vpb::GridTaskReport report;
  ASSERT_TRUE(Report(Patrol(volunteer, "XC-dup-1"), &report).ok());
  const int events = AwardEvents();
  auto someone_else = Patrol(other, "XC-dup-1");
  someone_else.set_request_id("dup-other");
  grpc::Status status = Report(someone_else, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("reference"), std::string::npos);
  auto another_type = Patrol(volunteer, "XC-dup-1");
  another_type.set_request_id("dup-type");
  another_type.set_task_type(vpb::GRID_TASK_TYPE_CONFLICT_MEDIATION);
  EXPECT_EQ(Report(another_type, &report).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(AwardEvents(), events);  // nothing more is due
  // Another client's reference of the same text is its own task.
  auto other_client = Patrol(other, "XC-dup-1");
  other_client.set_request_id("dup-client");
  EXPECT_TRUE(Report(other_client, &report,
                     neighbours_->volunteer().server.Token(Role::kIntegration, "grid-system-2",
                                                           {kCommunityA}))
                  .ok());
  EXPECT_EQ(AwardEvents(), events + 1);
}

TEST_F(GridTasksTest, PointsAreAwardedLaterWhenThePointsServiceWasAway) {
  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  ASSERT_TRUE(Report(Patrol(volunteer, "XC-away-1"), &report).ok());
  // The points service does not answer: nothing is delivered, the event waits.
  EXPECT_EQ(Relay("127.0.0.1:1"), 0);
  EXPECT_EQ(Points(volunteer), 0);
  // It comes back (a new process on the same database): the award is delivered, once.
  neighbours_->RestartPoints();
  EXPECT_GE(Relay(), 1);
  EXPECT_EQ(Points(volunteer), 2);
}

TEST_F(GridTasksTest, AVolunteerOutsideTheClientsRegionsIsNotFound) {
  const std::string in_b = NewVolunteer(kCommunityB);
  vpb::GridTaskReport report;
  // A client of community A only: B's volunteer is as unknown as an unknown id.
  const std::string client_a = GridSystem({kCommunityA});
  auto request = Patrol(in_b, "XC-scope-1");
  request.clear_grid_id();
  grpc::Status out_of_scope = Report(request, &report, client_a);
  EXPECT_EQ(out_of_scope.error_code(), grpc::StatusCode::NOT_FOUND);
  auto unknown = Patrol("no-such-volunteer", "XC-scope-2");
  unknown.clear_grid_id();
  grpc::Status none = Report(unknown, &report, client_a);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(out_of_scope.error_message(), none.error_message());
  // Another street's client: the same.
  EXPECT_EQ(Report(Patrol(NewVolunteer(), "XC-scope-3"), &report, GridSystem({kOtherStreet}))
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A grid outside the client's regions (community A's, for a client of B and B's volunteer).
  auto grid_elsewhere = Patrol(NewVolunteer(kCommunityB), "XC-scope-4");
  grpc::Status grid = Report(grid_elsewhere, &report, GridSystem({kCommunityB}));
  EXPECT_EQ(grid.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(grid.error_message().rfind("grid_id:", 0), 0u) << grid.error_message();
}

TEST_F(GridTasksTest, AVolunteerIsFoundByIdNumberWithoutItBeingAnsweredAndTheLookUpLogged) {
  std::string id_number;
  const std::string volunteer = NewVolunteer(kCommunityA, &id_number);
  auto request = Patrol("", "XC-id-1");
  request.set_id_number(id_number);
  vpb::GridTaskReport report;
  grpc::Status status = Report(request, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.volunteer_id(), volunteer);
  EXPECT_EQ(report.SerializeAsString().find(id_number), std::string::npos);
  pqxx::connection connection(neighbours_->volunteer().database.url());
  pqxx::nontransaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM id_number_lookups WHERE caller = 'grid-system' AND "
                     "caller_role = 'integration' AND volunteer_id = " +
                     tx.quote(volunteer))[0]
                .as<int>(),
            1);
  // Out of the client's scope: NOT_FOUND naming id_number, as for nobody.
  request.set_request_id("id-out");
  request.set_reference("XC-id-2");
  EXPECT_EQ(Report(request, &report, GridSystem({kCommunityB})).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Both ways at once: which one is meant?
  request.set_request_id("id-both");
  request.set_volunteer_id(volunteer);
  EXPECT_EQ(Report(request, &report).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(GridTasksTest, BadReportsAreInvalidArgumentsNamingTheField) {
  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  auto expect_field = [&](vpb::ReportGridTaskRequest request, const std::string& field) {
    grpc::Status status = Report(request, &report);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(status.error_message().rfind(field + ":", 0), 0u) << status.error_message();
  };
  auto no_type = Patrol(volunteer, "bad-1");
  no_type.set_task_type(vpb::GRID_TASK_TYPE_UNSPECIFIED);
  expect_field(no_type, "task_type");
  auto unknown_type = Patrol(volunteer, "bad-2");
  unknown_type.set_task_type(static_cast<vpb::GridTaskType>(99));
  expect_field(unknown_type, "task_type");
  auto no_reference = Patrol(volunteer, "");
  no_reference.set_request_id("bad-3");
  expect_field(no_reference, "reference");
  auto long_reference = Patrol(volunteer, std::string(65, 'R'));
  long_reference.set_request_id("bad-4");
  expect_field(long_reference, "reference");
  auto no_time = Patrol(volunteer, "bad-5");
  no_time.clear_completed_at();
  expect_field(no_time, "completed_at");
  auto future = Patrol(volunteer, "bad-6");
  future.mutable_completed_at()->set_seconds(
      std::chrono::system_clock::to_time_t(kStart + std::chrono::hours(1)));
  expect_field(future, "completed_at");
  auto nobody = Patrol("", "bad-7");
  expect_field(nobody, "volunteer_id");
  auto bad_grid = Patrol(volunteer, "bad-8");
  bad_grid.set_grid_id("4115");
  expect_field(bad_grid, "grid_id");
}

TEST_F(GridTasksTest, OnlyTheIntegrationRoleAndTheSystemReportAndTheRoleDoesNothingElse) {
  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  auto& server = neighbours_->volunteer().server;
  EXPECT_EQ(Report(Patrol(volunteer, "who-1"), &report, server.Token(Role::kVolunteer, volunteer))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Report(Patrol(volunteer, "who-2"), &report,
                   server.Token(Role::kStreetAdmin, "street", {kStreet}))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Report(Patrol(volunteer, "who-3"), &report, neighbours_->SystemToken()).ok());
  // Reads and other actions of the volunteer and points services: refused.
  vpb::GetVolunteerRequest get;
  get.set_volunteer_id(volunteer);
  vpb::Volunteer read;
  EXPECT_EQ(CallWith(volunteers_.get(), &vpb::VolunteerService::Stub::GetVolunteer, GridSystem(),
                     get, &read)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto points = ppb::PointsService::NewStub(neighbours_->points().server.channel());
  ppb::GetEarningRulesRequest rules;
  ppb::EarningRules answer;
  EXPECT_EQ(CallWith(points.get(), &ppb::PointsService::Stub::GetEarningRules, GridSystem(), rules,
                     &answer)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(GridTasksTest, RulesPerTaskTypeAreReadAndChanged) {
  auto points = ppb::PointsService::NewStub(neighbours_->points().server.channel());
  ppb::GetEarningRulesRequest get;
  get.set_region_id(kCommunityA);
  ppb::EarningRules rules;
  ASSERT_TRUE(CallWith(points.get(), &ppb::PointsService::Stub::GetEarningRules,
                       neighbours_->SystemToken(), get, &rules)
                  .ok());
  EXPECT_EQ(rules.points_by_grid_task_type().at("GRID_TASK_TYPE_PATROL"), 2);
  EXPECT_EQ(rules.points_by_grid_task_type().at("GRID_TASK_TYPE_ASSIGNED_TASK"), 5);
  EXPECT_EQ(rules.points_by_grid_task_type().at("GRID_TASK_TYPE_CONFLICT_MEDIATION"), 5);

  // Community A pays 1 for a patrol; its admin may not exceed the defaults.
  const std::string admin =
      neighbours_->volunteer().server.Token(Role::kCommunityAdmin, "admin-a", {kCommunityA});
  ppb::UpdateEarningRulesRequest update;
  update.set_request_id("rules-a-1");
  update.set_reason("巡查积分下调");
  *update.mutable_rules() = rules;
  update.mutable_rules()->clear_update_time();
  update.mutable_rules()->set_region_id(kCommunityA);  // the defaults' until A has its own
  (*update.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_PATROL"] = 1;
  ppb::EarningRules updated;
  grpc::Status status = CallWith(points.get(), &ppb::PointsService::Stub::UpdateEarningRules, admin,
                                 update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.points_by_grid_task_type().at("GRID_TASK_TYPE_PATROL"), 1);
  update.set_request_id("rules-a-2");
  (*update.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_PATROL"] = 3;
  status = CallWith(points.get(), &ppb::PointsService::Stub::UpdateEarningRules, admin, update,
                    &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("rules.points_by_grid_task_type"), std::string::npos);

  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  ASSERT_TRUE(Report(Patrol(volunteer, "XC-rules-1"), &report).ok());
  auto visit = Patrol(volunteer, "ZF-rules-2");
  visit.set_task_type(vpb::GRID_TASK_TYPE_RESIDENT_VISIT);
  ASSERT_TRUE(Report(visit, &report).ok());
  Relay();
  EXPECT_EQ(Points(volunteer), 1 + 2);  // the community's patrol, the defaults' visit

  // Back to the defaults' patrol for the other tests of community A.
  update.set_request_id("rules-a-3");
  (*update.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_PATROL"] = 2;
  ASSERT_TRUE(
      CallWith(points.get(), &ppb::PointsService::Stub::UpdateEarningRules, admin, update, &updated)
          .ok());
}

}  // namespace
}  // namespace tongxin::volunteer
