// Grid task reports against probing and minting (the real volunteer and points services on
// PostgreSQL): look-ups by ID number answer one NOT_FOUND for every failure, are logged even when
// the report is refused and are counted per client and hour; a volunteer's tasks are capped per
// China day; a repeat is answered from the first report; a grid-scoped client reports its grid's
// volunteers; the points service pays a report once whatever request id delivers it.
#include "tests/volunteer/grid_tasks_fixture.h"

namespace tongxin::volunteer {
namespace {

class GridTaskLimitsTest : public GridTasksFixture {
 protected:
  static void SetUpTestSuite() { SetUpNeighbours("gridlimits"); }
};

// Probing whether an ID number is an active volunteer in the client's regions: every failure of a
// look-up by ID number is the same NOT_FOUND, logged (committed though the call is refused), and
// the look-ups are counted against the client's hourly budget.
TEST_F(GridTaskLimitsTest, LookUpsByIdNumberTellNothingAreLoggedAndCounted) {
  const std::string client = GridSystem({kStreet}, "grid-probe");
  std::string active_id, elsewhere_id, suspended_id;
  const std::string active = NewVolunteer(kCommunityA, &active_id);
  NewVolunteer("411502002001", &elsewhere_id);
  const std::string suspended = NewVolunteer(kCommunityB, &suspended_id);
  Suspend(suspended);
  vpb::GridTaskReport report;
  auto by_id = [&](const std::string& id_number, const std::string& reference) {
    auto request = Patrol("", reference);
    request.set_id_number(id_number);
    request.clear_grid_id();
    return Report(request, &report, client);
  };
  grpc::Status nobody = by_id(UnregisteredIdNumber(), "probe-1");
  grpc::Status elsewhere = by_id(elsewhere_id, "probe-2");
  grpc::Status not_active = by_id(suspended_id, "probe-3");
  for (const grpc::Status& status : {nobody, elsewhere, not_active}) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(status.error_message(), "id_number: no volunteer with this ID number");
  }
  EXPECT_EQ(by_id("41150219800202123", "probe-4").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // A grid outside the client's regions is answered before anybody is looked up: the same
  // for a registered number and for nobody, and nothing is logged.
  const std::string client_b = GridSystem({kCommunityB}, "grid-probe-b");
  for (const std::string& id_number : {active_id, UnregisteredIdNumber()}) {
    auto request = Patrol("", "probe-grid");
    request.set_request_id("probe-grid-" + id_number);
    request.set_id_number(id_number);
    grpc::Status grid = Report(request, &report, client_b);
    EXPECT_EQ(grid.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(grid.error_message(), "grid_id: no such grid");
  }
  EXPECT_TRUE(LookupResults("grid-probe-b").empty());

  ASSERT_TRUE(by_id(active_id, "probe-5").ok());
  EXPECT_EQ(report.volunteer_id(), active);
  const int found = static_cast<int>(IdLookupResult::kFound);
  const int not_found = static_cast<int>(IdLookupResult::kNotFound);
  const int out_of_scope = static_cast<int>(IdLookupResult::kOutOfScope);
  const int invalid = static_cast<int>(IdLookupResult::kInvalidArgument);
  const int limited = static_cast<int>(IdLookupResult::kRateLimited);
  EXPECT_EQ(LookupResults("grid-probe"),
            (std::vector<int>{not_found, out_of_scope, out_of_scope, invalid, found}));

  // The sixth look-up of the hour is the last (kLookupsPerHour); the seventh is refused, logged.
  EXPECT_EQ(by_id(UnregisteredIdNumber(), "probe-6").error_code(), grpc::StatusCode::NOT_FOUND);
  grpc::Status spent = by_id(active_id, "probe-7");
  EXPECT_EQ(spent.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(spent.error_message().rfind("id_number:", 0), 0u) << spent.error_message();
  EXPECT_EQ(LookupResults("grid-probe").back(), limited);
  // A report of a reference already made is answered from it: no look-up, not refused.
  auto repeat = Patrol("", "probe-5");
  repeat.set_request_id("probe-5-again");
  repeat.set_id_number(active_id);
  repeat.clear_grid_id();
  EXPECT_TRUE(Report(repeat, &report, client).ok());
  // An hour later the budget is back.
  clock_->Advance(std::chrono::minutes(61));
  EXPECT_TRUE(by_id(active_id, "probe-8").ok());
  clock_->Advance(-std::chrono::minutes(61));
}

// A refusal after the look-up found somebody (here the volunteer's tasks of the day) keeps the
// look-up's log row.
TEST_F(GridTaskLimitsTest, AVolunteersTasksADayAreCappedAndTheLookUpStaysLogged) {
  std::string id_number;
  const std::string volunteer = NewVolunteer(kCommunityA, &id_number);
  vpb::GridTaskReport report;
  for (int i = 0; i < kTasksPerDay; ++i) {
    ASSERT_TRUE(Report(Patrol(volunteer, "cap-" + std::to_string(i)), &report).ok()) << i;
  }
  const int events = AwardEvents();
  grpc::Status capped = Report(Patrol(volunteer, "cap-over"), &report);
  EXPECT_EQ(capped.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(capped.error_message().rfind("completed_at:", 0), 0u) << capped.error_message();
  // Also when another client reports them, and by ID number: the look-up is logged all the same.
  auto by_id = Patrol("", "cap-by-id");
  by_id.set_id_number(id_number);
  EXPECT_EQ(Report(by_id, &report, GridSystem({kCommunityA}, "grid-cap")).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(LookupResults("grid-cap"), std::vector<int>{static_cast<int>(IdLookupResult::kFound)});
  EXPECT_EQ(AwardEvents(), events);
  // The day is China's: its first minute (16:00 UTC the day before) is capped, the minute
  // before it is another day with room.
  auto day_start = Patrol(volunteer, "cap-day-start");
  day_start.mutable_completed_at()->set_seconds(
      std::chrono::system_clock::to_time_t(kStart - std::chrono::hours(12)));
  EXPECT_EQ(Report(day_start, &report).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  auto before_midnight = Patrol(volunteer, "cap-before-midnight");
  before_midnight.mutable_completed_at()->set_seconds(std::chrono::system_clock::to_time_t(
      kStart - std::chrono::hours(12) - std::chrono::minutes(1)));
  EXPECT_TRUE(Report(before_midnight, &report).ok());
}

TEST_F(GridTaskLimitsTest, ARepeatIsAnsweredFromTheFirstReportWhateverBecameOfTheVolunteer) {
  std::string id_number, other_id;
  const std::string volunteer = NewVolunteer(kCommunityA, &id_number);
  NewVolunteer(kCommunityA, &other_id);
  vpb::GridTaskReport first, again;
  ASSERT_TRUE(Report(Patrol(volunteer, "rep-1"), &first).ok());
  Suspend(volunteer);
  auto repeat = Patrol(volunteer, "rep-1");
  repeat.set_request_id("rep-1-again");
  grpc::Status status = Report(repeat, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.report_id(), first.report_id());
  // By the volunteer's ID number: the same task, answered without a look-up.
  const std::string client = GridSystem({kStreet}, "grid-system");
  const size_t logged = LookupResults("grid-system").size();
  repeat.set_request_id("rep-1-by-id");
  repeat.clear_volunteer_id();
  repeat.set_id_number(id_number);
  status = Report(repeat, &again, client);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.report_id(), first.report_id());
  EXPECT_EQ(LookupResults("grid-system").size(), logged);
  // Another person's number, or another grid: another task.
  repeat.set_request_id("rep-1-other-id");
  repeat.set_id_number(other_id);
  EXPECT_EQ(Report(repeat, &again, client).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto no_grid = Patrol(volunteer, "rep-1");
  no_grid.set_request_id("rep-1-no-grid");
  no_grid.clear_grid_id();
  status = Report(no_grid, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message().rfind("reference:", 0), 0u) << status.error_message();
}

TEST_F(GridTaskLimitsTest, AClientServingAGridReportsTheVolunteersOfThatGrid) {
  const int n = ++people_;
  vpb::RegisterVolunteerRequest request;
  request.set_request_id("grid-worker");
  request.set_name("网格员" + std::to_string(n));
  request.set_id_number(IdNumberOf(n));
  request.set_phone("1390000" + std::to_string(1000 + n));
  request.set_community_id(kCommunityA);
  request.set_grid_id(kGridA1);
  request.set_political_status(vpb::POLITICAL_STATUS_MASSES);
  vpb::Volunteer in_grid;
  grpc::Status status = CallWith(volunteers_.get(), &vpb::VolunteerService::Stub::RegisterVolunteer,
                                 neighbours_->SystemToken(), request, &in_grid);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string grid_client = GridSystem({kGridA1}, "grid-a1");
  vpb::GridTaskReport report;
  status = Report(Patrol(in_grid.volunteer_id(), "grid-scope-1"), &report, grid_client);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.community_id(), kCommunityA);
  // A volunteer of the community in no grid, or another grid, is not the client's.
  auto outside = Patrol(NewVolunteer(kCommunityA), "grid-scope-2");
  outside.clear_grid_id();
  EXPECT_EQ(Report(outside, &report, grid_client).error_code(), grpc::StatusCode::NOT_FOUND);
}

// The points service pays a source_ref once: the same award delivered as a new event (a new
// request id) earns nothing more.
TEST_F(GridTaskLimitsTest, AnAwardOfTheSameReportUnderANewRequestIdEarnsNothingMore) {
  const std::string volunteer = NewVolunteer();
  vpb::GridTaskReport report;
  ASSERT_TRUE(Report(Patrol(volunteer, "XC-once-1"), &report).ok());
  Relay();
  ASSERT_EQ(Points(volunteer), 2);
  auto points = ppb::PointsService::NewStub(neighbours_->points().server.channel());
  ppb::AwardRequest award;
  award.set_request_id("a-new-event-id");
  award.set_volunteer_id(volunteer);
  award.set_volunteer_name("网格员");
  award.set_community_id(kCommunityA);
  award.set_home_community_id(kCommunityA);
  award.set_activity(ppb::ACTIVITY_GRID_TASK);
  award.set_grid_task_type("GRID_TASK_TYPE_PATROL");
  award.set_source_ref("grid-task:" + report.report_id());
  award.set_description("网格任务 XC-once-1");
  ppb::AwardResponse answer;
  grpc::Status status = CallWith(points.get(), &ppb::PointsService::Stub::Award,
                                 neighbours_->SystemToken(), award, &answer);
  EXPECT_TRUE(status.ok()) << status.error_message();  // the first award's answer
  EXPECT_EQ(Points(volunteer), 2);
}

}  // namespace
}  // namespace tongxin::volunteer
