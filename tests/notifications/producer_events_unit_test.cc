// The events the producing services publish to the notifications service, as their pure builders
// make them: type, subject, region, time, the feed's data (ids, counts, titles, masked names:
// never a full name, an ID number or a phone) and one inbox note per person concerned.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "services/clients/notification_events.h"
#include "services/points/events.h"
#include "services/posts/events.h"
#include "services/volunteer/events.h"
#include "services/wishes/events.h"

namespace tongxin {
namespace {

using notifications::v1::PublishEventRequest;
using std::chrono::hours;

// 2026-06-15 12:00 UTC.
const auto kNow = std::chrono::system_clock::from_time_t(1781524800);
constexpr char kCommunity[] = "411502001001";
constexpr char kFullName[] = "张三丰";
constexpr char kIdNumber[] = "41150219900101123X";
constexpr char kPhone[] = "13800001234";

std::string Str(const PublishEventRequest& e, const std::string& key) {
  auto it = e.data().fields().find(key);
  return it == e.data().fields().end() ? "<absent>" : it->second.string_value();
}
double Num(const PublishEventRequest& e, const std::string& key) {
  auto it = e.data().fields().find(key);
  return it == e.data().fields().end() ? -1 : it->second.number_value();
}

// Nothing in the event, data or notes, carries the full name, the ID number or the phone.
void ExpectNoPersonalData(const PublishEventRequest& e) {
  std::string all = e.DebugString();
  EXPECT_EQ(all.find(kFullName), std::string::npos) << all;
  EXPECT_EQ(all.find(kIdNumber), std::string::npos) << all;
  EXPECT_EQ(all.find(kPhone), std::string::npos) << all;
  for (const auto& note : e.notes()) {
    EXPECT_FALSE(note.title().empty());
    EXPECT_FALSE(note.body().empty());
    EXPECT_EQ(note.link().rfind("/m/", 0), 0u) << note.link();
  }
  EXPECT_EQ(e.request_id(), "");  // set to the outbox event id when enqueued
}

wishes::Wish ClaimedWish() {
  wishes::Wish wish;
  wish.wish_id = "0f0e0d0c-0000-4000-8000-000000000001";
  wish.community_id = kCommunity;
  wish.grid_id = "411502001001001";
  wish.category = wishes::Category::kStudySupplies;
  wish.description = std::string("给孩子买书包，联系") + kPhone;
  wish.wisher_name_masked = "王**";
  wish.state = wishes::WishState::kClaimed;
  wish.submitted_by = "resident-1";
  wish.claimer_id = "v1";
  wish.claimer_name = kFullName;
  wish.claimed_at = kNow;
  wish.last_claim_time = kNow;
  wish.claim_deadline = kNow + hours(168);
  wish.create_time = kNow - hours(48);
  return wish;
}

TEST(ProducerEventsTest, PublishEventIsTheNotificationsServicesMethod) {
  EXPECT_EQ(clients::PublishEventMethod().full_name(),
            "tongxin.notifications.v1.NotificationsService.PublishEvent");
  EXPECT_EQ(DestinationOf(*clients::PublishEventMethod().service()), "notifications");
}

TEST(ProducerEventsTest, NotesAreCutToTheInboxLimitsOnWholeCharacters) {
  EXPECT_EQ(clients::Utf8Chars("志愿服务", 2), "志愿");
  EXPECT_EQ(clients::Utf8Chars("ab", 5), "ab");
  PublishEventRequest e = clients::NewEvent("cn.tongxin.test.x", "x/1", kCommunity, kNow);
  std::string long_title(100, 'a');
  std::string long_body;
  for (int i = 0; i < 600; ++i) long_body += "长";
  clients::AddNote(e, "v1", long_title, long_body, "/m/me");
  clients::AddNote(e, "", "nobody", "nobody", "/m/me");  // no recipient: no note
  ASSERT_EQ(e.notes_size(), 1);
  EXPECT_EQ(e.notes(0).title().size(), 60u);
  EXPECT_EQ(e.notes(0).body().size(), 500u * 3);  // 500 characters of 3 bytes
  EXPECT_TRUE(e.has_data());
  EXPECT_EQ(e.occurred_at().seconds(), std::chrono::system_clock::to_time_t(kNow));
}

TEST(ProducerEventsTest, AClaimedWishTellsItsSubmitterWithTheClaimersMaskedName) {
  auto e = wishes::WishClaimedEvent(ClaimedWish());
  EXPECT_EQ(e.type(), "cn.tongxin.wish.claimed");
  EXPECT_EQ(e.subject(), "wishes/0f0e0d0c-0000-4000-8000-000000000001");
  EXPECT_EQ(e.region_id(), kCommunity);
  EXPECT_EQ(e.occurred_at().seconds(), std::chrono::system_clock::to_time_t(kNow));
  EXPECT_EQ(Str(e, "wish_id"), "0f0e0d0c-0000-4000-8000-000000000001");
  EXPECT_EQ(Str(e, "category"), "study_supplies");
  EXPECT_EQ(Str(e, "claimer_name_masked"), "张**");
  EXPECT_EQ(Str(e, "claim_deadline"), "2026-06-22T12:00:00Z");
  EXPECT_EQ(Str(e, "description"), "<absent>");  // the wisher's free text stays home
  ASSERT_EQ(e.notes_size(), 1);
  EXPECT_EQ(e.notes(0).recipient_id(), "resident-1");
  EXPECT_NE(e.notes(0).body().find("张**"), std::string::npos);
  ExpectNoPersonalData(e);
}

TEST(ProducerEventsTest, AConfirmedOrSentBackWishTellsAVolunteerClaimerOnly) {
  wishes::Wish wish = ClaimedWish();
  wish.state = wishes::WishState::kConfirmed;
  wish.service_hours = 1.5;
  wish.confirm_time = kNow + hours(24);
  auto confirmed = wishes::WishConfirmedEvent(wish);
  EXPECT_EQ(confirmed.type(), "cn.tongxin.wish.confirmed");
  EXPECT_DOUBLE_EQ(Num(confirmed, "service_hours"), 1.5);
  ASSERT_EQ(confirmed.notes_size(), 1);
  EXPECT_EQ(confirmed.notes(0).recipient_id(), "v1");
  EXPECT_NE(confirmed.notes(0).body().find("1.5 小时"), std::string::npos);
  ExpectNoPersonalData(confirmed);

  wish.state = wishes::WishState::kClaimed;
  wish.reason = "照片看不清，请补拍";
  auto sent_back = wishes::WishSentBackEvent(wish, kNow + hours(2));
  EXPECT_EQ(sent_back.type(), "cn.tongxin.wish.sent_back");
  EXPECT_EQ(sent_back.occurred_at().seconds(),
            std::chrono::system_clock::to_time_t(kNow + hours(2)));
  ASSERT_EQ(sent_back.notes_size(), 1);
  EXPECT_EQ(sent_back.notes(0).recipient_id(), "v1");
  EXPECT_NE(sent_back.notes(0).body().find("照片看不清"), std::string::npos);
  EXPECT_EQ(sent_back.data().DebugString().find("照片看不清"), std::string::npos);  // inbox only
  ExpectNoPersonalData(sent_back);

  wish.claimer_id = "unit:同心物业";  // a unit has no inbox
  wish.claimer_name = "同心物业";
  EXPECT_EQ(wishes::WishConfirmedEvent(wish).notes_size(), 0);
  EXPECT_EQ(wishes::WishSentBackEvent(wish, kNow).notes_size(), 0);
  EXPECT_TRUE(wishes::WishConfirmedEvent(wish).data().fields().at("claimed_by_unit").bool_value());
}

posts::ReviewedLog Reviewed() {
  posts::ReviewedLog reviewed;
  reviewed.log.log_id = "0f0e0d0c-0000-4000-8000-0000000000aa";
  reviewed.log.post_id = "0f0e0d0c-0000-4000-8000-0000000000bb";
  reviewed.log.community_id = kCommunity;
  reviewed.log.adopter_id = "v1";
  reviewed.log.service_date = "2026-06-13";
  reviewed.log.hours = 2.5;
  reviewed.log.summary = std::string("帮助独居老人，电话") + kPhone;
  reviewed.log.review_time = kNow;
  reviewed.adoption.adoption_id = "0f0e0d0c-0000-4000-8000-0000000000cc";
  reviewed.adoption.post_id = reviewed.log.post_id;
  reviewed.adoption.adopter_id = "v1";
  reviewed.adoption.adopter_name = kFullName;
  reviewed.adoption.community_id = kCommunity;
  reviewed.post.post_id = reviewed.log.post_id;
  reviewed.post.title = "周末课业辅导";
  reviewed.post.type_code = "YOUTH_CARE";
  return reviewed;
}

TEST(ProducerEventsTest, AReviewedLogTellsItsVolunteerTheHoursOrTheReason) {
  auto approved = posts::LogApprovedEvent(Reviewed());
  EXPECT_EQ(approved.type(), "cn.tongxin.service_log.approved");
  EXPECT_EQ(approved.subject(), "service-logs/0f0e0d0c-0000-4000-8000-0000000000aa");
  EXPECT_EQ(approved.region_id(), kCommunity);
  EXPECT_DOUBLE_EQ(Num(approved, "hours"), 2.5);
  EXPECT_EQ(Str(approved, "post_title"), "周末课业辅导");
  EXPECT_EQ(Str(approved, "adopter_name_masked"), "张**");
  EXPECT_EQ(Str(approved, "summary"), "<absent>");
  ASSERT_EQ(approved.notes_size(), 1);
  EXPECT_EQ(approved.notes(0).recipient_id(), "v1");
  EXPECT_NE(approved.notes(0).body().find("2.5 小时"), std::string::npos);
  ExpectNoPersonalData(approved);

  posts::ReviewedLog rejected_log = Reviewed();
  rejected_log.log.review_reason = "照片与岗位不符";
  auto rejected = posts::LogRejectedEvent(rejected_log);
  EXPECT_EQ(rejected.type(), "cn.tongxin.service_log.rejected");
  ASSERT_EQ(rejected.notes_size(), 1);
  EXPECT_NE(rejected.notes(0).body().find("照片与岗位不符"), std::string::npos);
  EXPECT_EQ(rejected.data().DebugString().find("照片与岗位不符"), std::string::npos);
  ExpectNoPersonalData(rejected);

  rejected_log.adoption.adopter_kind = posts::AdopterKind::kUnit;
  EXPECT_EQ(posts::LogRejectedEvent(rejected_log).notes_size(), 0);
  EXPECT_EQ(Str(posts::LogRejectedEvent(rejected_log), "adopter_kind"), "unit");
}

TEST(ProducerEventsTest, AnEndedAdoptionTellsItsVolunteer) {
  posts::ReviewedLog r = Reviewed();
  r.adoption.status = posts::AdoptionStatus::kWithdrawn;
  r.adoption.withdraw_time = kNow;
  auto e = posts::AdoptionEndedEvent(r.adoption, r.post);
  EXPECT_EQ(e.type(), "cn.tongxin.adoption.ended");
  EXPECT_EQ(e.subject(), "adoptions/0f0e0d0c-0000-4000-8000-0000000000cc");
  EXPECT_EQ(Str(e, "post_id"), r.post.post_id);
  EXPECT_EQ(Str(e, "adopter_kind"), "volunteer");
  ASSERT_EQ(e.notes_size(), 1);
  EXPECT_EQ(e.notes(0).recipient_id(), "v1");
  ExpectNoPersonalData(e);
}

TEST(ProducerEventsTest, AnOrderTellsItsVolunteerWhenReadyAndWhenHandedOut) {
  points::Order order;
  order.order_id = "0f0e0d0c-0000-4000-8000-0000000000dd";
  order.reward_id = "0f0e0d0c-0000-4000-8000-0000000000ee";
  order.reward_name = "环保袋";
  order.region_id = kCommunity;
  order.volunteer_id = "v1";
  order.quantity = 2;
  order.points = 40;
  order.pickup_code = "918273";
  order.create_time = kNow;
  auto ready = points::OrderReadyEvent(order);
  EXPECT_EQ(ready.type(), "cn.tongxin.order.ready");
  EXPECT_EQ(ready.subject(), "orders/0f0e0d0c-0000-4000-8000-0000000000dd");
  EXPECT_EQ(Str(ready, "reward_name"), "环保袋");
  EXPECT_DOUBLE_EQ(Num(ready, "quantity"), 2);
  EXPECT_DOUBLE_EQ(Num(ready, "points"), 40);
  ASSERT_EQ(ready.notes_size(), 1);
  EXPECT_EQ(ready.notes(0).recipient_id(), "v1");
  // The pickup code opens the order at the store: it stays in the app.
  EXPECT_EQ(ready.DebugString().find("918273"), std::string::npos);
  ExpectNoPersonalData(ready);

  order.status = points::OrderStatus::kCollected;
  order.close_time = kNow + hours(3);
  auto handed_out = points::OrderHandedOutEvent(order);
  EXPECT_EQ(handed_out.type(), "cn.tongxin.order.handed_out");
  EXPECT_EQ(handed_out.occurred_at().seconds(),
            std::chrono::system_clock::to_time_t(kNow + hours(3)));
  ASSERT_EQ(handed_out.notes_size(), 1);
  ExpectNoPersonalData(handed_out);
}

TEST(ProducerEventsTest, ARoundTellsItsConfirmedCandidatesOnly) {
  points::Round round;
  round.round_id = "0f0e0d0c-0000-4000-8000-0000000000ff";
  round.title = "2026年度优秀志愿者";
  round.region_id = kCommunity;
  round.period = "2026";
  round.notice_until = kNow + hours(24 * 7);
  round.create_time = kNow - hours(1);
  for (int i = 1; i <= 3; ++i) {
    points::Candidate c;
    c.rank = i;
    c.volunteer_id = "v" + std::to_string(i);
    c.name = kFullName;
    c.points = 1000 - i;
    c.decision =
        i == 2 ? points::CandidateDecision::kStruck : points::CandidateDecision::kConfirmed;
    round.candidates.push_back(c);
  }
  auto published = points::RoundPublishedEvent(round, kNow);
  EXPECT_EQ(published.type(), "cn.tongxin.commendation_round.published");
  EXPECT_EQ(published.subject(), "rounds/0f0e0d0c-0000-4000-8000-0000000000ff");
  EXPECT_DOUBLE_EQ(Num(published, "commended"), 2);
  EXPECT_EQ(Str(published, "notice_until"), "2026-06-22T12:00:00Z");
  ASSERT_EQ(published.notes_size(), 2);
  EXPECT_EQ(published.notes(0).recipient_id(), "v1");
  EXPECT_EQ(published.notes(1).recipient_id(), "v3");
  ExpectNoPersonalData(published);

  round.status = points::RoundStatus::kFinal;
  round.final_time = kNow + hours(24 * 8);
  auto finalized = points::RoundFinalizedEvent(round);
  EXPECT_EQ(finalized.type(), "cn.tongxin.commendation_round.finalized");
  ASSERT_EQ(finalized.notes_size(), 2);
  EXPECT_EQ(finalized.notes(1).recipient_id(), "v3");
  ExpectNoPersonalData(finalized);
}

TEST(ProducerEventsTest, AnApprovedVolunteerIsToldAndTheFeedSeesTheMaskedNameOnly) {
  volunteer::Volunteer v;
  v.volunteer_id = "v9";
  v.name = kFullName;
  v.id_number_masked = "41**************3X";
  v.phone_masked = "138****1234";
  v.community_id = kCommunity;
  auto e = volunteer::VolunteerApprovedEvent(v, kNow);
  EXPECT_EQ(e.type(), "cn.tongxin.volunteer.approved");
  EXPECT_EQ(e.subject(), "volunteers/v9");
  EXPECT_EQ(e.region_id(), kCommunity);
  EXPECT_EQ(Str(e, "name_masked"), "张**");
  EXPECT_EQ(e.DebugString().find("138"), std::string::npos);  // not even the masked phone
  ASSERT_EQ(e.notes_size(), 1);
  EXPECT_EQ(e.notes(0).recipient_id(), "v9");
  ExpectNoPersonalData(e);
}

}  // namespace
}  // namespace tongxin
