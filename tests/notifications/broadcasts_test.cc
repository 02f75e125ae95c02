// broadcasts_test: broadcasts (微广播) and call-outs end to end — an admin sends, the fan-out asks
// the volunteer service for the audience page by page and fills the inboxes exactly once (also
// when a fan-out is interrupted and redone), recipients answer a call-out and the admin sees the
// counts live; who may do what, and what a bad request is told.
#include <google/protobuf/util/json_util.h>

#include <map>
#include <nlohmann/json.hpp>

#include "tests/notifications/broadcasts_fixture.h"
#include "tests/notifications/event_schemas.h"

namespace tongxin::notifications::broadcast_tests {
namespace {

using Codes = grpc::StatusCode;

// ---- the audience ----

TEST_F(BroadcastsTest, AnAnnouncementReachesTheRegionsActiveVolunteersAndTheFeed) {
  npb::Broadcast sent = MustSend(Announcement(kCommunityA));
  EXPECT_EQ(sent.state(), npb::BROADCAST_STATE_FANNING_OUT);
  EXPECT_EQ(sent.sender_id(), "admin-a");
  EXPECT_FALSE(sent.has_counts());
  // The feed has it at once, without the sender; nobody's inbox yet.
  EXPECT_EQ(Scalar("SELECT type FROM events WHERE event_id = '" + sent.event_id() + "'"),
            "cn.tongxin.broadcast.sent");
  EXPECT_EQ(Scalar("SELECT data->>'title' FROM events WHERE event_id = '" + sent.event_id() + "'"),
            "防汛通知");
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE event_id = '" + sent.event_id() +
                   "' AND data::text LIKE '%admin-a%'"),
            "0");
  EXPECT_TRUE(Recipients(sent.broadcast_id()).empty());

  EXPECT_GE(FanOutAll(), 2);  // four recipients, two a page
  // The suspended volunteer and B's volunteer are not in it; B's party member reported to A is.
  EXPECT_EQ(Recipients(sent.broadcast_id()), Sorted({a_grid_, a_party_, a_team_, reported_}));
  npb::Broadcast delivered = Get(sent.broadcast_id());
  EXPECT_EQ(delivered.state(), npb::BROADCAST_STATE_DELIVERED);
  EXPECT_EQ(delivered.recipient_count(), 4);

  // The message in the inbox.
  npb::ListMessagesResponse inbox;
  ASSERT_TRUE(
      Call(&NStub::ListMessages, Volunteer(a_party_), npb::ListMessagesRequest(), &inbox).ok());
  ASSERT_GE(inbox.messages_size(), 1);
  EXPECT_EQ(inbox.messages(0).broadcast_id(), sent.broadcast_id());
  EXPECT_EQ(inbox.messages(0).title(), "防汛通知");
  EXPECT_EQ(inbox.messages(0).type(), "cn.tongxin.broadcast.sent");
}

TEST_F(BroadcastsTest, PartyMembersATeamOrAGridNarrowTheAudience) {
  auto party = Announcement(kCommunityA);
  party.mutable_audience()->set_party_members_only(true);
  auto team = Announcement(kCommunityA);
  team.mutable_audience()->set_team_id(team_);
  auto grid = Announcement(kCommunityA);
  grid.mutable_audience()->set_grid_id(kGridA1);
  auto street = Announcement(kStreet);
  npb::Broadcast to_party = MustSend(party);
  npb::Broadcast to_team = MustSend(team);
  npb::Broadcast to_grid = MustSend(grid);
  npb::Broadcast to_street = MustSend(street, StreetAdmin());
  FanOutAll();
  EXPECT_EQ(Recipients(to_party.broadcast_id()), Sorted({a_party_, reported_}));
  EXPECT_EQ(Recipients(to_team.broadcast_id()), Sorted({a_team_, reported_}));
  EXPECT_EQ(Recipients(to_grid.broadcast_id()), std::vector<std::string>{a_grid_});
  EXPECT_EQ(Recipients(to_street.broadcast_id()),
            Sorted({a_grid_, a_party_, a_team_, b_, reported_}));
  EXPECT_EQ(Get(to_team.broadcast_id()).recipient_count(), 2);
  EXPECT_EQ(Get(to_street.broadcast_id(), StreetAdmin()).recipient_count(), 5);
}

