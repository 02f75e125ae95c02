// The gateway's composed views and pass-through actions over HTTP, against all four real
// services, each on its own real PostgreSQL database: a wish goes from submission to the wall to a
// claim; a post from the list to an adoption and an approved log whose points pay for an order
// that is handed out; the region overview and the admin queue follow each step.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "services/gateway/api.h"
#include "services/gateway/http_front.h"
#include "tests/support/activities_stack.h"
#include "tests/support/all_services.h"
#include "tests/support/notifications_stack.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;
namespace ppb = ::tongxin::points::v1;
namespace spb = ::tongxin::posts::v1;

constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

class GatewayViewsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = std::make_unique<FakeClock>(kStart);
    neighbours_ = std::make_unique<testing::Neighbours>(*clock_, "gwv");
    posts_ = std::make_unique<testing::PostsStack>(*clock_, "gwv_posts", *neighbours_);
    wishes_ = std::make_unique<testing::WishesStack>(*clock_, "gwv_wishes", *neighbours_);
    activities_ =
        std::make_unique<testing::ActivitiesStack>(*clock_, "gwv_activities", *neighbours_);
    notifications_ = std::make_unique<testing::NotificationsStack>(*clock_, "gwv_notifications");
    verifier_ = TokenVerifier::Hs256(testing::TestServer::kSecret, clock_.get());
    // Parts wait as long as their callers (5 s): on a loaded machine a budget would cut some
    // (gateway_slow_service_test.cc tries budgets).
    gateway_ = std::make_unique<Gateway>(
        Downstreams{neighbours_->volunteer().server.channel(), posts_->server.channel(),
                    wishes_->server.channel(), neighbours_->points().server.channel(),
                    activities_->server.channel(), notifications_->server.channel()},
        DownstreamGuardOptions{std::chrono::seconds(5)});
    HttpOptions options;
    options.rate_limits.people = RateLimit{1000, 1000};
    front_ = std::make_unique<HttpFront>(*gateway_, *verifier_, options);
    ASSERT_TRUE(front_->Start("127.0.0.1", 0).ok());
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA, kCommunityB});
    party_member_ = neighbours_->RegisterVolunteer(1, "党员", "19850101", "1370000", kCommunityA,
                                                   true, kCommunityA);
    volunteer_ =
        neighbours_->RegisterVolunteer(2, "群众", "19900101", "1370000", kCommunityA, false);
  }
  // In the reverse order of their making: each holds references to the ones made before it.
  static void TearDownTestSuite() {
    front_.reset();
    gateway_.reset();
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
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }
  static std::string AdminB() { return Token(Role::kCommunityAdmin, "admin-b", {kCommunityB}); }
  static std::string StreetAdmin() { return Token(Role::kStreetAdmin, "street", {kStreet}); }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }

  struct Answer {
    int status = 0;
    json body;
  };
  static Answer Get(const std::string& path, const std::string& token) {
    httplib::Client client("127.0.0.1", front_->port());
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

  static spb::Post NewPost(bool volunteers_allowed) {
    auto stub = spb::PostsService::NewStub(posts_->server.channel());
    spb::CreatePostRequest request;
    request.set_request_id("post-" + std::to_string(++counter_));
    auto* post = request.mutable_post();
    post->set_community_id(kCommunityA);
    post->set_type_code("AID_NEEDY");
    post->set_title("结对帮扶困难群众 " + request.request_id());
    post->set_place("河南路社区党群服务中心");
    post->set_schedule("每周六上午");
    post->set_capacity(2);
    post->set_volunteers_allowed(volunteers_allowed);
    spb::Post created;
    EXPECT_TRUE(testing::CallWith(stub.get(), &spb::PostsService::Stub::CreatePost, AdminA(),
                                  request, &created)
                    .ok());
    return created;
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::Neighbours> neighbours_;
  static inline std::unique_ptr<testing::PostsStack> posts_;
  static inline std::unique_ptr<testing::WishesStack> wishes_;
  static inline std::unique_ptr<testing::ActivitiesStack> activities_;
  static inline std::unique_ptr<testing::NotificationsStack> notifications_;
  static inline std::unique_ptr<TokenVerifier> verifier_;
  static inline std::unique_ptr<Gateway> gateway_;
  static inline std::unique_ptr<HttpFront> front_;
  static inline std::string party_member_, volunteer_;
  static inline int counter_ = 0;
};

TEST_F(GatewayViewsTest, AWishGoesFromSubmissionToTheWallToAClaim) {
  auto submitted = Post("/v1/wishes", AdminA(),
                        {{"community_id", kCommunityA},
                         {"category", "CATEGORY_STUDY_SUPPLIES"},
                         {"description", "孩子想要一个新书包"},
                         {"estimated_value", 80},
                         {"wisher_name", "李秀英"},
                         {"wisher_contact", "13912345678"}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  std::string wish_id = submitted.body["wish_id"];

  auto queue = Get(std::string("/v1/regions/") + kCommunityA + "/admin-queue", AdminA());
  ASSERT_EQ(queue.status, 200) << queue.body;
  ASSERT_EQ(queue.body["wishes_to_review"].size(), 1u);
  EXPECT_EQ(queue.body["wishes_to_review"][0]["wish_id"], wish_id);
  EXPECT_FALSE(queue.body.contains("missing"));

  auto reviewed = Post("/v1/wishes/" + wish_id + ":review", AdminA(), {{"approve", true}});
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_EQ(reviewed.body["state"], "WISH_STATE_APPROVED");

  // On the wall: a volunteer may claim it, the community's admin may claim it for a unit, an
  // admin of another community only sees it.
  std::string wall = std::string("/v1/regions/") + kCommunityA + "/wishes";
  auto seen = Get(wall, Self(volunteer_));
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(seen.body["wishes"].size(), 1u);
  EXPECT_EQ(seen.body["wishes"][0]["wish"]["wish_id"], wish_id);
  EXPECT_EQ(seen.body["wishes"][0]["wish"]["wisher_name_masked"], "李**");
  EXPECT_EQ(Actions(seen.body["wishes"][0]), std::vector<std::string>{"ACTION_CLAIM"});
  EXPECT_EQ(Actions(Get(wall, AdminA()).body["wishes"][0]),
            std::vector<std::string>{"ACTION_CLAIM_FOR_UNIT"});
  EXPECT_TRUE(Actions(Get(wall, AdminB()).body["wishes"][0]).empty());

  // "me" is the calling volunteer.
  auto claimed =
      Post("/v1/wishes/" + wish_id + ":claim", Self(volunteer_), {{"volunteer_id", "me"}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.body["claimer_id"], volunteer_);
  EXPECT_EQ(Get(wall, Self(volunteer_)).body.value("wishes", json::array()).size(), 0u);
  auto second = Post("/v1/wishes/" + wish_id + ":claim", Self(party_member_),
                     {{"volunteer_id", party_member_}});
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.body["code"], "FAILED_PRECONDITION");

  auto dashboard = Get("/v1/volunteers/me/dashboard", Self(volunteer_));
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  ASSERT_EQ(dashboard.body["claimed_wishes"].size(), 1u);
  EXPECT_EQ(dashboard.body["claimed_wishes"][0]["wish_id"], wish_id);
  EXPECT_TRUE(dashboard.body["claimed_wishes"][0].contains("claim_deadline"));
  EXPECT_FALSE(dashboard.body.contains("missing"));
  EXPECT_EQ(Get("/v1/volunteers/me/dashboard", AdminA()).status, 400);  // "me" is for volunteers
}

TEST_F(GatewayViewsTest, APostIsAdoptedLoggedApprovedAndItsPointsRedeemed) {
  spb::Post post = NewPost(/*volunteers_allowed=*/false);
  std::string list = std::string("/v1/regions/") + kCommunityA + "/posts";
  auto card_of = [&](const json& view) {
    for (const auto& card : view["posts"]) {
      if (card["post"]["post_id"] == post.post_id()) return card;
    }
    return json();
  };
  // Only party members who reported here may adopt a post closed to other volunteers.
  EXPECT_EQ(Actions(card_of(Get(list, Self(party_member_)).body)),
            std::vector<std::string>{"ACTION_ADOPT"});
  EXPECT_TRUE(Actions(card_of(Get(list, Self(volunteer_)).body)).empty());
  EXPECT_EQ(Actions(card_of(Get(list, AdminA()).body)),
            std::vector<std::string>{"ACTION_ADOPT_FOR_UNIT"});

  auto adopted =
      Post("/v1/posts/" + post.post_id() + ":adopt", Self(party_member_), {{"adopter_id", "me"}});
  ASSERT_EQ(adopted.status, 200) << adopted.body;
  std::string adoption_id = adopted.body["adoption_id"];
  json card = card_of(Get(list, Self(party_member_)).body);
  EXPECT_EQ(card["my_adoption_id"], adoption_id);
  EXPECT_EQ(Actions(card),
            (std::vector<std::string>{"ACTION_WITHDRAW_ADOPTION", "ACTION_LOG_SERVICE"}));
  EXPECT_EQ(card["post"]["adopted"], 1);

  auto logged = Post("/v1/adoptions/" + adoption_id + "/logs", Self(party_member_),
                     {{"service_date", "2026-06-15"}, {"hours", 2.5}, {"summary", "走访困难户"}});
  ASSERT_EQ(logged.status, 200) << logged.body;
  std::string log_id = logged.body["log_id"];
  std::string queue = std::string("/v1/regions/") + kCommunityA + "/admin-queue";
  auto waiting = Get(queue, AdminA());
  ASSERT_EQ(waiting.body["logs_to_approve"].size(), 1u);
  EXPECT_EQ(waiting.body["logs_to_approve"][0]["log_id"], log_id);
  EXPECT_EQ(Get(queue, Self(party_member_)).status, 403);
  EXPECT_EQ(Get(std::string("/v1/regions/") + kCommunityA + "/admin-queue", AdminB()).status, 403);

  // A volunteer may not approve; the admin may, once: a retry with the same id is the same answer.
  EXPECT_EQ(Post("/v1/logs/" + log_id + ":approve", Self(party_member_), json::object()).status,
            403);
  auto approved = Post("/v1/logs/" + log_id + ":approve", AdminA(), {{"request_id", "approve-1"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.body["status"], "LOG_STATUS_APPROVED");
  auto again = Post("/v1/logs/" + log_id + ":approve", AdminA(), {{"request_id", "approve-1"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, approved.body);
  EXPECT_FALSE(Get(queue, AdminA()).body.contains("logs_to_approve"));

  // The approval's effects travel by the outbox: hours to the volunteer service, points here,
  // and the volunteer's notice to the notifications service.
  EXPECT_EQ(neighbours_->Relay(*posts_->db, neighbours_->points().server.target()), 3);
  auto points = ppb::PointsService::NewStub(neighbours_->points().server.channel());
  ppb::CreateRewardRequest reward;
  reward.set_request_id("reward-1");
  reward.mutable_reward()->set_region_id(kCommunityA);
  reward.mutable_reward()->set_name("洗衣液");
  reward.mutable_reward()->set_price(1);
  reward.mutable_reward()->set_stock(5);
  ppb::Reward created;
  ASSERT_TRUE(testing::CallWith(points.get(), &ppb::PointsService::Stub::CreateReward, AdminA(),
                                reward, &created)
                  .ok());
  auto order = Post("/v1/rewards/" + created.reward_id() + ":redeem", Self(party_member_),
                    {{"volunteer_id", "me"}, {"quantity", 1}});
  ASSERT_EQ(order.status, 200) << order.body;
  auto to_hand_out = Get(queue, AdminA());
  ASSERT_EQ(to_hand_out.body["orders_to_hand_out"].size(), 1u);
  std::string order_id = order.body["order_id"];
  auto collected = Post("/v1/orders/" + order_id + ":collect", AdminA(),
                        {{"pickup_code", order.body["pickup_code"]}});
  ASSERT_EQ(collected.status, 200) << collected.body;
  EXPECT_EQ(collected.body["status"], "ORDER_STATUS_COLLECTED");
  EXPECT_FALSE(Get(queue, AdminA()).body.contains("orders_to_hand_out"));

  // The overview for the grid system sees all of it.
  auto overview = Get(std::string("/v1/regions/") + kCommunityA + "/overview", AdminA());
  ASSERT_EQ(overview.status, 200) << overview.body;
  const json& view = overview.body;
  EXPECT_FALSE(view.contains("missing"));
  EXPECT_EQ(view["month"], "2026-06");
  EXPECT_EQ(view["volunteers"]["active_volunteers"], 2);
  EXPECT_EQ(view["volunteers"]["reported_party_members"], 1);
  EXPECT_DOUBLE_EQ(view["volunteers"]["month_hours"].get<double>(), 2.5);
  EXPECT_GE(view["posts"]["posts"].get<int>(), 1);
  EXPECT_GE(view["posts"]["adopted"].get<int>(), 1);
  EXPECT_TRUE(view["wishes"].contains("by_state"));
  long long issued = std::stoll(view["points"]["points_issued"].get<std::string>());
  EXPECT_GT(issued, 0);
  EXPECT_EQ(view["points"]["points_redeemed"], "1");
  ASSERT_GE(view["top_volunteers"]["entries"].size(), 1u);
  EXPECT_EQ(view["top_volunteers"]["entries"][0]["volunteer_id"], party_member_);
  auto street = Get(std::string("/v1/regions/") + kStreet + "/overview", StreetAdmin());
  ASSERT_EQ(street.status, 200) << street.body;
  EXPECT_EQ(street.body["volunteers"]["active_volunteers"], 2);
  EXPECT_EQ(Get(std::string("/v1/regions/") + kCommunityA + "/overview", Self(volunteer_)).status,
            403);
}

TEST_F(GatewayViewsTest, AnAdminCreatesAPostOfACatalogueTypeSeesItsAdoptionsAndClosesIt) {
  auto types = Get("/v1/post-types", Self(volunteer_));
  ASSERT_EQ(types.status, 200) << types.body;
  EXPECT_GE(types.body["post_types"].size(), 32u);  // the catalogue that ships
  json post = {{"community_id", kCommunityA},      {"type_code", "FREE_CLINIC"},
               {"title", "河南路社区义诊"},        {"place", "社区卫生服务站"},
               {"schedule", "每月第一个周日上午"}, {"capacity", 1},
               {"volunteers_allowed", true}};
  auto created = Post("/v1/posts", AdminA(), {{"request_id", "console-post-1"}, {"post", post}});
  ASSERT_EQ(created.status, 200) << created.body;
  std::string post_id = created.body["post_id"];
  EXPECT_EQ(created.body["type_name"], "义诊");
  EXPECT_EQ(created.body["status"], "POST_STATUS_OPEN");
  auto again = Post("/v1/posts", AdminA(), {{"request_id", "console-post-1"}, {"post", post}});
  EXPECT_EQ(again.body["post_id"], post_id);  // a retry creates nothing more
  EXPECT_EQ(Post("/v1/posts", AdminB(), {{"post", post}}).status, 403);
  EXPECT_EQ(Post("/v1/posts", Self(volunteer_), {{"post", post}}).status, 403);

  auto adopted = Post("/v1/posts/" + post_id + ":adopt", Self(volunteer_), {{"adopter_id", "me"}});
  ASSERT_EQ(adopted.status, 200) << adopted.body;
  std::string adoptions = "/v1/posts/" + post_id + "/adoptions";
  auto listed = Get(adoptions + "?active_only=true", AdminA());
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.body["adoptions"].size(), 1u);
  EXPECT_EQ(listed.body["adoptions"][0]["adopter_id"], volunteer_);
  EXPECT_FALSE(listed.body["adoptions"][0]["adopt_date"].get<std::string>().empty());
  EXPECT_EQ(Get(adoptions, AdminB()).status, 403);
  EXPECT_EQ(Get(adoptions, Self(volunteer_)).status, 403);

  std::string set_open = "/v1/posts/" + post_id + ":set-open";
  EXPECT_EQ(Post(set_open, Self(volunteer_), {{"open", false}}).status, 403);
  auto closed = Post(set_open, AdminA(), {{"open", false}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.body["status"], "POST_STATUS_CLOSED");
  auto view = Get(std::string("/v1/regions/") + kCommunityA + "/posts?status=POST_STATUS_CLOSED",
                  Self(party_member_));
  ASSERT_EQ(view.body["posts"].size(), 1u) << view.body;
  EXPECT_EQ(view.body["posts"][0]["post"]["post_id"], post_id);
  EXPECT_TRUE(Actions(view.body["posts"][0]).empty());
  EXPECT_EQ(Post(set_open, AdminA(), {{"open", true}}).body["status"], "POST_STATUS_FULL");
}

// Every route answers a caller's mistake with a 4xx and the JSON error of its google.rpc code:
// nothing is a 500.
TEST_F(GatewayViewsTest, EveryRouteMapsItsErrors) {
  for (const Route& route : ApiRoutes()) {
    std::string path = route.path;
    for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
      path.replace(open, path.find('}', open) - open + 1, "nosuch");
    }
    Answer answer =
        route.verb == "GET" ? Get(path, AdminA()) : Post(path, AdminA(), json::object());
    ASSERT_NE(answer.status, 0) << route.Name();
    // A read that takes nothing (the post types, the tiers) has no mistake to make.
    if (route.verb == "GET" && route.method->input_type()->field_count() == 0) {
      EXPECT_EQ(answer.status, 200) << route.Name() << " " << answer.body;
      continue;
    }
    // The activities service knows a volunteer once they have signed up: to an admin, one it has
    // never seen has no activities and a record of zeros, not an error.
    // My inbox: every filter is optional, and an admin has an inbox too (empty here).
    if (route.method->name() == "ListMessages") {
      EXPECT_EQ(answer.status, 200) << route.Name() << " " << answer.body;
      EXPECT_FALSE(answer.body.contains("messages")) << answer.body;
      continue;
    }
    if (route.method->name() == "ListParticipations" ||
        route.method->name() == "GetVolunteerCredit") {
      EXPECT_EQ(answer.status, 200) << route.Name() << " " << answer.body;
      EXPECT_FALSE(answer.body.contains("participations") || answer.body.contains("attendances"))
          << answer.body;
      continue;
    }
    EXPECT_GE(answer.status, 400) << route.Name() << " " << answer.body;
    EXPECT_LT(answer.status, 500) << route.Name() << " " << answer.body;
    ASSERT_TRUE(answer.body.contains("code")) << route.Name();
    int code = 0;
    while (code <= 16 && absl::StatusCodeToString(static_cast<absl::StatusCode>(code)) !=
                             answer.body["code"].get<std::string>()) {
      ++code;
    }
    ASSERT_LE(code, 16) << route.Name() << " " << answer.body;
    EXPECT_EQ(HttpStatus(static_cast<absl::StatusCode>(code)), answer.status) << route.Name();
    EXPECT_FALSE(answer.body["message"].get<std::string>().empty()) << route.Name();
  }
}

}  // namespace
}  // namespace tongxin::gateway
