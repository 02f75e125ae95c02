// The inbox and the event feed through the gateway's HTTP front, against the real notifications
// and volunteer services: a volunteer reads their messages and the unread count on their own
// dashboard, marks them read (and cannot mark another's); the grid system's
// integration client pulls its region's feed as CloudEvents JSON with a cursor and may not read
// an inbox; an admin out of scope is refused the feed. Events are published the way the other
// services' outbox relays publish them: PublishEvent as the system role.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "services/common/outbox.h"
#include "services/gateway/http_front.h"
#include "tests/support/notifications_stack.h"
#include "tests/support/service_stacks.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;
namespace npb = ::tongxin::notifications::v1;

constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
const auto kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

class GatewayNotificationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = std::make_unique<FakeClock>(kStart);
    neighbours_ = std::make_unique<testing::Neighbours>(*clock_, "gwn");
    notifications_ = std::make_unique<testing::NotificationsStack>(*clock_, "gwn_notifications");
    verifier_ = TokenVerifier::Hs256(testing::TestServer::kSecret, clock_.get());
    auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
    Downstreams downstreams{neighbours_->volunteer().server.channel(), dead, dead,
                            neighbours_->points().server.channel(), dead};
    downstreams.notifications = notifications_->server.channel();
    gateway_ =
        std::make_unique<Gateway>(downstreams, DownstreamGuardOptions{std::chrono::seconds(5)});
    HttpOptions options;
    options.rate_limits.people = RateLimit{1000, 1000};
    front_ = std::make_unique<HttpFront>(*gateway_, *verifier_, options);
    ASSERT_TRUE(front_->Start("127.0.0.1", 0).ok());
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunityA, kCommunityB});
    volunteer_ =
        neighbours_->RegisterVolunteer(1, "志愿者", "19850101", "1370000", kCommunityA, false);
    other_ = neighbours_->RegisterVolunteer(2, "志愿者", "19900101", "1370000", kCommunityA, false);
  }
  static void TearDownTestSuite() {
    front_.reset();
    gateway_.reset();
    verifier_.reset();
    notifications_.reset();
    neighbours_.reset();
    clock_.reset();
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return notifications_->server.Token(role, subject, std::move(scope));
  }
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

  // An event of community A with one message to `recipient`, as a relay publishes it.
  static std::string Publish(const std::string& recipient, const std::string& title) {
    npb::PublishEventRequest request;
    request.set_request_id(NewUuid());
    request.set_type("cn.tongxin.wish.confirmed");
    request.set_subject("wishes/" + NewUuid());
    request.set_region_id(kCommunityA);
    request.mutable_occurred_at()->set_seconds(std::chrono::system_clock::to_time_t(kStart));
    (*request.mutable_data()->mutable_fields())["claimer"].set_string_value("杨*");
    npb::InboxNote* note = request.add_notes();
    note->set_recipient_id(recipient);
    note->set_title(title);
    note->set_body("社区已确认您完成的心愿。");
    note->set_link("/m/claims");
    auto stub = npb::NotificationsService::NewStub(notifications_->server.channel());
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + Token(Role::kSystem, "wishes-service"));
    npb::PublishEventResponse response;
    grpc::Status status = stub->PublishEvent(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return request.request_id();
  }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::Neighbours> neighbours_;
  static inline std::unique_ptr<testing::NotificationsStack> notifications_;
  static inline std::unique_ptr<TokenVerifier> verifier_;
  static inline std::unique_ptr<Gateway> gateway_;
  static inline std::unique_ptr<HttpFront> front_;
  static inline std::string volunteer_, other_;
};