TEST_F(BroadcastsTest, AGridRegionReachesOnlyTheGridsVolunteers) {
  // Not the whole community the grid lies in: the grid is the audience's grid.
  npb::Broadcast sent = MustSend(Announcement(kGridA1));
  EXPECT_EQ(sent.audience().grid_id(), kGridA1);
  FanOutAll();
  EXPECT_EQ(Recipients(sent.broadcast_id()), std::vector<std::string>{a_grid_});
  EXPECT_EQ(Get(sent.broadcast_id()).recipient_count(), 1);
  // Naming the same grid again is allowed; another grid is not.
  auto same = Announcement(kGridA1);
  same.mutable_audience()->set_grid_id(kGridA1);
  EXPECT_EQ(MustSend(same).audience().grid_id(), kGridA1);
  auto other = Announcement(kGridA1);
  other.mutable_audience()->set_grid_id("411502001001002");
  npb::Broadcast out;
  grpc::Status status = Call(&NStub::SendBroadcast, AdminA(), other, &out);
  EXPECT_EQ(status.error_code(), Codes::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("audience.grid_id:", 0), 0u) << status.error_message();
  FanOutAll();
}

TEST_F(BroadcastsTest, AnInterruptedFanOutResumedOrRedoneDeliversEachRecipientOnce) {
  npb::Broadcast sent = MustSend(Announcement(kStreet), StreetAdmin());
  // The first page only, then the job "dies".
  ASSERT_EQ(*notifications_->service->fanout().RunOnce(), 1);
  EXPECT_EQ(Recipients(sent.broadcast_id()).size(), 2u);
  EXPECT_EQ(Get(sent.broadcast_id(), StreetAdmin()).state(), npb::BROADCAST_STATE_FANNING_OUT);
  // A run that took the first page again (its lease ran out while it worked, and the page token
  // it read was the first): the stored progress is rewound to it.
  Scalar(
      "UPDATE broadcasts SET fanout_page_token = '', fanout_lease_until = NULL WHERE "
      "broadcast_id = '" +
      sent.broadcast_id() + "' RETURNING 1");
  FanOutAll();
  const auto all = Sorted({a_grid_, a_party_, a_team_, b_, reported_});
  EXPECT_EQ(Recipients(sent.broadcast_id()), all);
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM messages WHERE broadcast_id = '" + sent.broadcast_id() + "'"),
      "5");
  npb::Broadcast delivered = Get(sent.broadcast_id(), StreetAdmin());
  EXPECT_EQ(delivered.state(), npb::BROADCAST_STATE_DELIVERED);
  EXPECT_EQ(delivered.recipient_count(), 5);
  // Delivered stays delivered: nothing more to do.
  EXPECT_EQ(*notifications_->service->fanout().RunOnce(), 0);
}

TEST_F(BroadcastsTest, AFanOutHeldByAnotherRunIsLeftAloneUntilItsLeaseEnds) {
  npb::Broadcast sent = MustSend(Announcement(kCommunityB), AdminB());
  Scalar(
      "UPDATE broadcasts SET fanout_lease_until = now() + interval '1 day' WHERE "
      "broadcast_id = '" +
      sent.broadcast_id() + "' RETURNING 1");
  // The test clock is in 2026; the lease (a day past the database's now) is after it.
  EXPECT_EQ(*notifications_->service->fanout().RunOnce(), 0);
  EXPECT_TRUE(Recipients(sent.broadcast_id()).empty());
  Scalar("UPDATE broadcasts SET fanout_lease_until = NULL WHERE broadcast_id = '" +
         sent.broadcast_id() + "' RETURNING 1");
  FanOutAll();
  // B's own volunteers: its party member reported to A lives in B.
  EXPECT_EQ(Recipients(sent.broadcast_id()), Sorted({b_, reported_}));
}

