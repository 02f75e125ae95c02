// The signed webhooks of the event feed, end to end: the real notifications service on its own
// database, events published as the services' outboxes publish them, the delivery worker run
// with a FakeClock (time is moved, never waited for), and a real HTTP receiver on a loopback
// port that checks every signature with the secret CreateWebhook answered.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "services/common/crypto.h"
#include "services/common/metrics.h"
#include "services/common/outbox.h"
#include "services/notifications/notifications_service.h"
#include "tests/notifications/webhook_receiver.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::notifications {
namespace {

namespace pb = ::tongxin::notifications::v1;
using testing::CallWith;
using testing::WebhookReceiver;

constexpr char kWebhookKey[] = "tongxin-test-webhook-key-0123456789abcdef";
constexpr char kStreet[] = "110105001";
constexpr char kCommunity[] = "110105001001";
constexpr char kOtherCommunity[] = "110105001002";
constexpr char kGrid[] = "110105001001003";
constexpr char kConfirmed[] = "cn.tongxin.wish.confirmed";
constexpr char kApproved[] = "cn.tongxin.log.approved";
constexpr int kMaxAttempts = 4;
constexpr auto kMaxBackoff = std::chrono::seconds(8);

// The service as main() builds it, with the webhook settings of a development run.
struct WebhookStack {
  explicit WebhookStack(const Clock& clock)
      : database("webhooks", "notifications"),
        db(database.Open(16)),
        worker_db(database.Open(1)),
        server(clock),
        service(NotificationsService::Create(*db, clock, {server.runner()}, {}, Options())) {
    server.Start(service->service());
    stub = pb::NotificationsService::NewStub(server.channel());
  }
  ~WebhookStack() { server.Stop(); }

  WebhookServiceOptions Options() {
    WebhookServiceOptions options;
    options.domain.webhook_key = kWebhookKey;
    options.domain.allow_http_webhooks = true;
    options.sender.connect_timeout = std::chrono::seconds(2);
    options.sender.total_timeout = std::chrono::seconds(2);
    options.worker.min_backoff = std::chrono::seconds(1);
    options.worker.max_backoff = kMaxBackoff;
    options.worker.max_attempts = kMaxAttempts;
    options.worker.metrics = &metrics;
    options.worker_db = worker_db.get();
    return options;
  }

  MetricsRegistry metrics;
  testing::TestDatabase database;
  std::unique_ptr<Db> db;
  std::unique_ptr<Db> worker_db;  // the worker's own pool, as main() gives it
  testing::TestServer server;
  std::unique_ptr<NotificationsService> service;
  std::unique_ptr<pb::NotificationsService::Stub> stub;
};

class WebhooksTest : public ::testing::Test {
 protected:
  WebhooksTest() : clock_(std::chrono::system_clock::now()), stack_(clock_), receiver_(clock_) {
    admin_ = stack_.server.Token(Role::kStreetAdmin, "street-admin", {kStreet});
    system_ = stack_.server.Token(Role::kSystem, "wishes-service");
  }

  pb::CreateWebhookResponse Create(const std::string& region, const std::string& path,
                                   std::vector<std::string> types = {}) {
    pb::CreateWebhookRequest request;
    request.set_request_id(NewUuid());
    request.set_region_id(region);
    request.set_url(receiver_.Url(path));
    for (auto& type : types) request.add_types(type);
    pb::CreateWebhookResponse response;
    grpc::Status status =
        CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook, admin_, request,
                 &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    receiver_.Expect(path, response.secret());
    return response;
  }

  std::string Publish(const std::string& region, const std::string& type = kConfirmed) {
    pb::PublishEventRequest request;
    request.set_request_id(NewUuid());
    request.set_type(type);
    request.set_subject("wishes/3f0c");
    request.set_region_id(region);
    (*request.mutable_data()->mutable_fields())["claimer"].set_string_value("张*");
    pb::PublishEventResponse response;
    grpc::Status status = CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::PublishEvent,
                                   system_, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.event_id();
  }

  // One run of the worker; the number delivered.
  int Deliver() {
    absl::StatusOr<int> delivered = stack_.service->webhook_worker().RunOnce();
    EXPECT_TRUE(delivered.ok()) << delivered.status();
    return delivered.value_or(-1);
  }
  // The worker after every back-off has passed.
  int DeliverLater() {
    clock_.Advance(kMaxBackoff + std::chrono::seconds(1));
    return Deliver();
  }

