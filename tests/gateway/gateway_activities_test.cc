// The gateway's volunteer activities over HTTP, against the real activities, volunteer and
// points services (each on its own real PostgreSQL database, on one FakeClock that the gateway
// judges the offered actions by too): an activity from draft to published, a sign-up and a
// waiting list with the actions each card offers, check-in and check-out by the code on the
// organiser's screen (and refusals), a correction, the roster confirmed, hours and credit; the
// region overview and the admin queue with their activities; and the views without the service.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "absl/time/time.h"
#include "services/gateway/http_front.h"
#include "tests/support/activities_stack.h"
#include "tests/support/service_stacks.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;

constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  return absl::FormatTime(absl::RFC3339_full, absl::FromChrono(t), absl::UTCTimeZone());
}

class GatewayActivitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = std::make_unique<FakeClock>(kStart);
    neighbours_ = std::make_unique<testing::Neighbours>(*clock_, "gwa");
    activities_ =
        std::make_unique<testing::ActivitiesStack>(*clock_, "gwa_activities", *neighbours_);
    verifier_ = TokenVerifier::Hs256(testing::TestServer::kSecret, clock_.get());
    auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
    // Parts wait as long as their callers (5 s): a loaded machine would overrun a budget. Posts
    // and wishes are not there: the overview and the queue name them missing.
    Downstreams downstreams{neighbours_->volunteer().server.channel(), dead, dead,
                            neighbours_->points().server.channel(), activities_->server.channel()};
    gateway_ = std::make_unique<Gateway>(
        downstreams, DownstreamGuardOptions{std::chrono::seconds(5)}, ViewCacheOptions{}, *clock_);
    downstreams.activities = dead;
    without_activities_ = std::make_unique<Gateway>(
        downstreams, DownstreamGuardOptions{std::chrono::seconds(5)}, ViewCacheOptions{}, *clock_);
    HttpOptions options;
    options.rate_limits.people = RateLimit{1000, 1000};
    front_ = std::make_unique<HttpFront>(*gateway_, *verifier_, options);
    ASSERT_TRUE(front_->Start("127.0.0.1", 0).ok());
    front_without_ = std::make_unique<HttpFront>(*without_activities_, *verifier_, options);
    ASSERT_TRUE(front_without_->Start("127.0.0.1", 0).ok());
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA});
    first_ = neighbours_->RegisterVolunteer(1, "志愿者", "19850101", "1370000", kCommunityA, false);
    second_ =
        neighbours_->RegisterVolunteer(2, "志愿者", "19900101", "1370000", kCommunityA, false);
  }
  // In the reverse order of their making: each holds references to the ones made before it.
  static void TearDownTestSuite() {
    front_without_.reset();
    front_.reset();
    without_activities_.reset();
    gateway_.reset();
    verifier_.reset();
    activities_.reset();
    neighbours_.reset();
    clock_.reset();
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return activities_->server.Token(role, subject, std::move(scope));
  }
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }

  struct Answer {
    int status = 0;
    json body;
  };
  static Answer Get(const std::string& path, const std::string& token,
                    const HttpFront* front = nullptr) {
    httplib::Client client("127.0.0.1", (front ? front : front_.get())->port());
    client.set_read_timeout(10, 0);
    auto response = client.Get(path, {{"Authorization", "Bearer " + token}});
    if (!response) return {};
    return {response->status, json::parse(response->body)};
  }
  static Answer Post(const std::string& path, const std::string& token, const json& body) {
    httplib::Client client("127.0.0.1", front_->port());
    client.set_read_timeout(10, 0);
    auto response =
        client.Post(path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    if (!response) return {};
    return {response->status, json::parse(response->body)};
  }
  static std::vector<std::string> Actions(const json& card) {
    std::vector<std::string> actions;
    for (const auto& action : card.value("actions", json::array())) actions.push_back(action);
    return actions;
  }
  // The card of `activity_id` in the caller's list of community A (null when not listed).
  static json CardIn(const std::string& token, const std::string& activity_id,
                     const std::string& query = "") {
    Answer list = Get(std::string("/v1/regions/") + kCommunityA + "/activities" + query, token);
    EXPECT_EQ(list.status, 200) << list.body;
    for (const auto& card : list.body.value("activities", json::array())) {
      if (card["activity"]["activity_id"] == activity_id) return card;
    }
    return nullptr;
  }
  // Activities of a list field of a view, by id.
  static std::vector<std::string> Ids(const json& view, const std::string& field) {
    std::vector<std::string> ids;
    for (const auto& a : view.value(field, json::array())) ids.push_back(a["activity_id"]);
    return ids;
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::Neighbours> neighbours_;
  static inline std::unique_ptr<testing::ActivitiesStack> activities_;
  static inline std::unique_ptr<TokenVerifier> verifier_;
  static inline std::unique_ptr<Gateway> gateway_;
  static inline std::unique_ptr<Gateway> without_activities_;
  static inline std::unique_ptr<HttpFront> front_;
  static inline std::unique_ptr<HttpFront> front_without_;
  static inline std::string first_, second_;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(GatewayActivitiesTest, AnActivityIsSignedUpForCheckedInAndOutCorrectedAndConfirmed) {
  auto start = clock_->Now() + hours(2);
  json draft = {{"organiser_region_id", kCommunityA},
                {"title", "清洁家园 · 河南路"},
                {"category", "清洁家园"},
                {"place", {{"address", "河南路社区党群服务中心"}}},
                {"start_time", Rfc3339(start)},
                {"end_time", Rfc3339(start + hours(2))},
                {"quota", 1}};
  Answer created = Post("/v1/activities", AdminA(), {{"activity", draft}});
  ASSERT_EQ(created.status, 200) << created.body;
  std::string id = created.body["activity_id"];
  EXPECT_EQ(created.body["state"], "ACTIVITY_STATE_DRAFT");
  // A volunteer may not organise; a draft is the admins' alone.
  EXPECT_EQ(Post("/v1/activities", Self(first_), {{"activity", draft}}).status, 403);
  EXPECT_TRUE(CardIn(Self(first_), id).is_null());
  json drafted = CardIn(AdminA(), id, "?include_all=true");
  ASSERT_FALSE(drafted.is_null());
  EXPECT_THAT(Actions(drafted), IsEmpty());  // admins act from the console

  ASSERT_EQ(Post("/v1/activities/" + id + ":publish", AdminA(), json::object()).status, 200);
  EXPECT_THAT(Actions(CardIn(Self(first_), id)), ElementsAre("ACTION_SIGN_UP"));
  Answer signed_up =
      Post("/v1/activities/" + id + ":sign-up", Self(first_), {{"volunteer_id", "me"}});
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;
  EXPECT_EQ(signed_up.body["state"], "PARTICIPATION_STATE_CONFIRMED");
  json mine = CardIn(Self(first_), id);
  EXPECT_EQ(mine["activity"]["my_participation"]["state"], "PARTICIPATION_STATE_CONFIRMED");
  EXPECT_THAT(Actions(mine), ElementsAre("ACTION_CANCEL_SIGN_UP"));
  // The one place is taken: the next volunteer is offered the waiting list, and is put on it.
  EXPECT_THAT(Actions(CardIn(Self(second_), id)), ElementsAre("ACTION_JOIN_WAITING_LIST"));
  Answer waiting =
      Post("/v1/activities/" + id + ":sign-up", Self(second_), {{"volunteer_id", "me"}});
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_EQ(waiting.body["state"], "PARTICIPATION_STATE_WAITLISTED");
  EXPECT_EQ(waiting.body["waitlist_position"], 1);
  Answer card = Get("/v1/activities/" + id, Self(second_));
  ASSERT_EQ(card.status, 200) << card.body;
  EXPECT_EQ(card.body["activity"]["my_participation"]["state"], "PARTICIPATION_STATE_WAITLISTED");
  EXPECT_THAT(Actions(card.body), ElementsAre("ACTION_CANCEL_SIGN_UP"));

  // The organiser's screen is theirs; it opens half an hour before the start.
  EXPECT_EQ(Get("/v1/activities/" + id + "/checkin-code", Self(first_)).status, 403);
  clock_->Advance(hours(2) - minutes(10));
  EXPECT_THAT(Actions(CardIn(Self(first_), id)),
              ElementsAre("ACTION_CANCEL_SIGN_UP", "ACTION_CHECK_IN"));
  Answer code = Get("/v1/activities/" + id + "/checkin-code", AdminA());
  ASSERT_EQ(code.status, 200) << code.body;
  std::string digits = code.body["digits"];
  ASSERT_EQ(digits.size(), 6u);
  // Refusals, each naming why: a made-up code, a waiting volunteer with the right one.
  std::string wrong = digits == "000000" ? "111111" : "000000";
  Answer refused = Post("/v1/activities/" + id + ":check-in", Self(first_), {{"code", wrong}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.body["message"].get<std::string>().rfind("code:", 0), 0u) << refused.body;
  refused = Post("/v1/activities/" + id + ":check-in", Self(second_), {{"code", digits}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  Answer in = Post("/v1/activities/" + id + ":check-in", Self(first_), {{"code", digits}});
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_TRUE(in.body.contains("check_in_time"));
  // A code goes stale: a few steps on, the same digits are refused as expired.
  clock_->Advance(minutes(2));
  refused = Post("/v1/activities/" + id + ":check-out", Self(first_), {{"code", digits}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.body["message"].get<std::string>().rfind("code: expired", 0), 0u)
      << refused.body;
  clock_->Advance(minutes(38));
  EXPECT_THAT(Actions(CardIn(Self(first_), id)), ElementsAre("ACTION_CHECK_OUT"));

  // Under way: in the overview's running activities (posts and wishes, not there, are missing).
  Answer overview = Get(std::string("/v1/regions/") + kCommunityA + "/overview", AdminA());
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_THAT(Ids(overview.body, "running_activities"), ElementsAre(id));
  EXPECT_THAT(overview.body["missing"], ElementsAre("posts", "wishes"));

  clock_->Advance(hours(1) + minutes(40));  // 10 minutes after the end
  code = Get("/v1/activities/" + id + "/checkin-code", AdminA());
  ASSERT_EQ(code.status, 200) << code.body;
  Answer out =
      Post("/v1/activities/" + id + ":check-out", Self(first_), {{"code", code.body["digits"]}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_THAT(Actions(CardIn(Self(first_), id)), IsEmpty());

  // Over: its roster waits in the admin queue.
  Answer queue = Get(std::string("/v1/regions/") + kCommunityA + "/admin-queue", AdminA());
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_THAT(Ids(queue.body, "rosters_to_confirm"), ElementsAre(id));
  Answer roster = Get("/v1/activities/" + id + "/roster", AdminA());
  ASSERT_EQ(roster.status, 200) << roster.body;
  ASSERT_EQ(roster.body["participations"].size(), 2u);
  std::string participation;  // the first volunteer's (both signed up at the same fake instant)
  for (const auto& p : roster.body["participations"]) {
    if (p["volunteer_id"] == first_) participation = p["participation_id"];
  }
  ASSERT_FALSE(participation.empty()) << roster.body;
  Answer unreasoned = Post("/v1/participations/" + participation + ":correct", AdminA(),
                           {{"check_in_time", Rfc3339(start)}});
  EXPECT_EQ(unreasoned.status, 400) << unreasoned.body;
  Answer corrected = Post("/v1/participations/" + participation + ":correct", AdminA(),
                          {{"check_in_time", Rfc3339(start)},
                           {"check_out_time", Rfc3339(start + hours(2))},
                           {"reason", "现场网络故障，按纸质签到表补录"}});
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(corrected.body["corrections"].size(), 1u);
  // Check-out stays open until 30 minutes after the end; the roster is confirmed after that.
  Answer early = Post("/v1/activities/" + id + "/roster:confirm", AdminA(), json::object());
  EXPECT_EQ(early.status, 409) << early.body;
  clock_->Advance(minutes(21));
  Answer confirmed = Post("/v1/activities/" + id + "/roster:confirm", AdminA(), json::object());
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.body["state"], "ACTIVITY_STATE_RECORDS_CONFIRMED");
  queue = Get(std::string("/v1/regions/") + kCommunityA + "/admin-queue", AdminA());
  EXPECT_THAT(Ids(queue.body, "rosters_to_confirm"), IsEmpty());

  // The volunteer's own record: the activity with its hours and why, and their credit.
  Answer listed = Get("/v1/volunteers/me/participations", Self(first_));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.body["participations"].size(), 1u);
  const json& attended = listed.body["participations"][0];
  EXPECT_EQ(attended["state"], "PARTICIPATION_STATE_ATTENDED");
  EXPECT_EQ(attended["hours"], 2.0);
  EXPECT_FALSE(attended.value("hours_explanation", "").empty());
  Answer credit = Get("/v1/volunteers/me/credit", Self(first_));
  ASSERT_EQ(credit.status, 200) << credit.body;
  EXPECT_EQ(credit.body["attendances"], 1);
  EXPECT_EQ(Get("/v1/volunteers/" + first_ + "/credit", Self(second_)).status, 403);
}

TEST_F(GatewayActivitiesTest, WithoutTheActivitiesServiceOnlyItsPartsAreMissing) {
  Answer overview =
      Get(std::string("/v1/regions/") + kCommunityA + "/overview", AdminA(), front_without_.get());
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_THAT(overview.body["missing"], ElementsAre("activities", "posts", "wishes"));
  EXPECT_TRUE(overview.body.contains("volunteers"));
  Answer queue = Get(std::string("/v1/regions/") + kCommunityA + "/admin-queue", AdminA(),
                     front_without_.get());
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_THAT(queue.body["missing"], ElementsAre("activities", "posts", "wishes"));
  Answer list = Get(std::string("/v1/regions/") + kCommunityA + "/activities", Self(first_),
                    front_without_.get());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body["missing"], ElementsAre("activities"));
  // One activity is nothing without the service that has it.
  EXPECT_EQ(Get("/v1/activities/any", Self(first_), front_without_.get()).status, 503);
}

}  // namespace
}  // namespace tongxin::gateway