TEST_F(BroadcastsTest, TheFeedDataOfAnAnnouncementAndACallOutKeepToDocsEventsMd) {
  const auto schemas =
      tongxin::testing::EventSchemas(std::string(TONGXIN_SOURCE_DIR) + "/docs/events.md");
  auto announcement = Announcement(kCommunityA);
  announcement.mutable_audience()->set_team_id(team_);
  announcement.mutable_audience()->set_party_members_only(true);
  const std::vector<npb::Broadcast> sent = {MustSend(announcement),
                                            MustSend(CallOutRequest(kCommunityA))};
  npb::ListEventsRequest request;
  request.set_region_id(kCommunityA);
  request.set_page_size(500);
  request.add_types("cn.tongxin.broadcast.sent");
  request.add_types("cn.tongxin.callout.sent");
  std::map<std::string, npb::CloudEvent> feed;  // by event id
  for (int page = 0; page < 100; ++page) {
    npb::ListEventsResponse response;
    ASSERT_TRUE(Call(&NStub::ListEvents, AdminA(), request, &response).ok());
    for (const auto& event : response.events()) feed[event.id()] = event;
    if (response.events_size() < request.page_size()) break;
    request.set_after(response.next_after());
  }
  for (const npb::Broadcast& broadcast : sent) {
    auto event = feed.find(broadcast.event_id());
    ASSERT_NE(event, feed.end()) << broadcast.broadcast_id() << " is not in the feed";
    EXPECT_EQ(event->second.source(), "/tongxin/notifications");
    auto schema = schemas.find(event->second.type());
    ASSERT_NE(schema, schemas.end()) << event->second.type() << " is not in docs/events.md";
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(event->second.data(), &json).ok());
    EXPECT_EQ(tongxin::testing::SchemaError(schema->second, nlohmann::json::parse(json)), "")
        << event->second.type() << ": " << json;
  }
  FanOutAll();
}

// ---- call-outs ----

class CallOutTest : public BroadcastsTest {
 protected:
  static grpc::Status Answer(const std::string& volunteer, const std::string& broadcast_id,
                             npb::CallOutReply reply, npb::CallOutAnswer* out = nullptr,
                             const std::string& request_id = "") {
    npb::AnswerCallOutRequest request;
    request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
    request.set_broadcast_id(broadcast_id);
    request.set_reply(reply);
    npb::CallOutAnswer answer;
    return Call(&NStub::AnswerCallOut, Volunteer(volunteer), request, out ? out : &answer);
  }
};

