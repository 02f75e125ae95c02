// The frame of the webhooks' end-to-end tests: the real notifications service on its own
// database with the webhook settings of a development run, events published as the services'
// outboxes publish them, the delivery worker run with a FakeClock (time is moved, never waited
// for), and a real HTTP receiver on a loopback port (webhook_receiver.h) that checks every
// signature with the secret CreateWebhook answered.
#pragma once

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include "services/common/crypto.h"
#include "services/common/metrics.h"
#include "services/common/outbox.h"
#include "services/notifications/grpc/webhook_mapping.h"
#include "services/notifications/notifications_service.h"
#include "tests/notifications/webhook_receiver.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::notifications {

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

  // `event_id`: the producer's outbox event id (a new one unless given: a repeated delivery).
  std::string Publish(const std::string& region, const std::string& type = kConfirmed,
                      const std::string& event_id = "") {
    pb::PublishEventRequest request;
    request.set_request_id(event_id.empty() ? NewUuid() : event_id);
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

}  // namespace tongxin::notifications