  pb::Webhook Listed(const std::string& webhook_id) {
    pb::ListWebhooksRequest request;
    request.set_region_id(kStreet);
    pb::ListWebhooksResponse response;
    EXPECT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhooks, admin_,
                         request, &response)
                    .ok());
    for (const auto& webhook : response.webhooks()) {
      if (webhook.webhook_id() == webhook_id) return webhook;
    }
    ADD_FAILURE() << "webhook " << webhook_id << " not listed";
    return {};
  }

  pb::ListWebhookDeadLettersResponse DeadLetters(const std::string& webhook_id,
                                                 const std::string& region = "") {
    pb::ListWebhookDeadLettersRequest request;
    request.set_webhook_id(webhook_id);
    request.set_region_id(region);
    pb::ListWebhookDeadLettersResponse response;
    grpc::Status status =
        CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhookDeadLetters, admin_,
                 request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  double Counted(const char* outcome) {
    return stack_.metrics.Value("tongxin_webhook_deliveries_total", {{"outcome", outcome}});
  }

  FakeClock clock_;
  WebhookStack stack_;
  WebhookReceiver receiver_;
  std::string admin_;
  std::string system_;
};

TEST_F(WebhooksTest, TheReceiverGetsTheSignedCloudEventOfTheFeed) {
  pb::CreateWebhookResponse created = Create(kCommunity, "/signed");
  EXPECT_EQ(created.secret().size(), 43u);
  const std::string event_id = Publish(kGrid);
  EXPECT_EQ(Deliver(), 1);

  auto received = receiver_.Received("/signed");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_TRUE(received[0].verified) << received[0].signature;
  EXPECT_EQ(received[0].answered, 204u);
  EXPECT_EQ(received[0].content_type, "application/cloudevents+json");
  EXPECT_EQ(received[0].event_id, event_id);
  // The body is what the pull API answers for the event, byte for byte.
  pb::ListEventsRequest list;
  list.set_region_id(kCommunity);
  pb::ListEventsResponse pulled;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListEvents, admin_, list,
                       &pulled)
                  .ok());
  ASSERT_EQ(pulled.events_size(), 1);
  std::string pulled_json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(pulled.events(0), &pulled_json).ok());
  EXPECT_EQ(received[0].body, pulled_json);
  EXPECT_NE(received[0].body.find("\"tongxinregion\":\"110105001001003\""), std::string::npos);
  EXPECT_EQ(Counted("delivered"), 1);
  EXPECT_EQ(Listed(created.webhook().webhook_id()).pending_deliveries(), 0);
  // Delivered once: the next run sends nothing.
  EXPECT_EQ(DeliverLater(), 0);
  EXPECT_EQ(receiver_.Received("/signed").size(), 1u);
}

TEST_F(WebhooksTest, AForgedCallFailsTheReceiversCheck) {
  Create(kCommunity, "/forged");
  Publish(kCommunity);
  ASSERT_EQ(Deliver(), 1);
  const testing::ReceivedRequest genuine = receiver_.Received("/forged").at(0);
  ASSERT_TRUE(genuine.verified);
  const std::string t = genuine.signature.substr(2, genuine.signature.find(',') - 2);

  // The same body signed with a wrong secret (another webhook's).
  pb::CreateWebhookResponse other = Create(kCommunity, "/other");
  const std::string wrong_secret =
      "t=" + t + ",v1=" + HexEncode(HmacSha256(other.secret(), t + "." + genuine.body));
  EXPECT_EQ(testing::PostTo(receiver_.port(), "/forged", wrong_secret, genuine.body), 401u);
  // The genuine signature over an altered body.
  std::string altered = genuine.body;
  altered.replace(altered.find("张*"), std::string("张*").size(), "李*");
  EXPECT_EQ(testing::PostTo(receiver_.port(), "/forged", genuine.signature, altered), 401u);
  // The genuine request sent again later: its timestamp is too old ...
  clock_.Advance(std::chrono::minutes(6));
  EXPECT_EQ(testing::PostTo(receiver_.port(), "/forged", genuine.signature, genuine.body), 401u);
  // ... and a fresh timestamp does not fit the old signature.
  const std::string now = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count());
  const std::string retimed = "t=" + now + genuine.signature.substr(genuine.signature.find(','));
  EXPECT_EQ(testing::PostTo(receiver_.port(), "/forged", retimed, genuine.body), 401u);

  auto received = receiver_.Received("/forged");
  ASSERT_EQ(received.size(), 5u);
  for (size_t i = 1; i < received.size(); ++i) EXPECT_FALSE(received[i].verified) << i;
}

