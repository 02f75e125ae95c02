// The posts service with the real volunteer and points services beside it, each on its own
// real PostgreSQL database: the catalogue, publishing, adoption rules and the adoption race,
// service logs, and approval effects that arrive once — also when the points service was down.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/posts/grpc/posts_grpc.h"
#include "tests/support/service_stacks.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::posts {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;
using Stub = pb::PostsService::Stub;

constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
const Time kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

class PostsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = new FakeClock(kStart);
    neighbours_ = new testing::Neighbours(*clock_, "posts");
    database_ = new testing::TestDatabase("posts", "posts");
    db_ = database_->Open(8).release();
    posts_ = new PostRepository(*db_);
    units_ = new UnitRepository(*db_);
    adoptions_ = new AdoptionRepository(*db_);
    domain_ = new PostsDomain(*posts_, *units_, *adoptions_, *clock_);
    directory_ =
        new clients::GrpcVolunteerDirectory(neighbours_->volunteer().server.channel(), SystemToken);
    server_ = new testing::TestServer(*clock_);
    service_ = new PostsGrpc(*domain_, *directory_, *db_, server_->runner());
    server_->Start(service_);
    stub_ = pb::PostsService::NewStub(server_->channel()).release();
    SeedHierarchy();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
    delete service_;
    delete directory_;
    delete domain_;
    delete adoptions_;
    delete units_;
    delete posts_;
    delete db_;
    delete database_;
    delete neighbours_;
    delete clock_;
  }

  static std::string SystemToken() { return server_->Token(Role::kSystem, "posts-service"); }
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

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response) {
    return testing::CallWith(stub_, method, token, request, response);
  }

  static void SeedHierarchy() {
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA, kCommunityB});
  }

  // A new active volunteer in community A; a party member reports to `report_to` if given.
  static std::string NewVolunteer(bool party_member, const std::string& report_to = "") {
    return neighbours_->RegisterVolunteer(++people_, "党员", "19850101", "1370000", kCommunityA,
                                          party_member, report_to);
  }

  static pb::Post NewPost(int capacity, bool volunteers_allowed = false,
                          const std::string& type = "AID_NEEDY") {
    pb::CreatePostRequest request;
    request.set_request_id(NextId());
    auto* post = request.mutable_post();
    post->set_community_id(kCommunityA);
    post->set_type_code(type);
    post->set_title("结对帮扶困难群众 " + request.request_id());
    post->set_place("河南路社区党群服务中心");
    post->set_schedule("每周六上午");
    post->add_weekdays(6);
    post->set_start_time("09:00");
    post->set_end_time("11:30");
    post->set_capacity(capacity);
    post->set_volunteers_allowed(volunteers_allowed);
    pb::Post created;
    grpc::Status status = Call(&Stub::CreatePost, AdminA(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static grpc::Status Adopt(const std::string& post_id, const std::string& volunteer,
                            pb::Adoption* adoption) {
    pb::AdoptPostRequest request;
    request.set_request_id(NextId());
    request.set_post_id(post_id);
    request.set_adopter_id(volunteer);
    return Call(&Stub::AdoptPost, Self(volunteer), request, adoption);
  }

  static pb::ServiceLog NewLog(const pb::Adoption& adoption, double hours,
                               const std::string& token) {
    pb::LogServiceRequest request;
    request.set_request_id(NextId());
    request.set_adoption_id(adoption.adoption_id());
    request.set_service_date("2026-06-13");
    request.set_hours(hours);
    request.set_summary("上门看望慰问困难群众，帮助打扫卫生");
    request.add_photos_before("https://img.example/before.jpg");
    request.add_photos_after("https://img.example/after.jpg");
    pb::ServiceLog log;
    grpc::Status status = Call(&Stub::LogService, token, request, &log);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return log;
  }

  // Delivers the outbox with a relay talking to `points_target`; returns what was delivered.
  static int Relay(const std::string& points_target) {
    return neighbours_->Relay(*db_, points_target);
  }

  static double Hours(const std::string& volunteer) { return neighbours_->Hours(volunteer); }

  static long long Points(const std::string& volunteer) { return neighbours_->Points(volunteer); }

  static inline FakeClock* clock_;
  static inline testing::Neighbours* neighbours_;
  static inline testing::TestDatabase* database_;
  static inline Db* db_;
  static inline PostRepository* posts_;
  static inline UnitRepository* units_;
  static inline AdoptionRepository* adoptions_;
  static inline PostsDomain* domain_;
  static inline clients::GrpcVolunteerDirectory* directory_;
  static inline testing::TestServer* server_;
  static inline PostsGrpc* service_;
  static inline Stub* stub_;
  static inline std::atomic<int> counter_{0};
  static inline std::atomic<int> people_{0};
};

TEST_F(PostsTest, TheCatalogueShipsWithThirtyTwoTypes) {
  pb::ListPostTypesRequest request;
  pb::ListPostTypesResponse types;
  ASSERT_TRUE(Call(&Stub::ListPostTypes, Self("anyone"), request, &types).ok());
  ASSERT_GE(types.post_types_size(), 32);
  EXPECT_TRUE(std::any_of(
      types.post_types().begin(), types.post_types().end(),
      [](const pb::PostType& t) { return t.code() == "YOUTH_CARE" && t.name() == "少年关爱"; }));
  pb::CreatePostTypeRequest create;
  create.set_request_id(NextId());
  create.mutable_post_type()->set_code("FLOOD_WATCH");
  create.mutable_post_type()->set_name("汛期巡堤");
  pb::PostType type;
  EXPECT_EQ(Call(&Stub::CreatePostType, AdminA(), create, &type).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreatePostType, StreetAdmin(), create, &type).ok());
  EXPECT_FALSE(type.builtin());
  create.set_request_id(NextId());
  create.mutable_post_type()->set_code("bad code");
  EXPECT_EQ(Call(&Stub::CreatePostType, StreetAdmin(), create, &type).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PostsTest, CommunitiesPublishPostsInTheirScope) {
  pb::CreatePostRequest request;
  request.set_request_id(NextId());
  request.mutable_post()->set_community_id(kCommunityA);
  request.mutable_post()->set_type_code("FREE_CLINIC");
  request.mutable_post()->set_title("每月义诊");
  request.mutable_post()->set_capacity(4);
  pb::Post post;
  EXPECT_EQ(Call(&Stub::CreatePost, AdminB(), request, &post).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreatePost, Self("v"), request, &post).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreatePost, AdminA(), request, &post).ok());
  EXPECT_EQ(post.type_name(), "义诊");
  EXPECT_EQ(post.status(), pb::POST_STATUS_OPEN);
  for (auto spoil : std::vector<std::function<void(pb::CreatePostRequest&)>>{
           [](auto& r) { r.mutable_post()->set_capacity(0); },
           [](auto& r) { r.mutable_post()->set_type_code("NO_SUCH_TYPE"); },
           [](auto& r) { r.mutable_post()->set_title(""); },
           [](auto& r) { r.mutable_post()->add_weekdays(8); },
           [](auto& r) { r.mutable_post()->set_start_time("25:00"); },
           [](auto& r) { r.mutable_post()->set_grid_id("411502001002001"); }}) {
    auto bad = request;
    bad.set_request_id(NextId());
    spoil(bad);
    EXPECT_EQ(Call(&Stub::CreatePost, AdminA(), bad, &post).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  pb::ListPostsRequest list;
  list.set_region_id(kCommunityA);
  list.add_skills("medical");
  pb::ListPostsResponse posts;
  ASSERT_TRUE(Call(&Stub::ListPosts, Self("anyone"), list, &posts).ok());
  ASSERT_GE(posts.posts_size(), 1);
  for (const auto& p : posts.posts()) EXPECT_EQ(p.type_code(), "FREE_CLINIC");
}

TEST_F(PostsTest, OnlyReportedPartyMembersAdoptUnlessVolunteersAreWelcome) {
  pb::Post post = NewPost(3);
  std::string reported = NewVolunteer(true, kCommunityA);
  std::string elsewhere = NewVolunteer(true, kCommunityB);
  std::string masses = NewVolunteer(false);
  pb::Adoption adoption;
  EXPECT_EQ(Adopt(post.post_id(), elsewhere, &adoption).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Adopt(post.post_id(), masses, &adoption).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Adopt(post.post_id(), reported, &adoption).ok());
  EXPECT_EQ(adoption.adopter_name().substr(0, 6), "党员");
  EXPECT_TRUE(adoption.party_member());
  EXPECT_EQ(Adopt(post.post_id(), reported, &adoption).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  pb::AdoptPostRequest for_other;
  for_other.set_request_id(NextId());
  for_other.set_post_id(post.post_id());
  for_other.set_adopter_id(masses);
  EXPECT_EQ(Call(&Stub::AdoptPost, Self(reported), for_other, &adoption).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Adopt(post.post_id(), "no-such-volunteer", &adoption).error_code(),
            grpc::StatusCode::NOT_FOUND);

  pb::Post open_post = NewPost(3, /*volunteers_allowed=*/true);
  EXPECT_TRUE(Adopt(open_post.post_id(), masses, &adoption).ok());
}

TEST_F(PostsTest, LimitsClosedPostsWithdrawalAndUnits) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Adoption adoption;
  std::vector<pb::Adoption> held;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Adopt(NewPost(2).post_id(), member, &adoption).ok());
    held.push_back(adoption);
  }
  pb::Post fourth = NewPost(2);
  grpc::Status over = Adopt(fourth.post_id(), member, &adoption);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(over.error_message().find("at most 3"), std::string::npos);

  pb::WithdrawAdoptionRequest withdraw;
  withdraw.set_request_id(NextId());
  withdraw.set_adoption_id(held[0].adoption_id());
  pb::Adoption withdrawn;
  EXPECT_EQ(Call(&Stub::WithdrawAdoption, Self("intruder"), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::WithdrawAdoption, Self(member), withdraw, &withdrawn).ok());
  EXPECT_EQ(withdrawn.status(), pb::ADOPTION_STATUS_WITHDRAWN);
  withdraw.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::WithdrawAdoption, Self(member), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  pb::GetPostRequest get;
  get.set_post_id(held[0].post_id());
  pb::Post freed;
  ASSERT_TRUE(Call(&Stub::GetPost, Self(member), get, &freed).ok());
  EXPECT_EQ(freed.adopted(), 0);
  EXPECT_TRUE(Adopt(fourth.post_id(), member, &adoption).ok());  // the place freed in the limit

  pb::SetPostOpenRequest close;
  close.set_request_id(NextId());
  close.set_post_id(freed.post_id());
  close.set_open(false);
  pb::Post closed;
  ASSERT_TRUE(Call(&Stub::SetPostOpen, AdminA(), close, &closed).ok());
  EXPECT_EQ(closed.status(), pb::POST_STATUS_CLOSED);
  EXPECT_EQ(Adopt(closed.post_id(), NewVolunteer(true, kCommunityA), &adoption).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::CreateUnitRequest unit_request;
  unit_request.set_request_id(NextId());
  unit_request.mutable_unit()->set_community_id(kCommunityA);
  unit_request.mutable_unit()->set_name("浉河区人社局");
  unit_request.mutable_unit()->set_agreement_date("2026-03-01");
  pb::Unit unit;
  ASSERT_TRUE(Call(&Stub::CreateUnit, AdminA(), unit_request, &unit).ok());
  pb::AdoptPostRequest by_unit;
  by_unit.set_request_id(NextId());
  by_unit.set_post_id(NewPost(2).post_id());
  by_unit.set_adopter_kind(pb::ADOPTER_KIND_UNIT);
  by_unit.set_adopter_id(unit.unit_id());
  EXPECT_EQ(Call(&Stub::AdoptPost, Self(member), by_unit, &adoption).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::AdoptPost, AdminA(), by_unit, &adoption).ok());
  EXPECT_EQ(adoption.adopter_name(), "浉河区人社局");
  // The same unit spelt in capitals is still the same adopter.
  by_unit.set_request_id(NextId());
  std::string upper = unit.unit_id();
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  by_unit.set_adopter_id(upper);
  EXPECT_EQ(Call(&Stub::AdoptPost, AdminA(), by_unit, &adoption).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PostsTest, TwoHundredAdoptersOfFivePlacesGiveFiveAdoptions) {
  constexpr int kAdopters = 200, kCapacity = 5;
  std::vector<std::string> members(kAdopters);
  std::vector<std::thread> registering;
  for (int t = 0; t < 8; ++t) {
    registering.emplace_back([&, t] {
      for (int i = t; i < kAdopters; i += 8) members[i] = NewVolunteer(true, kCommunityA);
    });
  }
  for (auto& thread : registering) thread.join();
  pb::Post post = NewPost(kCapacity);
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAdopters; ++i) {
    threads.emplace_back([&, i] {
      pb::Adoption adoption;
      grpc::Status status = Adopt(post.post_id(), members[i], &adoption);
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
  EXPECT_EQ(ok.load(), kCapacity);
  EXPECT_EQ(refused.load(), kAdopters - kCapacity);
  EXPECT_EQ(other.load(), 0);
  pb::GetPostRequest get;
  get.set_post_id(post.post_id());
  pb::Post full;
  ASSERT_TRUE(Call(&Stub::GetPost, AdminA(), get, &full).ok());
  EXPECT_EQ(full.adopted(), kCapacity);
  EXPECT_EQ(full.status(), pb::POST_STATUS_FULL);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM adoptions WHERE post_id = '" + post.post_id() +
                              "' AND status = 1"),
            std::to_string(kCapacity));
}

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
  int events = std::stoi(database_->Scalar("SELECT count(*) FROM outbox_events"));
  ASSERT_TRUE(Call(&Stub::ApproveLog, AdminA(), review, &reviewed).ok());
  EXPECT_EQ(reviewed.status(), pb::LOG_STATUS_APPROVED);
  // In the same transaction: one event for the hours, one for the points.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events"), std::to_string(events + 2));
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
  ASSERT_TRUE(db_->Transact({},
                            [](Tx& tx) {
                              tx.exec0("UPDATE outbox_events SET delivered_at = NULL");
                              return absl::OkStatus();
                            })
                  .ok());
  Relay(neighbours_->points().server.target());
  EXPECT_DOUBLE_EQ(Hours(member), 3);
  EXPECT_EQ(Points(member), 3);

  // The points service goes down; the approval still succeeds and the hours still arrive.
  const std::string down_target = neighbours_->points().server.target();
  neighbours_->points().server.Stop();
  approve(NewLog(adoption, 4, Self(member)));
  EXPECT_EQ(Relay(down_target), 1);
  EXPECT_DOUBLE_EQ(Hours(member), 7);
  EXPECT_EQ(database_->Scalar(
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
  request.set_service_date("2026-06-14");
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

TEST_F(PostsTest, AdoptionFailsUnavailableWhenTheVolunteerServiceIsDown) {
  // A second posts server whose volunteer service cannot be reached.
  clients::GrpcVolunteerDirectory unreachable(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), SystemToken);
  testing::TestServer server(*clock_);
  PostsGrpc service(*domain_, unreachable, *db_, server.runner());
  server.Start(&service);
  auto stub = pb::PostsService::NewStub(server.channel());
  pb::Post post = NewPost(2);
  std::string member = NewVolunteer(true, kCommunityA);
  pb::AdoptPostRequest request;
  request.set_request_id(NextId());
  request.set_post_id(post.post_id());
  request.set_adopter_id(member);
  pb::Adoption adoption;
  grpc::Status status = testing::CallWith(stub.get(), &Stub::AdoptPost, Self(member), request,
                                          &adoption, std::chrono::seconds(3));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(database_->Scalar("SELECT adopted FROM posts WHERE post_id = '" + post.post_id() + "'"),
            "0");
}

}  // namespace
}  // namespace tongxin::posts
