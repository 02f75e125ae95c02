// Grid tasks reported by the grid system (ReportGridTask) against the real volunteer and points
// services on PostgreSQL: the integration client reports a volunteer's patrol, the volunteer
// service writes the report and its points.Award in one transaction, and the outbox relay
// delivers the award (once, whatever is retried or repeated, and later when the points service
// was away). Rules per task type come from the points service's earning rules.
#include "tests/volunteer/grid_tasks_fixture.h"

namespace tongxin::volunteer {
namespace {

class GridTasksTest : public GridTasksFixture {
 protected:
  static void SetUpTestSuite() { SetUpNeighbours("gridtasks"); }
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
  auto unknown = Patrol("00000000-0000-4000-8000-00000000beef", "XC-scope-2");
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
  // Out of the client's scope: NOT_FOUND naming id_number, as for nobody. (Without the grid of
  // community A, which a client of B is answered first "grid_id: no such grid".)
  request.set_request_id("id-out");
  request.set_reference("XC-id-2");
  request.clear_grid_id();
  grpc::Status out = Report(request, &report, GridSystem({kCommunityB}));
  EXPECT_EQ(out.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(out.error_message().rfind("id_number:", 0), 0u) << out.error_message();
  auto nobody = request;
  nobody.set_request_id("id-nobody");
  nobody.set_id_number(UnregisteredIdNumber());
  grpc::Status none = Report(nobody, &report, GridSystem({kCommunityB}));
  EXPECT_EQ(none.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(out.error_message(), none.error_message());
  // Both ways at once: which one is meant?
  request.set_request_id("id-both");
  request.set_volunteer_id(volunteer);
  EXPECT_EQ(Report(request, &report).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(GridTasksTest, BadReportsAreInvalidArgumentsNamingTheField) {
  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  const int events = AwardEvents();
  // Its own client: the ID numbers below spend look-ups.
  const std::string client = GridSystem({kStreet}, "grid-bad");
  auto expect_field = [&](vpb::ReportGridTaskRequest request, const std::string& field) {
    grpc::Status status = Report(request, &report, client);
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
  auto long_description = Patrol(volunteer, "bad-9");
  long_description.set_description(std::string(201, 'D'));
  expect_field(long_description, "description");
  auto malformed_id = Patrol("", "bad-10");
  malformed_id.set_id_number("41150219800202123");  // 17 characters
  expect_field(malformed_id, "id_number");
  auto bad_check = Patrol("", "bad-11");
  bad_check.set_id_number(IdNumberOf(1).substr(0, 17) +
                          (IdNumberOf(1).back() == '1' ? "2" : "1"));  // a wrong check character
  expect_field(bad_check, "id_number");
  // 9999-12-31: seconds that overflow a nanosecond time point (they wrapped into the past).
  auto year_9999 = Patrol(volunteer, "bad-12");
  year_9999.mutable_completed_at()->set_seconds(253402300799);
  expect_field(year_9999, "completed_at");
  auto bad_nanos = Patrol(volunteer, "bad-13");
  bad_nanos.mutable_completed_at()->set_nanos(1000000000);
  expect_field(bad_nanos, "completed_at");
  auto negative_nanos = Patrol(volunteer, "bad-14");
  negative_nanos.mutable_completed_at()->set_nanos(-1);
  expect_field(negative_nanos, "completed_at");
  auto too_old = Patrol(volunteer, "bad-15");
  too_old.mutable_completed_at()->set_seconds(
      std::chrono::system_clock::to_time_t(kStart - std::chrono::days(91)));
  expect_field(too_old, "completed_at");
  auto old_enough = Patrol(volunteer, "ok-16");
  old_enough.mutable_completed_at()->set_seconds(
      std::chrono::system_clock::to_time_t(kStart - std::chrono::days(89)));
  EXPECT_TRUE(Report(old_enough, &report).ok());
  EXPECT_EQ(AwardEvents(), events + 1);  // only the last one was reported
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

  // Community A pays 1 for a patrol and names no other type; its admin may not exceed the
  // defaults.
  const std::string admin =
      neighbours_->volunteer().server.Token(Role::kCommunityAdmin, "admin-a", {kCommunityA});
  ppb::UpdateEarningRulesRequest update;
  update.set_request_id("rules-a-1");
  update.set_reason("巡查积分下调");
  *update.mutable_rules() = rules;
  update.mutable_rules()->clear_update_time();
  update.mutable_rules()->set_region_id(kCommunityA);  // the defaults' until A has its own
  update.mutable_rules()->clear_points_by_grid_task_type();
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
  (*update.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_PATROL"] = 1;

  // The street lowers resident visits to 1: community A, naming no rate of its own for them,
  // inherits it.
  const std::string street_admin =
      neighbours_->volunteer().server.Token(Role::kStreetAdmin, "admin-s", {kStreet});
  ppb::UpdateEarningRulesRequest street = update;
  street.set_request_id("rules-s-1");
  street.mutable_rules()->set_region_id(kStreet);
  street.mutable_rules()->clear_points_by_grid_task_type();
  (*street.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_RESIDENT_VISIT"] =
      1;
  status = CallWith(points.get(), &ppb::PointsService::Stub::UpdateEarningRules, street_admin,
                    street, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(CallWith(points.get(), &ppb::PointsService::Stub::GetEarningRules,
                       neighbours_->SystemToken(), get, &rules)
                  .ok());
  EXPECT_EQ(rules.points_by_grid_task_type().at("GRID_TASK_TYPE_PATROL"), 1);          // A's own
  EXPECT_EQ(rules.points_by_grid_task_type().at("GRID_TASK_TYPE_RESIDENT_VISIT"), 1);  // street's
  EXPECT_EQ(rules.points_by_grid_task_type().at("GRID_TASK_TYPE_ASSIGNED_TASK"), 5);   // defaults'

  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  ASSERT_TRUE(Report(Patrol(volunteer, "XC-rules-1"), &report).ok());
  auto visit = Patrol(volunteer, "ZF-rules-2");
  visit.set_task_type(vpb::GRID_TASK_TYPE_RESIDENT_VISIT);
  ASSERT_TRUE(Report(visit, &report).ok());
  Relay();
  EXPECT_EQ(Points(volunteer), 1 + 1);  // the community's patrol, the street's visit

  // Back to the defaults' rates for the other tests of the street.
  street.set_request_id("rules-s-2");
  (*street.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_RESIDENT_VISIT"] =
      2;
  ASSERT_TRUE(CallWith(points.get(), &ppb::PointsService::Stub::UpdateEarningRules, street_admin,
                       street, &updated)
                  .ok());
  update.set_request_id("rules-a-3");
  (*update.mutable_rules()->mutable_points_by_grid_task_type())["GRID_TASK_TYPE_PATROL"] = 2;
  ASSERT_TRUE(
      CallWith(points.get(), &ppb::PointsService::Stub::UpdateEarningRules, admin, update, &updated)
          .ok());
}

}  // namespace
}  // namespace tongxin::volunteer