TEST_F(WebhooksTest, A500IsRetriedWithBackOffThenDeliveredOnce) {
  pb::CreateWebhookResponse created = Create(kCommunity, "/flaky");
  receiver_.FailNext("/flaky", 2);
  const std::string event_id = Publish(kCommunity);

  EXPECT_EQ(Deliver(), 0);
  // Not due again before its back-off.
  EXPECT_EQ(Deliver(), 0);
  EXPECT_EQ(receiver_.Received("/flaky").size(), 1u);
  EXPECT_EQ(Listed(created.webhook().webhook_id()).pending_deliveries(), 1);
  EXPECT_EQ(DeliverLater(), 0);
  EXPECT_EQ(DeliverLater(), 1);
  EXPECT_EQ(DeliverLater(), 0);

  auto received = receiver_.Received("/flaky");
  ASSERT_EQ(received.size(), 3u);
  for (const auto& r : received) {
    EXPECT_TRUE(r.verified);
    EXPECT_EQ(r.event_id, event_id);
  }
  EXPECT_EQ(received[0].answered, 500u);
  EXPECT_EQ(received[1].answered, 500u);
  EXPECT_EQ(received[2].answered, 204u);
  EXPECT_EQ(Counted("failed"), 2);
  EXPECT_EQ(Counted("delivered"), 1);
  pb::Webhook listed = Listed(created.webhook().webhook_id());
  EXPECT_EQ(listed.pending_deliveries(), 0);
  EXPECT_EQ(listed.dead_letters(), 0);
}

TEST_F(WebhooksTest, AlwaysFailingIsADeadLetterThatAnAdminReplays) {
  pb::CreateWebhookResponse created = Create(kCommunity, "/down");
  const std::string webhook_id = created.webhook().webhook_id();
  receiver_.FailNext("/down", -1);
  const std::string event_id = Publish(kCommunity);
  EXPECT_EQ(Deliver(), 0);
  for (int attempt = 2; attempt <= kMaxAttempts; ++attempt) EXPECT_EQ(DeliverLater(), 0);
  EXPECT_EQ(receiver_.Received("/down").size(), static_cast<size_t>(kMaxAttempts));
  EXPECT_EQ(Counted("dead"), 1);
  // Dead: never sent again by itself.
  EXPECT_EQ(DeliverLater(), 0);
  EXPECT_EQ(receiver_.Received("/down").size(), static_cast<size_t>(kMaxAttempts));

  pb::ListWebhookDeadLettersResponse dead = DeadLetters(webhook_id);
  ASSERT_EQ(dead.deliveries_size(), 1);
  EXPECT_EQ(dead.deliveries(0).event_id(), event_id);
  EXPECT_EQ(dead.deliveries(0).type(), kConfirmed);
  EXPECT_EQ(dead.deliveries(0).state(), pb::DELIVERY_STATE_DEAD);
  EXPECT_EQ(dead.deliveries(0).attempts(), kMaxAttempts);
  EXPECT_EQ(dead.deliveries(0).last_error(), "HTTP 500");
  EXPECT_TRUE(dead.deliveries(0).has_last_attempt_time());
  // The region's list holds it too; a community elsewhere has none.
  EXPECT_EQ(DeadLetters("", kStreet).deliveries_size(), 1);
  EXPECT_EQ(DeadLetters("", kOtherCommunity).deliveries_size(), 0);
  EXPECT_EQ(Listed(webhook_id).dead_letters(), 1);

  // The receiver is fixed; the admin replays (a retry of the request answers the same).
  receiver_.FailNext("/down", 0);
  pb::ReplayWebhookDeliveriesRequest replay;
  replay.set_request_id(NewUuid());
  replay.set_webhook_id(webhook_id);
  replay.add_delivery_ids(dead.deliveries(0).delivery_id());
  pb::ReplayWebhookDeliveriesResponse replayed;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ReplayWebhookDeliveries,
                       admin_, replay, &replayed)
                  .ok());
  EXPECT_EQ(replayed.replayed(), 1);
  replayed.Clear();
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ReplayWebhookDeliveries,
                       admin_, replay, &replayed)
                  .ok());
  EXPECT_EQ(replayed.replayed(), 1);
  EXPECT_EQ(DeadLetters(webhook_id).deliveries_size(), 0);
  // Due now, with no back-off to wait for.
  EXPECT_EQ(Deliver(), 1);
  auto received = receiver_.Received("/down");
  ASSERT_EQ(received.size(), static_cast<size_t>(kMaxAttempts + 1));
  EXPECT_EQ(received.back().answered, 204u);
  EXPECT_EQ(received.back().event_id, event_id);
  EXPECT_EQ(Listed(webhook_id).dead_letters(), 0);
}

