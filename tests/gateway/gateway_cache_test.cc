// The views' cache (view_cache.h) over HTTP, against all four real services, each on its own real
// PostgreSQL database, with every downstream call counted: a view asked again is served without
// calls until it is too old (the cache's own FakeClock), and composed again ahead of that when
// asked late in its age; concurrent asks make one composition; a
// view missing a part is served but never kept; no caller is served a view composed for a caller
// of another scope, role or subject; a caller's action makes their views fresh; max age 0 keeps
// nothing.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "services/gateway/http_front.h"
#include "tests/gateway/counting_channels.h"
#include "tests/gateway/frozen_service.h"
#include "tests/support/activities_stack.h"
#include "tests/support/all_services.h"
#include "tests/support/notifications_stack.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kStreet[] = "411502001";
constexpr char kOtherStreet[] = "411502002";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST
constexpr char kDashboardCalls[] = "GetDashboard";
constexpr char kBalance[] = "/tongxin.points.v1.PointsService/GetBalance";
constexpr char kProfile[] = "/tongxin.volunteer.v1.VolunteerService/GetVolunteer";
constexpr int kCallsPerDashboard = 8;  // with my inbox's unread count

struct Answer {
  int status = 0;
  json body;
  std::string age;            // the Age header
  std::string cache_control;  // the Cache-Control header
};

// A gateway over counted channels whose views are kept on a clock of the test's.
struct CachingGateway {
  CachingGateway(const Downstreams& downstreams, const TokenVerifier& verifier,
                 ViewCacheOptions cache, milliseconds part_budget = seconds(20))
      : gateway(downstreams, DownstreamGuardOptions{part_budget}, cache),
        front(gateway, verifier, Options()) {
    EXPECT_TRUE(front.Start("127.0.0.1", 0).ok());
  }
  static HttpOptions Options() {
    HttpOptions options;
    options.rate_limits.people = RateLimit{1000, 1000};
    options.default_timeout = seconds(20);
    return options;
  }
  Answer Get(const std::string& path, const std::string& token) {
    httplib::Client client("127.0.0.1", front.port());
    client.set_read_timeout(30, 0);
    auto response = client.Get(path, {{"Authorization", "Bearer " + token}});
    if (!response) return {};
    return {response->status, json::parse(response->body), response->get_header_value("Age"),
            response->get_header_value("Cache-Control")};
  }
  Answer Post(const std::string& path, const std::string& token, const json& body) {
    httplib::Client client("127.0.0.1", front.port());
    client.set_read_timeout(30, 0);
    auto response =
        client.Post(path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    if (!response) return {};
    return {response->status, json::parse(response->body), "", ""};
  }
  double Metric(const char* name, const std::string& view) const {
    return gateway.cache().metrics().Value(std::string("tongxin_gateway_view_cache_") + name,
                                           {{"view", view}});
  }

  Gateway gateway;
  HttpFront front;
};

class GatewayCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = std::make_unique<FakeClock>(kStart);
    neighbours_ = std::make_unique<testing::Neighbours>(*clock_, "gwc");
    posts_ = std::make_unique<testing::PostsStack>(*clock_, "gwc_posts", *neighbours_);
    wishes_ = std::make_unique<testing::WishesStack>(*clock_, "gwc_wishes", *neighbours_);
    activities_ =
        std::make_unique<testing::ActivitiesStack>(*clock_, "gwc_activities", *neighbours_);
    notifications_ = std::make_unique<testing::NotificationsStack>(*clock_, "gwc_notifications");
    verifier_ = TokenVerifier::Hs256(testing::TestServer::kSecret, clock_.get());
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA, kCommunityB});
    volunteer_ =
        neighbours_->RegisterVolunteer(1, "群众", "19900101", "1370000", kCommunityA, false);
    other_ = neighbours_->RegisterVolunteer(2, "群众", "19900102", "1370000", kCommunityA, false);
    // Points in community A: what puts the volunteer's account in its admin's scope.
    namespace ppb = ::tongxin::points::v1;
    auto points = ppb::PointsService::NewStub(neighbours_->points().server.channel());
    ppb::AwardRequest award;
    award.set_request_id("gwc-award");
    award.set_volunteer_id(volunteer_);
    award.set_community_id(kCommunityA);
    award.set_activity(ppb::ACTIVITY_POST_SERVICE);
    award.set_hours(2);
    award.set_source_ref("post-log:gwc-1");
    ppb::AwardResponse awarded;
    ASSERT_TRUE(testing::CallWith(points.get(), &ppb::PointsService::Stub::Award,
                                  neighbours_->SystemToken(), award, &awarded)
                    .ok());
  }
  static void TearDownTestSuite() {
    verifier_.reset();
    notifications_.reset();
    activities_.reset();
    wishes_.reset();
    posts_.reset();
    neighbours_.reset();
    clock_.reset();
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return posts_->server.Token(role, subject, std::move(scope));
  }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }

  // The six services, each over a channel that counts its calls.
  static Downstreams Counted(CallCounts& counts) {
    return Downstreams{counts.Channel(neighbours_->volunteer().server.target()),
                       counts.Channel(posts_->server.target()),
                       counts.Channel(wishes_->server.target()),
                       counts.Channel(neighbours_->points().server.target()),
                       counts.Channel(activities_->server.target()),
                       counts.Channel(notifications_->server.target())};
  }
  static ViewCacheOptions KeptFor(milliseconds max_age, const Clock& clock) {
    ViewCacheOptions options;
    options.max_age = max_age;
    options.clock = &clock;
    return options;
  }
  static std::string Dashboard(const std::string& id) {
    return "/v1/volunteers/" + id + "/dashboard";
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::Neighbours> neighbours_;
  static inline std::unique_ptr<testing::PostsStack> posts_;
  static inline std::unique_ptr<testing::WishesStack> wishes_;
  static inline std::unique_ptr<testing::ActivitiesStack> activities_;
  static inline std::unique_ptr<testing::NotificationsStack> notifications_;
  static inline std::unique_ptr<TokenVerifier> verifier_;
  static inline std::string volunteer_, other_;
};

