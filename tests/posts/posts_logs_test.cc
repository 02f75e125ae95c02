// posts_grpc_test: service logs, their review, the approval's hours and points arriving once
// (also when the points service was down), lists in scope and the overview.
#include "tests/posts/posts_test.h"

namespace tongxin::posts {
namespace {

TEST_F(PostsTest, LogsAreCheckedAndReviewedOnce) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Adoption adoption;
  ASSERT_TRUE(Adopt(NewPost(2).post_id(), member, &adoption).ok());
  pb::LogServiceRequest bad;
  bad.set_request_id(NextId());
  bad.set_adoption_id(adoption.adoption_id());
  bad.set_service_date("2026-06-13");
  bad.set_hours(25);
  bad.set_summary("x");
  pb::ServiceLog log;
  grpc::Status status = Call(&Stub::LogService, Self(member), bad, &log);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("hours", 0), 0u);
  bad.set_request_id(NextId());
  bad.set_hours(2);
  bad.set_service_date("2026-07-01");
  EXPECT_EQ(Call(&Stub::LogService, Self(member), bad, &log).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  bad.set_request_id(NextId());
  bad.set_service_date("2026-06-13");
  EXPECT_EQ(Call(&Stub::LogService, Self("someone-else"), bad, &log).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  log = NewLog(adoption, 2, Self(member));
  pb::ReviewLogRequest review;
  review.set_request_id(NextId());
  review.set_log_id(log.log_id());
  pb::ServiceLog reviewed;
  EXPECT_EQ(Call(&Stub::ApproveLog, AdminB(), review, &reviewed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ApproveLog, Self(member), review, &reviewed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::RejectLog, AdminA(), review, &reviewed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // a rejection needs a reason
  int events = std::stoi(Database().Scalar("SELECT count(*) FROM outbox_events"));
  ASSERT_TRUE(Call(&Stub::ApproveLog, AdminA(), review, &reviewed).ok());
  EXPECT_EQ(reviewed.status(), pb::LOG_STATUS_APPROVED);
  // In the same transaction: one event for the hours, one for the points, one telling the
  // notifications service.
  EXPECT_EQ(Database().Scalar("SELECT count(*) FROM outbox_events"), std::to_string(events + 3));
  review.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::ApproveLog, AdminA(), review, &reviewed).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // No log for a post no longer adopted.
  pb::WithdrawAdoptionRequest withdraw;
  withdraw.set_request_id(NextId());
  withdraw.set_adoption_id(adoption.adoption_id());
  pb::Adoption withdrawn;
  ASSERT_TRUE(Call(&Stub::WithdrawAdoption, Self(member), withdraw, &withdrawn).ok());
  bad.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::LogService, Self(member), bad, &log).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PostsTest, AUnitsApprovedLogSendsNoHoursOrPoints) {
  pb::Unit unit = NewUnit("市供电公司");
  pb::Adoption adoption;
  ASSERT_TRUE(Call(&Stub::AdoptPost, AdminA(), UnitAdoption(NewPost(2).post_id(), unit.unit_id()),
                   &adoption)
                  .ok());
  pb::ServiceLog log = NewLog(adoption, 2, AdminA());
  const std::string effects =
      "SELECT count(*) FROM outbox_events WHERE destination <> 'notifications'";
  int events = std::stoi(Database().Scalar(effects));
  pb::ReviewLogRequest review;
  review.set_request_id(NextId());
  review.set_log_id(log.log_id());
  pb::ServiceLog approved;
  ASSERT_TRUE(Call(&Stub::ApproveLog, AdminA(), review, &approved).ok());
  EXPECT_EQ(approved.status(), pb::LOG_STATUS_APPROVED);
  // A unit's service is its own record: nothing for the volunteer or points services (the
  // feed still hears of it).
  EXPECT_EQ(Database().Scalar(effects), std::to_string(events));
}

TEST_F(PostsTest, ApprovedHoursAndPointsArriveOnceAlsoWhenPointsWasDown) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Adoption adoption;
  ASSERT_TRUE(Adopt(NewPost(2, false, "YOUTH_CARE").post_id(), member, &adoption).ok());
  auto approve = [&](const pb::ServiceLog& log) {
    pb::ReviewLogRequest review;
    review.set_request_id(NextId());
    review.set_log_id(log.log_id());
    pb::ServiceLog approved;
    ASSERT_TRUE(Call(&Stub::ApproveLog, AdminA(), review, &approved).ok());
  };

  approve(NewLog(adoption, 3, Self(member)));
  EXPECT_GE(Relay(neighbours_->points().server.target()),
            2);  // with whatever earlier tests left pending
  EXPECT_DOUBLE_EQ(Hours(member), 3);
  EXPECT_EQ(Points(member), 3);
  // Delivered again (a relay killed before it marked them): the effects stay once.
  ForgetDeliveries();
  Relay(neighbours_->points().server.target());
  EXPECT_DOUBLE_EQ(Hours(member), 3);
  EXPECT_EQ(Points(member), 3);

  // The points service goes down; the approval still succeeds and the hours still arrive.
  const std::string down_target = neighbours_->points().server.target();
  neighbours_->points().server.Stop();
  approve(NewLog(adoption, 4, Self(member)));
  EXPECT_EQ(Relay(down_target), 2);  // the hours, and the approval told to the notifications
  EXPECT_DOUBLE_EQ(Hours(member), 7);
  EXPECT_EQ(Database().Scalar(
                "SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND destination "
                "= 'points' AND attempts > 0"),
            "1");
  // It comes back (same database, a new process and port): the points arrive, once.
  neighbours_->RestartPoints();
  EXPECT_EQ(Relay(neighbours_->points().server.target()), 1);
  EXPECT_EQ(Points(member), 7);
  EXPECT_EQ(Relay(neighbours_->points().server.target()), 0);
  EXPECT_EQ(Points(member), 7);
}

TEST_F(PostsTest, LongChineseSummariesTravelWhole) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Adoption adoption;
  ASSERT_TRUE(Adopt(NewPost(2).post_id(), member, &adoption).ok());
  pb::LogServiceRequest request;
  request.set_request_id(NextId());
  request.set_adoption_id(adoption.adoption_id());
  request.set_service_date("2026-06-15");
  request.set_hours(1);
  std::string summary = "3";
  for (int i = 0; i < 200; ++i) summary += "位";  // 1 + 600 bytes: byte 450 splits a character
  request.set_summary(summary);
  pb::ServiceLog log;
  ASSERT_TRUE(Call(&Stub::LogService, Self(member), request, &log).ok());
  pb::ReviewLogRequest review;
  review.set_request_id(NextId());
  review.set_log_id(log.log_id());
  pb::ServiceLog approved;
  ASSERT_TRUE(Call(&Stub::ApproveLog, AdminA(), review, &approved).ok());
  Relay(neighbours_->points().server.target());
  EXPECT_DOUBLE_EQ(Hours(member), 1);
  EXPECT_EQ(Points(member), 1);
  pb::ListLogsRequest by_grid;
  by_grid.set_region_id("411502001001001");
  pb::ListLogsResponse logs;
  EXPECT_EQ(Call(&Stub::ListLogs, AdminA(), by_grid, &logs).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PostsTest, ListsOfUnitsAdoptionsAndLogsFollowScope) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Post post = NewPost(3);
  pb::Adoption adoption;
  ASSERT_TRUE(Adopt(post.post_id(), member, &adoption).ok());
  NewLog(adoption, 1, Self(member));