TEST_F(WebhooksTest, ADeletedWebhookGetsNothing) {
  pb::CreateWebhookResponse gone = Create(kCommunity, "/gone");
  Create(kCommunity, "/kept");
  Publish(kCommunity);  // pending for both when the first is deleted
  pb::DeleteWebhookRequest del;
  del.set_request_id(NewUuid());
  del.set_webhook_id(gone.webhook().webhook_id());
  pb::Webhook deleted;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::DeleteWebhook, admin_,
                       del, &deleted)
                  .ok());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_EQ(deleted.pending_deliveries(), 0);
  EXPECT_EQ(Deliver(), 1);
  Publish(kCommunity);
  EXPECT_EQ(DeliverLater(), 1);
  EXPECT_EQ(receiver_.Received("/gone").size(), 0u);
  EXPECT_EQ(receiver_.Received("/kept").size(), 2u);
  EXPECT_TRUE(Listed(gone.webhook().webhook_id()).has_delete_time());

  // Deleting it again (a new request) is refused; replaying its letters too.
  del.set_request_id(NewUuid());
  grpc::Status again = CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::DeleteWebhook,
                                admin_, del, &deleted);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  pb::ReplayWebhookDeliveriesRequest replay;
  replay.set_request_id(NewUuid());
  replay.set_webhook_id(gone.webhook().webhook_id());
  pb::ReplayWebhookDeliveriesResponse replayed;
  EXPECT_EQ(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ReplayWebhookDeliveries,
                     admin_, replay, &replayed)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(WebhooksTest, RegionScopeAndTypesChooseTheEvents) {
  Create(kCommunity, "/community");
  Create(kStreet, "/street-confirmed", {kConfirmed});
  Create(kOtherCommunity, "/elsewhere");
  Create(kGrid, "/grid", {kApproved});

  const std::string confirmed_in_grid = Publish(kGrid, kConfirmed);
  const std::string approved_in_community = Publish(kCommunity, kApproved);
  const std::string confirmed_elsewhere = Publish(kOtherCommunity, kConfirmed);
  const std::string approved_in_grid = Publish(kGrid, kApproved);
  EXPECT_EQ(Deliver(), 7);

  auto ids = [&](const std::string& path) {
    std::set<std::string> out;
    for (const auto& r : receiver_.Received(path)) {
      EXPECT_TRUE(r.verified) << path;
      out.insert(r.event_id);
    }
    return out;
  };
  EXPECT_EQ(ids("/community"),
            (std::set<std::string>{confirmed_in_grid, approved_in_community, approved_in_grid}));
  EXPECT_EQ(ids("/street-confirmed"),
            (std::set<std::string>{confirmed_in_grid, confirmed_elsewhere}));
  EXPECT_EQ(ids("/elsewhere"), (std::set<std::string>{confirmed_elsewhere}));
  EXPECT_EQ(ids("/grid"), (std::set<std::string>{approved_in_grid}));
}