TEST_F(CallOutTest, RecipientsAnswerAndTheAdminSeesTheCountsLive) {
  npb::Broadcast sent = MustSend(CallOutRequest(kCommunityA));
  EXPECT_EQ(Scalar("SELECT type FROM events WHERE event_id = '" + sent.event_id() + "'"),
            "cn.tongxin.callout.sent");
  FanOutAll();
  npb::Broadcast fresh = Get(sent.broadcast_id());
  EXPECT_EQ(fresh.counts().unanswered(), 4);
  EXPECT_EQ(fresh.call_out().place(), "河南路社区东门");

  ASSERT_TRUE(Answer(a_grid_, sent.broadcast_id(), npb::CALL_OUT_REPLY_COMING).ok());
  ASSERT_TRUE(Answer(a_party_, sent.broadcast_id(), npb::CALL_OUT_REPLY_CANNOT).ok());
  clock_->Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Answer(reported_, sent.broadcast_id(), npb::CALL_OUT_REPLY_COMING).ok());
  npb::Broadcast counted = Get(sent.broadcast_id());
  EXPECT_EQ(counted.counts().coming(), 2);
  EXPECT_EQ(counted.counts().cannot(), 1);
  EXPECT_EQ(counted.counts().unanswered(), 1);

  // A changed answer counts once, as its new reply.
  clock_->Advance(std::chrono::minutes(1));
  npb::CallOutAnswer changed;
  const std::string retry_id = NextRequestId();
  ASSERT_TRUE(
      Answer(a_grid_, sent.broadcast_id(), npb::CALL_OUT_REPLY_CANNOT, &changed, retry_id).ok());
  EXPECT_EQ(changed.reply(), npb::CALL_OUT_REPLY_CANNOT);
  // A retry of the same request gets the first answer.
  npb::CallOutAnswer retried;
  ASSERT_TRUE(
      Answer(a_grid_, sent.broadcast_id(), npb::CALL_OUT_REPLY_CANNOT, &retried, retry_id).ok());
  EXPECT_EQ(retried.answer_time().seconds(), changed.answer_time().seconds());
  counted = Get(sent.broadcast_id());
  EXPECT_EQ(counted.counts().coming(), 1);
  EXPECT_EQ(counted.counts().cannot(), 2);
  EXPECT_EQ(counted.counts().unanswered(), 1);

  // Who answered, newest first; only those coming.
  npb::ListCallOutAnswersRequest list;
  list.set_broadcast_id(sent.broadcast_id());
  npb::ListCallOutAnswersResponse answers;
  ASSERT_TRUE(Call(&NStub::ListCallOutAnswers, AdminA(), list, &answers).ok());
  ASSERT_EQ(answers.answers_size(), 3);
  EXPECT_EQ(answers.answers(0).volunteer_id(), a_grid_);
  EXPECT_EQ(answers.answers(1).volunteer_id(), reported_);
  list.set_reply(npb::CALL_OUT_REPLY_COMING);
  list.set_page_size(1);
  ASSERT_TRUE(Call(&NStub::ListCallOutAnswers, StreetAdmin(), list, &answers).ok());
  ASSERT_EQ(answers.answers_size(), 1);
  EXPECT_EQ(answers.answers(0).volunteer_id(), reported_);
  // Out of scope: as if there were none.
  EXPECT_EQ(Call(&NStub::ListCallOutAnswers, AdminB(), list, &answers).error_code(),
            Codes::NOT_FOUND);

  // The recipient's inbox carries the call-out and their own answer.
  npb::ListMessagesResponse inbox;
  ASSERT_TRUE(
      Call(&NStub::ListMessages, Volunteer(a_grid_), npb::ListMessagesRequest(), &inbox).ok());
  bool found = false;
  for (const auto& message : inbox.messages()) {
    if (message.broadcast_id() != sent.broadcast_id()) continue;
    found = true;
    EXPECT_EQ(message.call_out().place(), "河南路社区东门");
    EXPECT_EQ(message.my_reply(), npb::CALL_OUT_REPLY_CANNOT);
  }
  EXPECT_TRUE(found);
}

TEST_F(CallOutTest, OnlyRecipientsAnswerAndOnlyUntilTheEnd) {
  npb::Broadcast sent = MustSend(CallOutRequest(kCommunityA, std::chrono::hours(2)));
  FanOutAll();
  // B's volunteer got no message: for them there is no such call-out. An admin is no recipient.
  EXPECT_EQ(Answer(b_, sent.broadcast_id(), npb::CALL_OUT_REPLY_COMING).error_code(),
            Codes::NOT_FOUND);
  npb::AnswerCallOutRequest by_admin;
  by_admin.set_request_id(NextRequestId());
  by_admin.set_broadcast_id(sent.broadcast_id());
  by_admin.set_reply(npb::CALL_OUT_REPLY_COMING);
  npb::CallOutAnswer answer;
  EXPECT_EQ(Call(&NStub::AnswerCallOut, AdminA(), by_admin, &answer).error_code(),
            Codes::PERMISSION_DENIED);
  EXPECT_EQ(Answer(a_party_, sent.broadcast_id(), npb::CALL_OUT_REPLY_UNSPECIFIED).error_code(),
            Codes::INVALID_ARGUMENT);
  EXPECT_EQ(Answer(a_party_, "0b6c2a3e-8f1d-4c55-9a77-2f0e6d1c9b40", npb::CALL_OUT_REPLY_COMING)
                .error_code(),
            Codes::NOT_FOUND);
  // An announcement takes no answer.
  npb::Broadcast announcement = MustSend(Announcement(kCommunityA));
  FanOutAll();
  EXPECT_EQ(Answer(a_party_, announcement.broadcast_id(), npb::CALL_OUT_REPLY_COMING).error_code(),
            Codes::FAILED_PRECONDITION);

  ASSERT_TRUE(Answer(a_party_, sent.broadcast_id(), npb::CALL_OUT_REPLY_COMING).ok());
  clock_->Advance(std::chrono::hours(3));  // past its end
  EXPECT_EQ(Answer(a_party_, sent.broadcast_id(), npb::CALL_OUT_REPLY_CANNOT).error_code(),
            Codes::FAILED_PRECONDITION);
  EXPECT_EQ(Get(sent.broadcast_id()).counts().coming(), 1);
}