TEST_F(GatewayCacheTest, AViewAskedAgainIsServedWithoutCallsUntilItIsTooOld) {
  CallCounts counts;
  FakeClock cache_clock(kStart);
  CachingGateway stack(Counted(counts), *verifier_, KeptFor(seconds(3), cache_clock));

  Answer first = stack.Get(Dashboard(volunteer_), Self(volunteer_));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_FALSE(first.body.contains("missing")) << first.body;
  EXPECT_EQ(counts.Total(), kCallsPerDashboard);
  EXPECT_EQ(first.age, "0");
  EXPECT_EQ(first.cache_control, "private, no-store");

  cache_clock.Advance(milliseconds(1400));  // before any refresh (half the max age at the least)
  Answer again = stack.Get(Dashboard(volunteer_), Self(volunteer_));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.age, "1");
  EXPECT_EQ(counts.Total(), kCallsPerDashboard);  // no call made
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 1);
  EXPECT_EQ(stack.Metric("misses_total", kDashboardCalls), 1);

  cache_clock.Advance(milliseconds(1600));  // 3 s: too old
  Answer expired = stack.Get(Dashboard(volunteer_), Self(volunteer_));
  ASSERT_EQ(expired.status, 200) << expired.body;
  EXPECT_EQ(expired.age, "0");
  EXPECT_EQ(counts.Total(), 2 * kCallsPerDashboard);
  EXPECT_EQ(stack.Metric("misses_total", kDashboardCalls), 2);
}