TEST_F(WebhooksTest, ASilentReceiverIsAFailedAttemptWithinTheTimeout) {
  // Listening, never answering: the connection is taken by the kernel, the POST waits.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  pb::CreateWebhookRequest request;
  request.set_request_id(NewUuid());
  request.set_region_id(kCommunity);
  request.set_url("http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/x");
  pb::CreateWebhookResponse created;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook, admin_,
                       request, &created)
                  .ok());
  Publish(kCommunity);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Deliver(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  pb::Webhook listed = Listed(created.webhook().webhook_id());
  EXPECT_EQ(listed.pending_deliveries(), 1);
  EXPECT_EQ(Counted("failed"), 1);
}

TEST_F(WebhooksTest, ARetryOfCreateWebhookAnswersTheSameSecret) {
  pb::CreateWebhookRequest request;
  request.set_request_id(NewUuid());
  request.set_region_id(kCommunity);
  request.set_url(receiver_.Url("/same"));
  request.add_types(kConfirmed);
  pb::CreateWebhookResponse first, again;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook, admin_,
                       request, &first)
                  .ok());
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook, admin_,
                       request, &again)
                  .ok());
  EXPECT_EQ(again.webhook().webhook_id(), first.webhook().webhook_id());
  EXPECT_EQ(again.secret(), first.secret());
  EXPECT_FALSE(first.secret().empty());
  // The same request id for another request is refused; a new id is a new webhook and secret.
  request.set_url(receiver_.Url("/different"));
  grpc::Status reused = CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook,
                                 admin_, request, &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.set_request_id(NewUuid());
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook, admin_,
                       request, &again)
                  .ok());
  EXPECT_NE(again.webhook().webhook_id(), first.webhook().webhook_id());
  EXPECT_NE(again.secret(), first.secret());
}

TEST_F(WebhooksTest, RefusalsNameTheField) {
  auto create = [&](const std::string& token, const std::string& request_id,
                    const std::string& region, const std::string& url,
                    const std::string& type = "") {
    pb::CreateWebhookRequest request;
    request.set_request_id(request_id);
    request.set_region_id(region);
    request.set_url(url);
    if (!type.empty()) request.add_types(type);
    pb::CreateWebhookResponse response;
    return CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook, token,
                    request, &response);
  };
  auto expect_invalid = [](const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(status.error_message().rfind(field + ":", 0), 0u) << status.error_message();
  };
  const std::string url = receiver_.Url("/x");
  expect_invalid(create(admin_, "", kCommunity, url), "request_id");
  expect_invalid(create(admin_, NewUuid(), "11010", url), "region_id");
  expect_invalid(create(admin_, NewUuid(), kCommunity, "ftp://example.cn/"), "url");
  expect_invalid(create(admin_, NewUuid(), kCommunity, "http://user:pw@127.0.0.1/"), "url");
  expect_invalid(create(admin_, NewUuid(), kCommunity, ""), "url");
  expect_invalid(create(admin_, NewUuid(), kCommunity, url, "wish.confirmed"), "types");
  // Not an admin, or an admin elsewhere.
  EXPECT_EQ(
      create(stack_.server.Token(Role::kVolunteer, "v1"), NewUuid(), kCommunity, url).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(create(stack_.server.Token(Role::kCommunityAdmin, "a2", {kOtherCommunity}), NewUuid(),
                   kCommunity, url)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  pb::ListWebhookDeadLettersRequest dead;
  pb::ListWebhookDeadLettersResponse dead_response;
  expect_invalid(
      CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhookDeadLetters, admin_,
               dead, &dead_response),
      "region_id");
  dead.set_webhook_id("not-a-uuid");
  expect_invalid(
      CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhookDeadLetters, admin_,
               dead, &dead_response),
      "webhook_id");
  pb::ReplayWebhookDeliveriesRequest replay;
  replay.set_request_id(NewUuid());
  replay.set_webhook_id(Create(kCommunity, "/y").webhook().webhook_id());
  replay.add_delivery_ids("nope");
  pb::ReplayWebhookDeliveriesResponse replayed;
  expect_invalid(
      CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ReplayWebhookDeliveries, admin_,
               replay, &replayed),
      "delivery_ids");
  // Another community's admin does not learn that the webhook exists.
  replay.clear_delivery_ids();
  replay.set_request_id(NewUuid());
  EXPECT_EQ(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ReplayWebhookDeliveries,
                     stack_.server.Token(Role::kCommunityAdmin, "a2", {kOtherCommunity}), replay,
                     &replayed)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace tongxin::notifications