// ---- who may ----

TEST_F(BroadcastsTest, OnlyAdminsInScopeSendReadAndList) {
  auto to_a = Announcement(kCommunityA);
  npb::Broadcast out;
  EXPECT_EQ(Call(&NStub::SendBroadcast, Volunteer(a_party_), to_a, &out).error_code(),
            Codes::PERMISSION_DENIED);
  EXPECT_EQ(Call(&NStub::SendBroadcast, AdminB(), to_a, &out).error_code(),
            Codes::PERMISSION_DENIED);
  EXPECT_EQ(Call(&NStub::SendBroadcast, OtherStreetAdmin(), to_a, &out).error_code(),
            Codes::PERMISSION_DENIED);
  EXPECT_EQ(Call(&NStub::SendBroadcast, "", to_a, &out).error_code(), Codes::UNAUTHENTICATED);
  // A community admin may not address the whole street.
  EXPECT_EQ(Call(&NStub::SendBroadcast, AdminA(), Announcement(kStreet), &out).error_code(),
            Codes::PERMISSION_DENIED);

  clock_->Advance(std::chrono::seconds(1));  // newer than every broadcast before it
  npb::Broadcast sent = MustSend(to_a);
  npb::GetBroadcastRequest get;
  get.set_broadcast_id(sent.broadcast_id());
  // Out of scope: as if there were none.
  EXPECT_EQ(Call(&NStub::GetBroadcast, AdminB(), get, &out).error_code(), Codes::NOT_FOUND);
  EXPECT_EQ(Call(&NStub::GetBroadcast, OtherStreetAdmin(), get, &out).error_code(),
            Codes::NOT_FOUND);
  EXPECT_EQ(Call(&NStub::GetBroadcast, Volunteer(a_party_), get, &out).error_code(),
            Codes::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&NStub::GetBroadcast, StreetAdmin(), get, &out).ok());

  npb::ListBroadcastsRequest list;
  list.set_region_id(kCommunityA);
  npb::ListBroadcastsResponse listed;
  EXPECT_EQ(Call(&NStub::ListBroadcasts, AdminB(), list, &listed).error_code(),
            Codes::PERMISSION_DENIED);
  EXPECT_EQ(Call(&NStub::ListBroadcasts, Volunteer(a_party_), list, &listed).error_code(),
            Codes::PERMISSION_DENIED);
  // The street admin lists the street's, its communities' among them, newest first.
  list.set_region_id(kStreet);
  ASSERT_TRUE(Call(&NStub::ListBroadcasts, StreetAdmin(), list, &listed).ok());
  ASSERT_GE(listed.broadcasts_size(), 1);
  EXPECT_EQ(listed.broadcasts(0).broadcast_id(), sent.broadcast_id());
  // Page by page, each once.
  list.set_page_size(1);
  std::vector<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(Call(&NStub::ListBroadcasts, StreetAdmin(), list, &listed).ok());
    for (const auto& b : listed.broadcasts()) seen.push_back(b.broadcast_id());
    if (listed.next_page_token().empty()) break;
    list.set_page_token(listed.next_page_token());
  }
  EXPECT_EQ(seen.front(), sent.broadcast_id());
  auto unique = Sorted(seen);
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
  EXPECT_GE(seen.size(), 3u);
  FanOutAll();
}

