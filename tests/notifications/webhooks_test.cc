// The signed webhooks of the event feed, end to end: what the receiver gets and checks, retries,
// dead letters and their replay, deleted webhooks, region scope and types, a silent receiver.
#include "tests/notifications/webhooks_test.h"

namespace tongxin::notifications {
namespace {

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

TEST_F(WebhooksTest, AnEventPublishedTwiceIsDeliveredOnce) {
  Create(kCommunity, "/once");
  const std::string event_id = NewUuid();
  EXPECT_EQ(Publish(kCommunity, kConfirmed, event_id), event_id);
  // The outbox relay delivering it again (its answer was lost).
  EXPECT_EQ(Publish(kCommunity, kConfirmed, event_id), event_id);
  EXPECT_EQ(Deliver(), 1);
  EXPECT_EQ(DeliverLater(), 0);
  ASSERT_EQ(receiver_.Received("/once").size(), 1u);
  EXPECT_EQ(receiver_.Received("/once")[0].event_id, event_id);
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
  stack_.metrics.Scrape();  // the backlog gauges are read at each scrape
  EXPECT_EQ(stack_.metrics.Value("tongxin_webhook_dead_letters", {}), 1);
  EXPECT_EQ(stack_.metrics.Value("tongxin_webhook_pending", {}), 0);
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
  stack_.metrics.Scrape();
  EXPECT_EQ(stack_.metrics.Value("tongxin_webhook_dead_letters", {}), 0);
}

// The retention purge keeps an event that is a dead letter's, for an admin to replay; its
// messages go by their own age, and delivered events go.
TEST_F(WebhooksTest, ThePurgeKeepsTheEventsOfDeadLetters) {
  const std::string webhook_id = Create(kCommunity, "/down-long").webhook().webhook_id();
  receiver_.FailNext("/down-long", -1);
  pb::PublishEventRequest request;
  request.set_request_id(NewUuid());
  request.set_type(kConfirmed);
  request.set_region_id(kCommunity);
  (*request.mutable_data()->mutable_fields())["claimer"].set_string_value("张*");
  request.add_notes()->set_recipient_id("volunteer-1");
  request.mutable_notes(0)->set_title("心愿已确认");
  pb::PublishEventResponse published;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::PublishEvent, system_,
                       request, &published)
                  .ok());
  const std::string dead_event = published.event_id();
  EXPECT_EQ(Deliver(), 0);
  for (int attempt = 2; attempt <= kMaxAttempts; ++attempt) EXPECT_EQ(DeliverLater(), 0);
  ASSERT_EQ(DeadLetters(webhook_id).deliveries_size(), 1);
  receiver_.FailNext("/down-long", 0);
  const std::string delivered_event = Publish(kCommunity);
  EXPECT_EQ(Deliver(), 1);
  auto events_of = [&](const std::string& event_id) {
    return stack_.database.Scalar("SELECT count(*) FROM events WHERE event_id = '" + event_id +
                                  "'");
  };

  clock_.Advance(std::chrono::hours(24 * 181));  // past the retention of 180 days
  ASSERT_TRUE(stack_.service->retention().RunOnce().ok());
  EXPECT_EQ(events_of(dead_event), "1");
  EXPECT_EQ(events_of(delivered_event), "0");
  EXPECT_EQ(
      stack_.database.Scalar("SELECT count(*) FROM messages WHERE event_id = '" + dead_event + "'"),
      "0");
  pb::ListWebhookDeadLettersResponse dead = DeadLetters(webhook_id);
  ASSERT_EQ(dead.deliveries_size(), 1);
  EXPECT_EQ(dead.deliveries(0).event_id(), dead_event);

  // Replayed and delivered, it goes at the next purge.
  pb::ReplayWebhookDeliveriesRequest replay;
  replay.set_request_id(NewUuid());
  replay.set_webhook_id(webhook_id);
  replay.add_delivery_ids(dead.deliveries(0).delivery_id());
  pb::ReplayWebhookDeliveriesResponse replayed;
  ASSERT_TRUE(CallWith(stack_.stub.get(), &pb::NotificationsService::Stub::ReplayWebhookDeliveries,
                       admin_, replay, &replayed)
                  .ok());
  ASSERT_TRUE(stack_.service->retention().RunOnce().ok());
  EXPECT_EQ(events_of(dead_event), "1");  // pending again: kept until delivered
  EXPECT_EQ(Deliver(), 1);
  ASSERT_TRUE(stack_.service->retention().RunOnce().ok());
  EXPECT_EQ(events_of(dead_event), "0");
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

}  // namespace
}  // namespace tongxin::notifications