  pb::ListAdoptionsRequest by_post;
  by_post.set_post_id(post.post_id());
  pb::ListAdoptionsResponse adoptions;
  EXPECT_EQ(Call(&Stub::ListAdoptions, AdminB(), by_post, &adoptions).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ListAdoptions, AdminA(), by_post, &adoptions).ok());
  ASSERT_EQ(adoptions.adoptions_size(), 1);
  pb::ListAdoptionsRequest mine;
  mine.set_adopter_id(member);
  EXPECT_EQ(Call(&Stub::ListAdoptions, Self("other"), mine, &adoptions).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ListAdoptions, Self(member), mine, &adoptions).ok());
  EXPECT_EQ(adoptions.adoptions_size(), 1);
  pb::ListAdoptionsRequest neither;
  EXPECT_EQ(Call(&Stub::ListAdoptions, AdminA(), neither, &adoptions).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pb::ListLogsRequest waiting;
  waiting.set_region_id(kCommunityA);
  waiting.set_status(pb::LOG_STATUS_SUBMITTED);
  waiting.set_page_size(1);
  pb::ListLogsResponse logs;
  EXPECT_EQ(Call(&Stub::ListLogs, AdminB(), waiting, &logs).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ListLogs, AdminA(), waiting, &logs).ok());
  ASSERT_EQ(logs.logs_size(), 1);
  pb::ListLogsRequest own;
  own.set_adopter_id(member);
  ASSERT_TRUE(Call(&Stub::ListLogs, Self(member), own, &logs).ok());
  EXPECT_EQ(logs.logs_size(), 1);
  EXPECT_EQ(logs.logs(0).photos_after_size(), 1);

  pb::ListUnitsRequest units;
  units.set_community_id(kCommunityA);
  pb::ListUnitsResponse unit_list;
  ASSERT_TRUE(Call(&Stub::ListUnits, Self("anyone"), units, &unit_list).ok());
  units.set_community_id("x");
  EXPECT_EQ(Call(&Stub::ListUnits, Self("anyone"), units, &unit_list).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PostsTest, OverviewShowsCapacityAdoptionAndHours) {
  pb::GetOverviewRequest request;
  request.set_region_id(kCommunityA);
  pb::Overview overview;
  ASSERT_TRUE(Call(&Stub::GetOverview, StreetAdmin(), request, &overview).ok());
  EXPECT_GT(overview.posts(), 0);
  EXPECT_GE(overview.capacity(), overview.adopted());
  EXPECT_GT(overview.adoption_rate(), 0);
  EXPECT_LE(overview.adoption_rate(), 1);
  EXPECT_FALSE(overview.by_type().empty());
  request.set_region_id(kStreet);
  pb::Overview street;
  ASSERT_TRUE(Call(&Stub::GetOverview, StreetAdmin(), request, &street).ok());
  EXPECT_GE(street.posts(), overview.posts());
  request.set_region_id("123");
  EXPECT_EQ(Call(&Stub::GetOverview, StreetAdmin(), request, &street).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PostsTest, ServiceIsNotLoggedBeforeTheAdoptionBegan) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Adoption adoption;
  ASSERT_TRUE(Adopt(NewPost(2).post_id(), member, &adoption).ok());  // on 2026-06-15
  EXPECT_EQ(adoption.adopt_date(), "2026-06-15");
  pb::LogServiceRequest request;
  request.set_request_id(NextId());
  request.set_adoption_id(adoption.adoption_id());
  request.set_service_date("2026-06-14");
  request.set_hours(2);
  request.set_summary("上门看望慰问困难群众");
  pb::ServiceLog log;
  grpc::Status early = Call(&Stub::LogService, Self(member), request, &log);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(early.error_message().rfind("service_date", 0), 0u) << early.error_message();
  request.set_request_id(NextId());
  request.set_service_date("2026-06-15");
  EXPECT_TRUE(Call(&Stub::LogService, Self(member), request, &log).ok());
}

}  // namespace
}  // namespace tongxin::posts