TEST_F(GatewayCacheTest, AViewAskedLateInItsAgeIsServedAndComposedAgainAhead) {
  CallCounts counts;
  FakeClock cache_clock(kStart);
  CachingGateway stack(Counted(counts), *verifier_, KeptFor(seconds(3), cache_clock));
  ASSERT_EQ(stack.Get(Dashboard(volunteer_), Self(volunteer_)).status, 200);
  ASSERT_EQ(counts.Total(), kCallsPerDashboard);

  // Past three quarters of its max age: served as it is, its next composition started first.
  cache_clock.Advance(milliseconds(2250));
  Answer late = stack.Get(Dashboard(volunteer_), Self(volunteer_));
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.age, "2");
  EXPECT_EQ(counts.Total(), 2 * kCallsPerDashboard);
  EXPECT_EQ(stack.Metric("refreshes_total", kDashboardCalls), 1);

  // Past the first composition's max age: the second's answer (kept, or waited for).
  cache_clock.Advance(milliseconds(850));
  Answer next = stack.Get(Dashboard(volunteer_), Self(volunteer_));
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(next.age, "0");
  EXPECT_EQ(counts.Total(), 2 * kCallsPerDashboard);
}

TEST_F(GatewayCacheTest, ConcurrentAsksOfOneViewMakeOneComposition) {
  // Points answers only when the test lets it: every ask arrives while the first is composed.
  FrozenService points;
  CallCounts counts;
  FakeClock cache_clock(kStart);
  Downstreams downstreams = Counted(counts);
  downstreams.points = counts.Channel(points.target());
  CachingGateway stack(downstreams, *verifier_, KeptFor(seconds(3), cache_clock));
  constexpr int kAsks = 8;
  std::vector<Answer> answers(kAsks);
  std::vector<std::thread> askers;
  auto ask = [&](int i) {
    askers.emplace_back(
        [&, i] { answers[i] = stack.Get(Dashboard(volunteer_), Self(volunteer_)); });
  };
  // The first composition is under way (its calls made) before the others ask: their deadlines
  // are all later than its caller's, so each of them waits for it.
  ask(0);
  auto until = std::chrono::steady_clock::now() + seconds(10);
  while (counts.Of(kBalance) == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::yield();
  }
  ASSERT_EQ(counts.Of(kBalance), 1);
  for (int i = 1; i < kAsks; ++i) ask(i);
  while (stack.Metric("coalesced_total", kDashboardCalls) < kAsks - 1 &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::yield();
  }
  EXPECT_EQ(stack.Metric("coalesced_total", kDashboardCalls), kAsks - 1);
  points.WakeAs(neighbours_->points().server.target());
  for (auto& asker : askers) asker.join();

  for (const Answer& answer : answers) {
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.body, answers[0].body);
    EXPECT_TRUE(answer.body.contains("points")) << answer.body;
  }
  EXPECT_EQ(counts.Total(), kCallsPerDashboard);
  EXPECT_EQ(counts.Of(kProfile), 1);
  EXPECT_EQ(stack.Metric("misses_total", kDashboardCalls), 1);
}

TEST_F(GatewayCacheTest, AViewMissingAPartIsServedButNotKept) {
  CallCounts counts;
  FakeClock cache_clock(kStart);
  Downstreams downstreams = Counted(counts);
  downstreams.posts = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  CachingGateway stack(downstreams, *verifier_, KeptFor(seconds(3), cache_clock));
  for (int ask = 1; ask <= 2; ++ask) {
    Answer answer = stack.Get(Dashboard(volunteer_), Self(volunteer_));
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.body["missing"], json::array({"posts"}));
    EXPECT_EQ(counts.Of(kProfile), ask);  // composed again
  }
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 0);
  EXPECT_EQ(stack.Metric("partial_total", kDashboardCalls), 2);
}

