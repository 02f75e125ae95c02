// The feed: a region's events (and those of the regions inside it) as CloudEvents, oldest first
// after a cursor that never skips an event, for admins in scope, the system and the grid
// system's integration client in scope; and the retention purge.
#include <chrono>
#include <future>
#include <thread>

#include "tests/notifications/notifications_test.h"

namespace tongxin::notifications {
namespace {

class FeedTest : public NotificationsTest {
 protected:
  static std::vector<std::string> Ids(const pb::ListEventsResponse& feed) {
    std::vector<std::string> ids;
    for (const auto& event : feed.events()) ids.push_back(event.id());
    return ids;
  }
};

TEST_F(FeedTest, EventsAreCloudEventsOldestFirst) {
  const std::string community = NewCommunity();
  pb::PublishEventRequest request = Event(community, {NewPerson()});
  pb::PublishEventResponse first = Publish(request);
  pb::PublishEventResponse second = Publish(Event(community));
  pb::ListEventsResponse feed;
  ASSERT_TRUE(Feed(Admin(community), community, "", &feed).ok());
  ASSERT_EQ(feed.events_size(), 2);
  const pb::CloudEvent& event = feed.events(0);
  EXPECT_EQ(event.specversion(), "1.0");
  EXPECT_EQ(event.id(), request.request_id());
  EXPECT_EQ(event.source(), "/tongxin/wishes");
  EXPECT_EQ(event.type(), "cn.tongxin.wish.confirmed");
  EXPECT_EQ(event.subject(), request.subject());
  EXPECT_EQ(event.time().seconds(), request.occurred_at().seconds());
  EXPECT_EQ(event.datacontenttype(), "application/json");
  EXPECT_EQ(event.data().fields().at("claimer").string_value(), "张*");
  EXPECT_EQ(event.tongxinregion(), community);
  EXPECT_EQ(event.sequence(), std::to_string(first.sequence()));
  EXPECT_EQ(feed.events(1).id(), second.event_id());
  EXPECT_EQ(feed.next_after(), std::to_string(second.sequence()));
  // Nothing new after the cursor: the same cursor back.
  pb::ListEventsResponse after;
  ASSERT_TRUE(Feed(Admin(community), community, feed.next_after(), &after).ok());
  EXPECT_EQ(after.events_size(), 0);
  EXPECT_EQ(after.next_after(), feed.next_after());
}

TEST_F(FeedTest, AQuietRegionsCursorMovesPastTheCitysOtherEvents) {
  const std::string quiet = NewCommunity();
  const std::string busy = NewCommunity();
  pb::ListEventsResponse start;
  ASSERT_TRUE(Feed(Admin(quiet), quiet, "", &start).ok());
  pb::PublishEventResponse elsewhere;
  for (int i = 0; i < 3; ++i) elsewhere = Publish(Event(busy));
  // Nothing in the quiet region: the cursor is the newest event of all, so the next poll does
  // not read the busy region's events again.
  pb::ListEventsResponse polled;
  ASSERT_TRUE(Feed(Admin(quiet), quiet, start.next_after(), &polled).ok());
  EXPECT_EQ(polled.events_size(), 0);
  EXPECT_EQ(polled.next_after(), std::to_string(elsewhere.sequence()));
  // A page that is not full ends there too; its events are the region's.
  pb::PublishEventResponse own = Publish(Event(quiet));
  elsewhere = Publish(Event(busy));
  ASSERT_TRUE(Feed(Admin(quiet), quiet, polled.next_after(), &polled).ok());
  EXPECT_EQ(Ids(polled), std::vector<std::string>{own.event_id()});
  EXPECT_EQ(polled.next_after(), std::to_string(elsewhere.sequence()));
  // A full page ends at its last event: more of the region may follow.
  pb::PublishEventResponse first = Publish(Event(quiet));
  pb::PublishEventResponse second = Publish(Event(quiet));
  Publish(Event(busy));
  pb::ListEventsResponse full;
  ASSERT_TRUE(Feed(Admin(quiet), quiet, polled.next_after(), &full, 1).ok());
  EXPECT_EQ(Ids(full), std::vector<std::string>{first.event_id()});
  EXPECT_EQ(full.next_after(), std::to_string(first.sequence()));
  ASSERT_TRUE(Feed(Admin(quiet), quiet, full.next_after(), &full, 1).ok());
  EXPECT_EQ(Ids(full), std::vector<std::string>{second.event_id()});
  // An `after` beyond every event is kept, never moved back.
  const std::string far = std::to_string(second.sequence() + 1000);
  ASSERT_TRUE(Feed(Admin(quiet), quiet, far, &polled).ok());
  EXPECT_EQ(polled.next_after(), far);
}

TEST_F(FeedTest, PagesFollowTheCursorAndFilterTypes) {
  const std::string community = NewCommunity();
  std::vector<std::string> published;
  for (int i = 0; i < 5; ++i) {
    published.push_back(
        Publish(
            Event(community, {}, i % 2 == 0 ? "cn.tongxin.wish.claimed" : "cn.tongxin.order.ready"))
            .event_id());
  }
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 3; ++page) {
    pb::ListEventsResponse feed;
    ASSERT_TRUE(Feed(Token(Role::kSystem, "tests"), community, after, &feed, 2).ok());
    EXPECT_LE(feed.events_size(), 2);
    for (const auto& id : Ids(feed)) seen.push_back(id);
    after = feed.next_after();
  }
  EXPECT_EQ(seen, published);
  pb::ListEventsResponse orders;
  ASSERT_TRUE(Feed(Admin(community), community, "", &orders, 0, {"cn.tongxin.order.ready"}).ok());
  EXPECT_EQ(Ids(orders), (std::vector<std::string>{published[1], published[3]}));
}

TEST_F(FeedTest, AStreetsFeedHoldsItsCommunitiesAndNoOtherStreets) {
  const std::string community = NewCommunity();
  const std::string other_street_community = std::string(kOtherStreet) + "901";
  pb::PublishEventResponse in_street = Publish(Event(community));
  const std::string elsewhere = Publish(Event(other_street_community)).event_id();
  pb::ListEventsResponse street;
  ASSERT_TRUE(
      Feed(Admin(kStreet), kStreet, std::to_string(in_street.sequence() - 1), &street).ok());
  EXPECT_EQ(Ids(street), (std::vector<std::string>{in_street.event_id()}));
  pb::ListEventsResponse other;
  ASSERT_TRUE(
      Feed(Admin(kOtherStreet), kOtherStreet, std::to_string(in_street.sequence()), &other).ok());
  EXPECT_EQ(Ids(other), (std::vector<std::string>{elsewhere}));
  // A community's feed holds no other community's events.
  const std::string quiet = NewCommunity();
  pb::ListEventsResponse none;
  ASSERT_TRUE(Feed(Admin(quiet), quiet, "", &none).ok());
  EXPECT_EQ(none.events_size(), 0);
}

TEST_F(FeedTest, ScopeRefusals) {
  const std::string community = NewCommunity();
  Publish(Event(community));
  pb::ListEventsResponse feed;
  // An admin of another community, of another street; a volunteer; nobody.
  EXPECT_EQ(Feed(Admin(NewCommunity()), community, "", &feed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Feed(Admin(kOtherStreet), community, "", &feed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A community admin may not widen to the street.
  EXPECT_EQ(Feed(Admin(community), kStreet, "", &feed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Feed(Person("v-1"), community, "", &feed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Feed("", community, "", &feed).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // In scope: the street admin over its community, the system.
  EXPECT_TRUE(Feed(Admin(kStreet), community, "", &feed).ok());
  EXPECT_EQ(feed.events_size(), 1);
  EXPECT_TRUE(Feed(Token(Role::kSystem, "tests"), community, "", &feed).ok());
}

TEST_F(FeedTest, TheGridSystemReadsTheFeedInScopeAndNothingElseNew) {
  const std::string community = NewCommunity();
  const std::string person = NewPerson();
  Publish(Event(community, {person}));
  pb::ListEventsResponse feed;
  ASSERT_TRUE(Feed(Grid(community), community, "", &feed).ok());
  EXPECT_EQ(feed.events_size(), 1);
  ASSERT_TRUE(Feed(Grid(kStreet), community, "", &feed).ok());
  EXPECT_EQ(Feed(Grid(NewCommunity()), community, "", &feed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Feed(Grid(community), kStreet, "", &feed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The grid system has no inbox, publishes nothing, marks nothing.
  const std::string grid = Grid(community);
  pb::ListMessagesResponse messages;
  EXPECT_EQ(Call(&Stub::ListMessages, grid, pb::ListMessagesRequest{}, &messages).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::InboxSummary summary;
  EXPECT_EQ(Call(&Stub::GetInboxSummary, grid, pb::GetInboxSummaryRequest{}, &summary).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::MarkMessagesReadRequest mark;
  mark.set_request_id(NewUuid());
  mark.set_all(true);
  pb::MarkMessagesReadResponse marked;
  EXPECT_EQ(Call(&Stub::MarkMessagesRead, grid, mark, &marked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::PublishEventResponse published;
  EXPECT_EQ(Call(&Stub::PublishEvent, grid, Event(community), &published).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::CreateWebhookRequest webhook;
  webhook.set_request_id(NewUuid());
  webhook.set_region_id(community);
  pb::CreateWebhookResponse created;
  EXPECT_EQ(Call(&Stub::CreateWebhook, grid, webhook, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::ListBroadcastsRequest broadcasts;
  broadcasts.set_region_id(community);
  pb::ListBroadcastsResponse listed;
  EXPECT_EQ(Call(&Stub::ListBroadcasts, grid, broadcasts, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(FeedTest, BadArgumentsNameTheField) {
  const std::string community = NewCommunity();
  const std::string admin = Admin(community);
  struct Case {
    std::string field;
    std::string region;
    std::string after;
    int page_size;
    std::vector<std::string> types;
  };
  for (const Case& c : std::vector<Case>{
           {"region_id", "", "", 0, {}},
           {"region_id", "12345", "", 0, {}},
           {"after", community, "abc", 0, {}},
           {"after", community, "-5", 0, {}},
           {"page_size", community, "", -1, {}},
           {"types[1]", community, "", 0, {"cn.tongxin.wish.claimed", "wish.claimed"}},
       }) {
    pb::ListEventsResponse feed;
    grpc::Status status = Feed(admin, c.region, c.after, &feed, c.page_size, c.types);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_TRUE(status.error_message().starts_with(c.field + ":"))
        << c.field << " / " << status.error_message();
  }
}

TEST_F(FeedTest, PageSizeIsAtMostFiveHundred) {
  const std::string community = NewCommunity();
  for (int i = 0; i < 502; ++i) {
    pb::PublishEventRequest request = Event(community);
    pb::PublishEventResponse response;
    ASSERT_TRUE(Call(&Stub::PublishEvent, WishesRelay(), request, &response).ok());
  }
  pb::ListEventsResponse feed;
  ASSERT_TRUE(Feed(Admin(community), community, "", &feed, 1000).ok());
  EXPECT_EQ(feed.events_size(), 500);
  ASSERT_TRUE(Feed(Admin(community), community, "", &feed).ok());
  EXPECT_EQ(feed.events_size(), 100);
}

// The ordering pitfall: an event whose sequence was taken first but that commits last must not
// be skipped by a reader who already paged past a later one. A publish waits for the feed lock
// of a transaction that took a sequence and has not committed, so sequences commit in order.
TEST_F(FeedTest, TheCursorFollowsCommitOrder) {
  const std::string community = NewCommunity();
  const std::string admin = Admin(community);
  pb::ListEventsResponse start;
  ASSERT_TRUE(Feed(admin, community, "", &start).ok());
  const std::string cursor = start.next_after();

  // A: a transaction that stores its event, then waits before committing.
  std::promise<void> stored, commit;
  notifications::Event slow;
  slow.event_id = NewUuid();
  slow.type = "cn.tongxin.wish.claimed";
  slow.source = "/tongxin/wishes";
  slow.subject = "wishes/slow";
  slow.region_id = community;
  slow.occurred_at = clock_->Now();
  slow.data_json = "{}";
  std::thread a([&] {
    absl::Status status = stack_->db->Transact({}, [&](Tx& tx) -> absl::Status {
      auto event = stack_->service->events().StoreEvent(tx, slow, clock_->Now());
      if (!event.ok()) return event.status();
      stored.set_value();
      commit.get_future().wait();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status.message();
  });
  stored.get_future().wait();

  // B: a publish that starts after A took its sequence.
  pb::PublishEventRequest later = Event(community);
  auto b = std::async(std::launch::async, [&] {
    pb::PublishEventResponse response;
    grpc::Status status = Call(&Stub::PublishEvent, WishesRelay(), later, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  });
  // B waits for the feed lock (seen in pg_locks), so it has not committed: a reader now sees
  // neither, and keeps its cursor. Bounded: a B that never waits fails the test, not hangs it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database())") ==
         "0") {
    if (std::chrono::steady_clock::now() > deadline) {
      commit.set_value();  // let A end, and B after it, before failing
      a.join();
      b.wait();
      FAIL() << "the publish never waited for the feed lock";
    }
    std::this_thread::yield();
  }
  pb::ListEventsResponse during;
  ASSERT_TRUE(Feed(admin, community, cursor, &during).ok());
  EXPECT_EQ(during.events_size(), 0);
  EXPECT_EQ(during.next_after(), cursor);
  EXPECT_EQ(b.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  commit.set_value();
  a.join();
  pb::PublishEventResponse published = b.get();
  pb::ListEventsResponse after;
  ASSERT_TRUE(Feed(admin, community, during.next_after(), &after).ok());
  EXPECT_EQ(Ids(after), (std::vector<std::string>{slow.event_id, published.event_id()}));
  EXPECT_LT(std::stoll(after.events(0).sequence()), published.sequence());
}

// Messages and events older than the retention go; younger ones stay. A service of its own,
// with a retention of 30 days and a clock of its own.
TEST(RetentionTest, ThePurgeDeletesMessagesAndEventsPastTheRetention) {
  FakeClock clock(std::chrono::system_clock::now());
  NotificationsOptions options;
  options.retention = std::chrono::hours(24 * 30);
  testing::NotificationsStack stack(clock, "notifications_retention", options);
  auto stub = pb::NotificationsService::NewStub(stack.server.channel());
  const std::string relay = stack.server.Token(Role::kSystem, "wishes-service");
  auto publish = [&](const std::string& person) {
    pb::PublishEventRequest request;
    request.set_request_id(NewUuid());
    request.set_type("cn.tongxin.wish.confirmed");
    request.set_region_id("110105001001");
    (*request.mutable_data()->mutable_fields())["n"].set_number_value(1);
    auto* note = request.add_notes();
    note->set_recipient_id(person);
    note->set_title("心愿已确认");
    pb::PublishEventResponse response;
    EXPECT_TRUE(testing::CallWith(stub.get(), &pb::NotificationsService::Stub::PublishEvent, relay,
                                  request, &response)
                    .ok());
    return request.request_id();
  };
  const std::string old_event = publish("old");
  clock.Advance(std::chrono::hours(24 * 20));
  const std::string young_event = publish("young");
  clock.Advance(std::chrono::hours(24 * 10) + std::chrono::seconds(1));

  absl::StatusOr<int> purged = stack.service->retention().RunOnce();
  ASSERT_TRUE(purged.ok()) << purged.status().message();
  EXPECT_EQ(*purged, 2);  // the old message and its event
  EXPECT_EQ(
      stack.database.Scalar("SELECT count(*) FROM events WHERE event_id = '" + old_event + "'"),
      "0");
  EXPECT_EQ(stack.database.Scalar("SELECT count(*) FROM messages WHERE recipient_id = 'old'"), "0");
  EXPECT_EQ(
      stack.database.Scalar("SELECT count(*) FROM events WHERE event_id = '" + young_event + "'"),
      "1");
  EXPECT_EQ(stack.database.Scalar("SELECT count(*) FROM messages WHERE recipient_id = 'young'"),
            "1");
  EXPECT_EQ(*stack.service->retention().RunOnce(), 0);
}

}  // namespace
}  // namespace tongxin::notifications
