// The inbox: each person sees and marks only their own messages, newest first in pages, with
// the unread count; marking is once per request_id.
#include "tests/notifications/notifications_test.h"

namespace tongxin::notifications {
namespace {

class InboxTest : public NotificationsTest {
 protected:
  static pb::MarkMessagesReadResponse MarkRead(const std::string& person,
                                               const std::vector<std::string>& ids,
                                               bool all = false, std::string request_id = "") {
    pb::MarkMessagesReadRequest request;
    request.set_request_id(request_id.empty() ? NewUuid() : request_id);
    for (const auto& id : ids) request.add_message_ids(id);
    request.set_all(all);
    pb::MarkMessagesReadResponse response;
    grpc::Status status = Call(&Stub::MarkMessagesRead, Person(person), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
};

TEST_F(InboxTest, APersonSeesOnlyTheirOwnMessages) {
  const std::string community = NewCommunity();
  const std::string alice = NewPerson(), bob = NewPerson();
  Publish(Event(community, {alice}));
  Publish(Event(community, {bob}));
  Publish(Event(community, {alice, bob}));
  pb::ListMessagesResponse alices = Inbox(alice);
  pb::ListMessagesResponse bobs = Inbox(bob);
  ASSERT_EQ(alices.messages_size(), 2);
  ASSERT_EQ(bobs.messages_size(), 2);
  for (const auto& mine : alices.messages()) {
    for (const auto& theirs : bobs.messages()) EXPECT_NE(mine.message_id(), theirs.message_id());
  }
  EXPECT_EQ(Unread(alice), 2);
  EXPECT_EQ(alices.unread_count(), 2);
  // Nobody else's inbox: an admin, the system and a stranger see empty ones of their own.
  EXPECT_EQ(Inbox(NewPerson()).messages_size(), 0);
  pb::ListMessagesResponse admins;
  ASSERT_TRUE(Call(&Stub::ListMessages, Admin(community), pb::ListMessagesRequest{}, &admins).ok());
  EXPECT_EQ(admins.messages_size(), 0);
}

TEST_F(InboxTest, AnotherPersonsMessageIsNotFoundAndStaysUnread) {
  const std::string alice = NewPerson(), bob = NewPerson();
  Publish(Event(NewCommunity(), {alice}));
  const std::string alices_message = Inbox(alice).messages(0).message_id();
  pb::MarkMessagesReadRequest request;
  request.set_request_id(NewUuid());
  request.add_message_ids(alices_message);
  pb::MarkMessagesReadResponse response;
  grpc::Status status = Call(&Stub::MarkMessagesRead, Person(bob), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(status.error_message().starts_with("message_ids[0]:")) << status.error_message();
  // The same answer as an id nobody has.
  request.set_request_id(NewUuid());
  request.set_message_ids(0, NewUuid());
  EXPECT_EQ(Call(&Stub::MarkMessagesRead, Person(bob), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Unread(alice), 1);
  // Even all of Bob's: Alice's stays unread.
  MarkRead(bob, {}, /*all=*/true);
  EXPECT_EQ(Unread(alice), 1);
}

TEST_F(InboxTest, MarkNamedAndAllWithTheUnreadCount) {
  const std::string person = NewPerson();
  const std::string community = NewCommunity();
  for (int i = 0; i < 4; ++i) {
    Publish(Event(community, {person}));
    clock_->Advance(std::chrono::seconds(1));
  }
  EXPECT_EQ(Unread(person), 4);
  pb::ListMessagesResponse inbox = Inbox(person);
  ASSERT_EQ(inbox.messages_size(), 4);
  const std::string newest = inbox.messages(0).message_id();

  pb::MarkMessagesReadResponse named = MarkRead(person, {newest});
  EXPECT_EQ(named.marked(), 1);
  EXPECT_EQ(named.unread_count(), 3);
  // Read stays read: marking it again marks nothing.
  EXPECT_EQ(MarkRead(person, {newest}).marked(), 0);
  pb::ListMessagesResponse unread = Inbox(person, /*unread_only=*/true);
  EXPECT_EQ(unread.messages_size(), 3);
  for (const auto& message : unread.messages()) {
    EXPECT_NE(message.message_id(), newest);
    EXPECT_FALSE(message.has_read_time());
  }
  EXPECT_TRUE(Inbox(person).messages(0).has_read_time());

  pb::MarkMessagesReadResponse all = MarkRead(person, {}, /*all=*/true);
  EXPECT_EQ(all.marked(), 3);
  EXPECT_EQ(all.unread_count(), 0);
  EXPECT_EQ(Unread(person), 0);
  // A message that comes after "all" is unread.
  Publish(Event(community, {person}));
  EXPECT_EQ(Unread(person), 1);
}

TEST_F(InboxTest, MarkingIsOncePerRequestId) {
  const std::string person = NewPerson();
  const std::string community = NewCommunity();
  Publish(Event(community, {person}));
  const std::string request_id = NewUuid();
  pb::MarkMessagesReadResponse first = MarkRead(person, {}, true, request_id);
  EXPECT_EQ(first.marked(), 1);
  Publish(Event(community, {person}));
  // The retry answers as the first time and marks nothing new.
  pb::MarkMessagesReadResponse retry = MarkRead(person, {}, true, request_id);
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Unread(person), 1);
  // The same id from another person is their own.
  const std::string other = NewPerson();
  Publish(Event(community, {other}));
  EXPECT_EQ(MarkRead(other, {}, true, request_id).marked(), 1);
}

TEST_F(InboxTest, MarkRefusalsNameTheField) {
  const std::string person = NewPerson();
  Publish(Event(NewCommunity(), {person}));
  const std::string mine = Inbox(person).messages(0).message_id();
  struct Case {
    std::string field;
    std::vector<std::string> ids;
    bool all;
  };
  std::vector<std::string> too_many(101, mine);
  for (const Case& c : std::vector<Case>{{"message_ids", {}, false},
                                         {"message_ids", {mine}, true},
                                         {"message_ids", too_many, false},
                                         {"message_ids[1]", {mine, "42"}, false}}) {
    pb::MarkMessagesReadRequest request;
    request.set_request_id(NewUuid());
    for (const auto& id : c.ids) request.add_message_ids(id);
    request.set_all(c.all);
    pb::MarkMessagesReadResponse response;
    grpc::Status status = Call(&Stub::MarkMessagesRead, Person(person), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_TRUE(status.error_message().starts_with(c.field + ":")) << status.error_message();
  }
  pb::MarkMessagesReadRequest no_id;
  no_id.set_all(true);
  pb::MarkMessagesReadResponse response;
  grpc::Status status = Call(&Stub::MarkMessagesRead, Person(person), no_id, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Unread(person), 1);
}

TEST_F(InboxTest, PagesNewestFirstWithoutGapsOrRepeats) {
  const std::string person = NewPerson();
  const std::string community = NewCommunity();
  std::vector<std::string> events;
  for (int i = 0; i < 7; ++i) {
    events.push_back(Publish(Event(community, {person})).event_id());
    // Two of them in the same microsecond: the id breaks the tie.
    if (i != 2) clock_->Advance(std::chrono::milliseconds(10));
  }
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    pb::ListMessagesResponse page = Inbox(person, false, 3, token);
    EXPECT_LE(page.messages_size(), 3);
    for (const auto& message : page.messages()) seen.push_back(message.event_id());
    token = page.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 7u);
  // Newest first; the two of one instant in either order.
  EXPECT_EQ(seen[0], events[6]);
  EXPECT_EQ(seen[1], events[5]);
  EXPECT_EQ(seen[6], events[0]);
  std::vector<std::string> sorted_seen = seen, sorted_events = events;
  std::sort(sorted_seen.begin(), sorted_seen.end());
  std::sort(sorted_events.begin(), sorted_events.end());
  EXPECT_EQ(sorted_seen, sorted_events);

  pb::ListMessagesRequest bad;
  bad.set_page_token("not-a-token");
  pb::ListMessagesResponse response;
  grpc::Status status = Call(&Stub::ListMessages, Person(person), bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(status.error_message().starts_with("page_token:")) << status.error_message();
  bad.set_page_token("");
  bad.set_page_size(-1);
  status = Call(&Stub::ListMessages, Person(person), bad, &response);
  EXPECT_TRUE(status.error_message().starts_with("page_size:")) << status.error_message();
}

}  // namespace
}  // namespace tongxin::notifications
