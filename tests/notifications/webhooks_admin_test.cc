// The webhooks' administration, end to end: the secret of a retried CreateWebhook, refusals
// naming the field, keyset pages, and worker replicas racing for the same deliveries.
#include <future>
#include <thread>

#include "tests/notifications/webhooks_test.h"

namespace tongxin::notifications {
namespace {

TEST_F(WebhooksTest, DeadLettersAndWebhooksArePagedByKey) {
  pb::CreateWebhookResponse created = Create(kCommunity, "/paged");
  Create(kStreet, "/paged-too");
  const std::string webhook_id = created.webhook().webhook_id();
  receiver_.FailNext("/paged", -1);
  const std::string first = Publish(kCommunity);
  Deliver();
  clock_.Advance(std::chrono::seconds(1));
  const std::string second = Publish(kCommunity);
  for (int attempt = 2; attempt <= kMaxAttempts + 1; ++attempt) DeliverLater();
  ASSERT_EQ(Listed(webhook_id).dead_letters(), 2);

  // Newest first, one a page: the second event died a run after the first.
  pb::ListWebhookDeadLettersRequest request;
  request.set_webhook_id(webhook_id);
  request.set_page_size(1);
  std::vector<std::string> events;
  for (int page = 0; page < 3; ++page) {
    pb::ListWebhookDeadLettersResponse response;
    ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhookDeadLetters,
                         admin_, request, &response)
                    .ok());
    for (const auto& d : response.deliveries()) events.push_back(d.event_id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(events, (std::vector<std::string>{second, first}));

  pb::ListWebhooksRequest list;
  list.set_region_id(kStreet);
  list.set_page_size(1);
  std::set<std::string> ids;
  for (int page = 0; page < 3; ++page) {
    pb::ListWebhooksResponse response;
    ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhooks, admin_,
                         list, &response)
                    .ok());
    EXPECT_LE(response.webhooks_size(), 1);
    for (const auto& w : response.webhooks()) ids.insert(w.webhook_id());
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(ids.size(), 2u);
  list.set_page_token("not-a-token");
  pb::ListWebhooksResponse refused;
  EXPECT_EQ(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ListWebhooks, admin_, list,
                     &refused)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WebhooksTest, WorkersRacingSendEachDeliveryOnce) {
  Create(kCommunity, "/raced");
  std::set<std::string> published;
  for (int i = 0; i < 20; ++i) published.insert(Publish(kCommunity));
  // Two replicas' workers on pools of their own, claiming three at a time.
  struct Replica {
    Replica(const testing::TestDatabase& database, const Clock& clock)
        : db(database.Open(1)),
          repository(*db),
          sender(WebhookSenderOptions{.allow_internal = true}),
          worker(*db, repository, sender, kWebhookKey, CloudEventJson,
                 WebhookWorkerOptions{.batch_size = 3}, clock) {}
    std::unique_ptr<Db> db;
    WebhookRepository repository;
    WebhookSender sender;
    WebhookWorker worker;
  };
  Replica a(stack_.database, clock_), b(stack_.database, clock_);
  std::atomic<int> delivered{0};
  auto drain = [&](WebhookWorker& worker) {
    for (;;) {
      absl::StatusOr<int> run = worker.RunOnce();
      if (!run.ok() || *run == 0) return;
      delivered += *run;
    }
  };
  std::thread first([&] { drain(a.worker); });
  std::thread second([&] { drain(b.worker); });
  first.join();
  second.join();
  delivered += Deliver();  // whatever a replica left when the other held the rest

  EXPECT_EQ(delivered.load(), 20);
  std::multiset<std::string> received;
  for (const auto& r : receiver_.Received("/raced")) {
    EXPECT_TRUE(r.verified);
    received.insert(r.event_id);
  }
  EXPECT_EQ(received, std::multiset<std::string>(published.begin(), published.end()));
}

// A delete while an event of the webhook's region is being stored: the delete waits for the
// event's transaction, so the event's pending delivery goes with the webhook instead of staying
// pending for ever.
TEST_F(WebhooksTest, ADeleteWaitsForAnEventBeingStoredAndDropsItsDelivery) {
  const std::string webhook_id = Create(kCommunity, "/deleted-racing").webhook().webhook_id();
  std::promise<void> stored, commit;
  Event slow;
  slow.event_id = NewUuid();
  slow.type = kConfirmed;
  slow.source = "/tongxin/wishes";
  slow.subject = "wishes/slow";
  slow.region_id = kCommunity;
  slow.occurred_at = clock_.Now();
  slow.data_json = "{}";
  std::thread storing([&] {
    absl::Status status = stack_.db->Transact({}, [&](Tx& tx) -> absl::Status {
      auto event = stack_.service->events().StoreEvent(tx, slow, clock_.Now());
      if (!event.ok()) return event.status();
      stored.set_value();
      commit.get_future().wait();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status.message();
  });
  stored.get_future().wait();
  EXPECT_EQ(stack_.database.Scalar("SELECT count(*) FROM webhook_deliveries"), "0");  // unseen

  auto deleting = std::async(std::launch::async, [&] {
    pb::DeleteWebhookRequest del;
    del.set_request_id(NewUuid());
    del.set_webhook_id(webhook_id);
    pb::Webhook deleted;
    return CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::DeleteWebhook, admin_, del,
                    &deleted);
  });
  // The delete waits for the feed lock (seen in pg_locks) — or, were it not to, ends.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool waiting = false;
  while (deleting.wait_for(std::chrono::seconds(0)) == std::future_status::timeout) {
    waiting = stack_.database.Scalar(
                  "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
                  "database = (SELECT oid FROM pg_database WHERE datname = "
                  "current_database())") != "0";
    if (waiting || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::yield();
  }
  commit.set_value();
  storing.join();
  EXPECT_TRUE(waiting) << "the delete did not wait for the event being stored";
  grpc::Status status = deleting.get();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stack_.database.Scalar("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = '" +
                                   webhook_id + "' AND state = 1"),
            "0");
  EXPECT_EQ(Listed(webhook_id).pending_deliveries(), 0);
  EXPECT_EQ(Deliver(), 0);
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
  expect_invalid(create(admin_, NewUuid(), kCommunity, url, "wish.confirmed"), "types[0]");
  // The feed's rule: lowercase, and no empty segment.
  expect_invalid(create(admin_, NewUuid(), kCommunity, url, "cn.tongxin.Wish.confirmed"),
                 "types[0]");
  expect_invalid(create(admin_, NewUuid(), kCommunity, url, "cn.tongxin.wish..confirmed"),
                 "types[0]");
  expect_invalid(create(admin_, NewUuid(), kCommunity, url, "cn.tongxin.wish."), "types[0]");
  {
    pb::CreateWebhookRequest two;
    two.set_request_id(NewUuid());
    two.set_region_id(kCommunity);
    two.set_url(url);
    two.add_types(kConfirmed);
    two.add_types("cn.tongxin.wish.CLAIMED");
    pb::CreateWebhookResponse response;
    expect_invalid(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::CreateWebhook,
                            admin_, two, &response),
                   "types[1]");
  }
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
