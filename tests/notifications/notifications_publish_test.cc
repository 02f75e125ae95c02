// PublishEvent: the system only, each event stored once however often (and however
// concurrently) it is published, one message per person, every bad field named.
#include <future>
#include <thread>

#include "tests/notifications/notifications_test.h"

namespace tongxin::notifications {

FakeClock* NotificationsTest::clock_ = nullptr;
testing::NotificationsStack* NotificationsTest::stack_ = nullptr;
NotificationsTest::Stub* NotificationsTest::stub_ = nullptr;
int NotificationsTest::communities_ = 0;

namespace {

class PublishTest : public NotificationsTest {};

TEST_F(PublishTest, PublishedTwiceIsOneEventAndOneMessagePerRecipient) {
  const std::string community = NewCommunity();
  const std::string claimer = NewPerson(), wisher = NewPerson();
  pb::PublishEventRequest request = Event(community, {claimer, wisher});
  pb::PublishEventResponse first = Publish(request);
  EXPECT_EQ(first.event_id(), request.request_id());
  EXPECT_GT(first.sequence(), 0);
  EXPECT_EQ(first.messages(), 2);

  pb::PublishEventResponse again = Publish(request);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  const std::string id = request.request_id();
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE event_id = '" + id + "'"), "1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM messages WHERE event_id = '" + id + "'"), "2");
  EXPECT_EQ(Inbox(claimer).messages_size(), 1);
  EXPECT_EQ(Inbox(wisher).messages_size(), 1);
  EXPECT_EQ(Inbox(claimer).messages(0).event_id(), id);
  EXPECT_EQ(Inbox(claimer).messages(0).type(), "cn.tongxin.wish.confirmed");
  EXPECT_EQ(Inbox(claimer).messages(0).title(), "心愿已确认");
}

TEST_F(PublishTest, ARepeatAfterItsRequestIdWasPurgedStillStoresNothing) {
  const std::string community = NewCommunity();
  const std::string person = NewPerson(), latecomer = NewPerson();
  pb::PublishEventRequest request = Event(community, {person});
  pb::PublishEventResponse first = Publish(request);
  EXPECT_EQ(Scalar("WITH gone AS (DELETE FROM idempotency_keys WHERE request_id = '" +
                   request.request_id() + "' RETURNING 1) SELECT count(*) FROM gone"),
            "1");
  // The relay's copy names one more person: the stored event is the answer, nobody new gets it.
  request.add_notes()->CopyFrom(request.notes(0));
  request.mutable_notes(1)->set_recipient_id(latecomer);
  pb::PublishEventResponse again = Publish(request);
  EXPECT_EQ(again.sequence(), first.sequence());
  EXPECT_EQ(again.messages(), 1);
  EXPECT_EQ(Unread(latecomer), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE event_id = '" + request.request_id() + "'"),
            "1");
}

TEST_F(PublishTest, ConcurrentDuplicatesStoreOneEvent) {
  const std::string community = NewCommunity();
  std::vector<std::string> people;
  for (int i = 0; i < 50; ++i) people.push_back(NewPerson());
  const pb::PublishEventRequest request = Event(community, people);
  constexpr int kRelays = 8;
  std::promise<void> go;
  std::shared_future<void> started = go.get_future().share();
  std::vector<std::future<pb::PublishEventResponse>> answers;
  for (int i = 0; i < kRelays; ++i) {
    answers.push_back(std::async(std::launch::async, [&] {
      started.wait();
      pb::PublishEventResponse response;
      grpc::Status status = Call(&Stub::PublishEvent, WishesRelay(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      return response;
    }));
  }
  go.set_value();
  std::vector<pb::PublishEventResponse> got;
  for (auto& answer : answers) got.push_back(answer.get());
  for (const auto& response : got) {
    EXPECT_EQ(response.event_id(), request.request_id());
    EXPECT_EQ(response.sequence(), got[0].sequence());
    EXPECT_EQ(response.messages(), 50);
  }
  const std::string id = request.request_id();
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE event_id = '" + id + "'"), "1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM messages WHERE event_id = '" + id + "'"), "50");
  EXPECT_EQ(Unread(people[17]), 1);
}

TEST_F(PublishTest, ADuplicateNoteMakesOneMessage) {
  const std::string person = NewPerson();
  pb::PublishEventResponse published = Publish(Event(NewCommunity(), {person, person}));
  EXPECT_EQ(published.messages(), 1);
  EXPECT_EQ(Unread(person), 1);
}

TEST_F(PublishTest, AFeedOnlyEventMakesNoMessage) {
  const std::string community = NewCommunity();
  pb::PublishEventResponse published = Publish(Event(community));
  EXPECT_EQ(published.messages(), 0);
  pb::ListEventsResponse feed;
  ASSERT_TRUE(Feed(Admin(community), community, "", &feed).ok());
  ASSERT_EQ(feed.events_size(), 1);
  EXPECT_EQ(feed.events(0).id(), published.event_id());
}

TEST_F(PublishTest, OnlyTheSystemPublishes) {
  const std::string community = NewCommunity();
  for (const std::string& token :
       {Person("v-1"), Admin(community), Admin(kStreet), Grid(community)}) {
    pb::PublishEventResponse response;
    grpc::Status status = Call(&Stub::PublishEvent, token, Event(community, {"v-1"}), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
  pb::PublishEventResponse response;
  EXPECT_EQ(Call(&Stub::PublishEvent, "", Event(community), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE region_id = '" + community + "'"), "0");
}

// Each refusal names the field it is about, and stores nothing.
TEST_F(PublishTest, ValidationErrorsNameTheField) {
  const std::string community = NewCommunity();
  struct Case {
    std::string field;
    std::function<void(pb::PublishEventRequest&)> spoil;
  };
  const std::string long_body(501, 'x');
  std::string chinese_body;
  for (int i = 0; i < 501; ++i) chinese_body += "字";
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.set_request_id("not-a-uuid"); }},
      {"type", [](auto& r) { r.set_type(""); }},
      {"type", [](auto& r) { r.set_type("com.example.wish.confirmed"); }},
      {"type", [](auto& r) { r.set_type("cn.tongxin.wish"); }},
      {"type", [](auto& r) { r.set_type("cn.tongxin.Wish.confirmed"); }},
      {"region_id", [](auto& r) { r.set_region_id(""); }},
      {"region_id", [](auto& r) { r.set_region_id("11010500100"); }},
      {"region_id", [](auto& r) { r.set_region_id("beijing"); }},
      {"data", [](auto& r) { r.clear_data(); }},
      {"notes[1].recipient_id", [](auto& r) { r.mutable_notes(1)->set_recipient_id(""); }},
      {"notes[0].title", [](auto& r) { r.mutable_notes(0)->set_title(""); }},
      {"notes[0].title", [](auto& r) { r.mutable_notes(0)->set_title(std::string(61, 'T')); }},
      {"notes[1].body", [&](auto& r) { r.mutable_notes(1)->set_body(long_body); }},
      {"notes[1].body", [&](auto& r) { r.mutable_notes(1)->set_body(chinese_body); }},
      {"notes[0].link", [](auto& r) { r.mutable_notes(0)->set_link("https://evil.example/"); }},
  };
  for (const Case& c : cases) {
    pb::PublishEventRequest request = Event(community, {NewPerson(), NewPerson()});
    c.spoil(request);
    pb::PublishEventResponse response;
    grpc::Status status = Call(&Stub::PublishEvent, WishesRelay(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_TRUE(status.error_message().starts_with(c.field + ":"))
        << c.field << " / " << status.error_message();
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE region_id = '" + community + "'"), "0");
}

TEST_F(PublishTest, LimitsCountCharactersNotBytes) {
  std::string title, body;
  for (int i = 0; i < 60; ++i) title += "通";
  for (int i = 0; i < 500; ++i) body += "知";
  pb::PublishEventRequest request = Event(NewCommunity(), {NewPerson()});
  request.mutable_notes(0)->set_title(title);
  request.mutable_notes(0)->set_body(body + "");
  pb::PublishEventResponse published = Publish(request);
  EXPECT_EQ(published.messages(), 1);
}

TEST_F(PublishTest, AThousandNotesInOneRequest) {
  std::vector<std::string> people;
  for (int i = 0; i < 1000; ++i) people.push_back("many-" + std::to_string(i) + "-" + NewUuid());
  pb::PublishEventResponse published = Publish(Event(NewCommunity(), people));
  EXPECT_EQ(published.messages(), 1000);
  EXPECT_EQ(Unread(people[999]), 1);
}

// Ten thousand notes are the most one event carries. (Through gRPC such a request is bigger than
// the server's max_receive_bytes, 256 KiB by default: the domain is called as the handler does.)
TEST_F(PublishTest, TenThousandNotesAreTheLimit) {
  const Principal relay{"wishes-service", Role::kSystem, {}};
  notifications::Event event;
  event.event_id = NewUuid();
  event.type = "cn.tongxin.broadcast.sent";
  event.region_id = NewCommunity();
  event.data_json = "{}";
  std::vector<Note> notes;
  for (int i = 0; i <= kMaxNotes; ++i) {
    notes.push_back({"bulk-" + std::to_string(i) + "-" + event.event_id, "通知", "", ""});
  }
  auto publish = [&] {
    absl::StatusOr<Published> published;
    // The refusal is in `published`; the transaction's status says the same.
    (void)stack_->db->Transact({}, [&](Tx& tx) {
      published = stack_->service->feed().Publish(tx, relay, event, notes);
      return published.status();
    });
    return published;
  };
  absl::StatusOr<Published> refused = publish();
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(std::string(refused.status().message()).starts_with("notes:"))
      << refused.status().message();
  notes.pop_back();
  absl::StatusOr<Published> published = publish();
  ASSERT_TRUE(published.ok()) << published.status().message();
  EXPECT_EQ(published->messages, kMaxNotes);
  EXPECT_EQ(Unread(notes.back().recipient_id), 1);
}

TEST_F(PublishTest, TheSourceIsThePublishingService) {
  const std::string community = NewCommunity();
  Publish(Event(community));
  pb::PublishEventRequest by_points = Event(community, {}, "cn.tongxin.order.ready");
  pb::PublishEventResponse response;
  ASSERT_TRUE(
      Call(&Stub::PublishEvent, Token(Role::kSystem, "points-service"), by_points, &response).ok());
  pb::ListEventsResponse feed;
  ASSERT_TRUE(Feed(Admin(community), community, "", &feed).ok());
  ASSERT_EQ(feed.events_size(), 2);
  EXPECT_EQ(feed.events(0).source(), "/tongxin/wishes");
  EXPECT_EQ(feed.events(1).source(), "/tongxin/points");
}

}  // namespace
}  // namespace tongxin::notifications