TEST_F(GatewayNotificationsTest, MyInboxAndTheUnreadCountOnMyDashboard) {
  Publish(volunteer_, "心愿已确认");
  // Newest first is by time: at the same time the order would be the message ids' (random).
  clock_->Advance(std::chrono::seconds(1));
  Publish(volunteer_, "服务记录已通过");
  Publish(other_, "别人的消息");

  Answer inbox = Get("/v1/me/messages", Self(volunteer_));
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  ASSERT_EQ(inbox.body["messages"].size(), 2u) << inbox.body;
  EXPECT_EQ(inbox.body["unread_count"], 2);
  EXPECT_EQ(inbox.body["messages"][0]["title"], "服务记录已通过");  // newest first
  EXPECT_EQ(inbox.body["messages"][0]["link"], "/m/claims");

  Answer dashboard = Get("/v1/volunteers/me/dashboard", Self(volunteer_));
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  EXPECT_EQ(dashboard.body["unread_messages"], 2) << dashboard.body;
  std::string first = inbox.body["messages"][1]["message_id"];
  Answer marked =
      Post("/v1/me/messages:mark-read", Self(volunteer_), {{"message_ids", json::array({first})}});
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(marked.body["unread_count"], 1);
  // Someone else's message is not theirs to mark: not found, and it stays unread.
  Answer others = Post("/v1/me/messages:mark-read", Self(other_),
                       {{"message_ids", json::array({inbox.body["messages"][0]["message_id"]})}});
  EXPECT_EQ(others.status, 404) << others.body;
  Answer summary = Get("/v1/me/inbox", Self(volunteer_));
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(summary.body["unread_count"], 1);

  Answer all = Post("/v1/me/messages:mark-read", Self(volunteer_), {{"all", true}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body["marked"], 1);
  EXPECT_FALSE(all.body.contains("unread_count")) << all.body;  // 0 is left out of JSON
}

TEST_F(GatewayNotificationsTest, TheGridSystemPullsItsRegionsFeedAsCloudEvents) {
  const std::string grid = Token(Role::kIntegration, "grid-system", {kStreet});
  Answer start = Get(std::string("/v1/events?region_id=") + kCommunityA, grid);
  ASSERT_EQ(start.status, 200) << start.body;
  std::string cursor = start.body.value("next_after", "");
  // Page through to the end first: the other test may have published before this one.
  while (start.body.contains("events") && !start.body["events"].empty()) {
    start = Get(std::string("/v1/events?region_id=") + kCommunityA + "&after=" + cursor, grid);
    ASSERT_EQ(start.status, 200) << start.body;
    cursor = start.body.value("next_after", cursor);
  }

  std::string id = Publish(volunteer_, "心愿已确认");
  Answer feed = Get(std::string("/v1/events?region_id=") + kCommunityA + "&after=" + cursor, grid);
  ASSERT_EQ(feed.status, 200) << feed.body;
  ASSERT_EQ(feed.body["events"].size(), 1u) << feed.body;
  const json& event = feed.body["events"][0];
  EXPECT_EQ(event["specversion"], "1.0");
  EXPECT_EQ(event["id"], id);
  EXPECT_EQ(event["type"], "cn.tongxin.wish.confirmed");
  EXPECT_EQ(event["tongxinregion"], kCommunityA);
  EXPECT_EQ(event["data"]["claimer"], "杨*");
  // The feed carries no inbox text: what the person was told stays in their inbox.
  EXPECT_EQ(event.dump().find("心愿已确认"), std::string::npos) << event;
  EXPECT_EQ(feed.body["next_after"], event["sequence"]);

  // Its credential reads the feed and nothing else: not an inbox, not another street's feed.
  EXPECT_EQ(Get("/v1/me/messages", grid).status, 403);
  EXPECT_EQ(Get("/v1/events?region_id=411502002001", grid).status, 403);
  // An admin of community B may not read community A's feed.
  EXPECT_EQ(Get(std::string("/v1/events?region_id=") + kCommunityA,
                Token(Role::kCommunityAdmin, "admin-b", {kCommunityB}))
                .status,
            403);
  // A volunteer reads no feed.
  EXPECT_EQ(Get(std::string("/v1/events?region_id=") + kCommunityA, Self(volunteer_)).status, 403);
}

}  // namespace
}  // namespace tongxin::gateway