TEST_F(BroadcastsTest, ARetryReturnsTheFirstBroadcast) {
  auto request = Announcement(kCommunityB);
  npb::Broadcast first = MustSend(request, AdminB());
  npb::Broadcast again = MustSend(request, AdminB());
  EXPECT_EQ(again.broadcast_id(), first.broadcast_id());
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM broadcasts WHERE broadcast_id = '" + first.broadcast_id() + "'"),
      "1");
  FanOutAll();
}

// ---- what a bad request is told ----

TEST_F(BroadcastsTest, BadRequestsAreNamed) {
  auto check = [](npb::SendBroadcastRequest request, const std::string& field) {
    request.set_request_id(NextRequestId());
    npb::Broadcast out;
    grpc::Status status = Call(&NStub::SendBroadcast, StreetAdmin(), request, &out);
    EXPECT_EQ(status.error_code(), Codes::INVALID_ARGUMENT) << field;
    EXPECT_EQ(status.error_message().rfind(field + ":", 0), 0u)
        << field << " / " << status.error_message();
  };
  auto r = Announcement(kCommunityA);
  r.set_region_id("4115");
  check(r, "region_id");
  r = Announcement(kCommunityA);
  r.set_kind(npb::BROADCAST_KIND_UNSPECIFIED);
  check(r, "kind");
  r = Announcement(kCommunityA);
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "通";
  r.set_title(sixty);  // 60 characters (180 bytes) is allowed …
  npb::Broadcast ok;
  ASSERT_TRUE(Call(&NStub::SendBroadcast, StreetAdmin(), r, &ok).ok());
  r.set_title(sixty + "知");  // … 61 is not
  check(r, "title");
  r = Announcement(kCommunityA);
  r.set_title("");
  check(r, "title");
  r = Announcement(kCommunityA);
  std::string thousand;
  for (int i = 0; i < 1000; ++i) thousand += "字";
  r.set_body(thousand + "!");
  check(r, "body");
  r = Announcement(kCommunityA);
  r.mutable_audience()->set_grid_id("411502001002001");  // B's grid
  check(r, "audience.grid_id");
  r = Announcement(kCommunityA);
  r.mutable_audience()->set_team_id("team-1");
  check(r, "audience.team_id");
  r = Announcement(kCommunityA);
  r.mutable_call_out()->set_place("东门");
  check(r, "call_out");
  r = CallOutRequest(kCommunityA);
  r.clear_call_out();
  check(r, "call_out");
  r = CallOutRequest(kCommunityA);
  r.mutable_call_out()->set_place("");
  check(r, "call_out.place");
  r = CallOutRequest(kCommunityA);
  *r.mutable_call_out()->mutable_end_time() = r.call_out().start_time();
  check(r, "call_out.end_time");
  r = CallOutRequest(kCommunityA);
  r.mutable_call_out()->clear_start_time();
  check(r, "call_out.start_time");
  r = CallOutRequest(kCommunityA);
  r.mutable_call_out()->mutable_start_time()->set_seconds(
      std::chrono::system_clock::to_time_t(clock_->Now() - std::chrono::hours(3)));
  r.mutable_call_out()->mutable_end_time()->set_seconds(
      std::chrono::system_clock::to_time_t(clock_->Now() - std::chrono::hours(1)));
  check(r, "call_out.end_time");
  r = CallOutRequest(kCommunityA);
  r.mutable_call_out()->set_wanted(-1);
  check(r, "call_out.wanted");
  FanOutAll();
}

}  // namespace
}  // namespace tongxin::notifications::broadcast_tests