TEST_F(GatewayCacheTest, NoCallerIsServedAViewComposedForAnotherScopeRoleOrSubject) {
  CallCounts counts;
  FakeClock cache_clock(kStart);
  CachingGateway stack(Counted(counts), *verifier_, KeptFor(seconds(3), cache_clock));

  // A street's overview, kept for its admin, is not another street's admin's, nor the same
  // person's with the other street in their token.
  std::string overview = std::string("/v1/regions/") + kStreet + "/overview";
  ASSERT_EQ(stack.Get(overview, Token(Role::kStreetAdmin, "street-1", {kStreet})).status, 200);
  EXPECT_EQ(stack.Get(overview, Token(Role::kStreetAdmin, "street-2", {kOtherStreet})).status, 403);
  EXPECT_EQ(stack.Get(overview, Token(Role::kStreetAdmin, "street-1", {kOtherStreet})).status, 403);
  EXPECT_EQ(stack.Get(overview, Self(volunteer_)).status, 403);
  EXPECT_EQ(stack.Metric("hits_total", "GetRegionOverview"), 0);
  EXPECT_EQ(stack.Get(overview, Token(Role::kStreetAdmin, "street-1", {kStreet})).status, 200);
  EXPECT_EQ(stack.Metric("hits_total", "GetRegionOverview"), 1);

  // A volunteer's dashboard (their name, masked ID number and phone), kept for their community's
  // admin: not for another volunteer, nor for a volunteer's token with the admin's subject, nor
  // for the admin of another community.
  Answer admins = stack.Get(Dashboard(volunteer_), AdminA());
  ASSERT_EQ(admins.status, 200) << admins.body;
  ASSERT_EQ(admins.body["profile"]["name"], "群众1");
  EXPECT_EQ(stack.Get(Dashboard(volunteer_), Self(other_)).status, 403);
  EXPECT_EQ(stack.Get(Dashboard(volunteer_), Self("admin-a")).status, 403);
  EXPECT_EQ(stack.Get(Dashboard(volunteer_), Token(Role::kCommunityAdmin, "admin-b", {kCommunityB}))
                .status,
            403);
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 0);
  // The volunteer themself gets theirs composed for them.
  ASSERT_EQ(stack.Get(Dashboard(volunteer_), Self(volunteer_)).status, 200);
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 0);
  EXPECT_EQ(stack.Get(Dashboard(volunteer_), AdminA()).body, admins.body);
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 1);
}

TEST_F(GatewayCacheTest, ACallersActionMakesTheirViewsFreshAtOnce) {
  CallCounts counts;
  FakeClock cache_clock(kStart);
  CachingGateway stack(Counted(counts), *verifier_, KeptFor(seconds(3), cache_clock));
  auto submitted = stack.Post("/v1/wishes", AdminA(),
                              {{"community_id", kCommunityA},
                               {"category", "CATEGORY_STUDY_SUPPLIES"},
                               {"description", "家里缺一床被子"},
                               {"estimated_value", 120},
                               {"wisher_name", "王秀兰"},
                               {"wisher_contact", "13912345678"}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  std::string wish_id = submitted.body["wish_id"];
  ASSERT_EQ(stack.Post("/v1/wishes/" + wish_id + ":review", AdminA(), {{"approve", true}}).status,
            200);

  Answer before = stack.Get(Dashboard(other_), Self(other_));
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.body.value("claimed_wishes", json::array()).size(), 0u);
  ASSERT_EQ(
      stack.Post("/v1/wishes/" + wish_id + ":claim", Self(other_), {{"volunteer_id", "me"}}).status,
      200);
  Answer after = stack.Get(Dashboard(other_), Self(other_));
  ASSERT_EQ(after.status, 200) << after.body;
  ASSERT_EQ(after.body["claimed_wishes"].size(), 1u) << after.body;
  EXPECT_EQ(after.body["claimed_wishes"][0]["wish_id"], wish_id);
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 0);
  EXPECT_EQ(stack.Metric("misses_total", kDashboardCalls), 2);
}

TEST_F(GatewayCacheTest, MaxAgeZeroKeepsNothing) {
  CallCounts counts;
  FakeClock cache_clock(kStart);
  CachingGateway stack(Counted(counts), *verifier_, KeptFor(milliseconds(0), cache_clock));
  for (int ask = 1; ask <= 2; ++ask) {
    Answer answer = stack.Get(Dashboard(volunteer_), Self(volunteer_));
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.age, "0");
    EXPECT_EQ(counts.Total(), ask * kCallsPerDashboard);
  }
  EXPECT_EQ(stack.Metric("misses_total", kDashboardCalls), 0);
  EXPECT_EQ(stack.Metric("hits_total", kDashboardCalls), 0);
}

}  // namespace
}  // namespace tongxin::gateway
