// The rules of a broadcast (services/notifications/domain/broadcast.h): what a new one must look
// like, its feed event, the counts of a call-out.
#include "services/notifications/domain/broadcast.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tongxin::notifications {
namespace {

using std::chrono::hours;
const auto kNow = std::chrono::system_clock::from_time_t(1781500000);

Broadcast Valid(BroadcastKind kind = BroadcastKind::kAnnouncement) {
  Broadcast b;
  b.region_id = "411502001001";
  b.kind = kind;
  b.title = "防汛通知";
  b.body = "今晚有暴雨。\n请注意安全。";
  if (kind == BroadcastKind::kCallOut)
    b.call_out = CallOut{"东门", kNow + hours(1), kNow + hours(3), 5};
  return b;
}

std::string FieldOf(const absl::Status& status) {
  std::string message(status.message());
  return message.substr(0, message.find(':'));
}

TEST(CheckNewBroadcastTest, AcceptsAnAnnouncementAndACallOut) {
  EXPECT_TRUE(CheckNewBroadcast(Valid(), kNow).ok());
  EXPECT_TRUE(CheckNewBroadcast(Valid(BroadcastKind::kCallOut), kNow).ok());
}

TEST(CheckNewBroadcastTest, CountsCharactersNotBytes) {
  Broadcast b = Valid();
  b.title.clear();
  for (int i = 0; i < 60; ++i) b.title += "通";
  EXPECT_TRUE(CheckNewBroadcast(b, kNow).ok());
  b.title += "知";
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "title");
  b = Valid();
  b.body.clear();
  for (int i = 0; i < 1000; ++i) b.body += "字";
  EXPECT_TRUE(CheckNewBroadcast(b, kNow).ok());
  b.body += "!";
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "body");
  b.body = std::string("a\x01") + "b";
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "body");
}

TEST(CheckNewBroadcastTest, NamesTheFieldOfEachRefusal) {
  Broadcast b = Valid();
  b.kind = BroadcastKind::kUnspecified;
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "kind");
  b = Valid();
  b.audience.grid_id = "411502001002001";
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "audience.grid_id");
  b.audience.grid_id = "411502001001001";
  EXPECT_TRUE(CheckNewBroadcast(b, kNow).ok());
  b = Valid();
  b.call_out = CallOut{"东门", kNow + hours(1), kNow + hours(2), 0};
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "call_out");
  b = Valid(BroadcastKind::kCallOut);
  b.call_out.reset();
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "call_out");
  b = Valid(BroadcastKind::kCallOut);
  b.call_out->end_time = b.call_out->start_time;
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "call_out.end_time");
  b = Valid(BroadcastKind::kCallOut);
  b.call_out->start_time = kNow - hours(3);
  b.call_out->end_time = kNow;
  EXPECT_EQ(FieldOf(CheckNewBroadcast(b, kNow)), "call_out.end_time");
  // A call-out already under way, not yet ended, may still be sent.
  b.call_out->end_time = kNow + hours(1);
  EXPECT_TRUE(CheckNewBroadcast(b, kNow).ok());
}

TEST(FeedDataTest, CarriesTheBroadcastButNotItsSender) {
  Broadcast b = Valid(BroadcastKind::kCallOut);
  b.broadcast_id = "0b6c2a3e-8f1d-4c55-9a77-2f0e6d1c9b40";
  b.sender_id = "admin-zhang";
  auto data = nlohmann::json::parse(FeedDataOf(b));
  EXPECT_EQ(data["kind"], "CALL_OUT");
  EXPECT_EQ(data["call_out"]["place"], "东门");
  EXPECT_EQ(data["call_out"]["start_time"], "2026-06-15T06:06:40Z");
  EXPECT_EQ(FeedDataOf(b).find("admin-zhang"), std::string::npos);
  EXPECT_STREQ(EventTypeOf(BroadcastKind::kCallOut), "cn.tongxin.callout.sent");
  EXPECT_STREQ(EventTypeOf(BroadcastKind::kAnnouncement), "cn.tongxin.broadcast.sent");
}

TEST(CountsTest, UnansweredIsRecipientsLessAnswers) {
  auto counts = CountsOf(10, 3, 2);
  EXPECT_EQ(counts.coming, 3);
  EXPECT_EQ(counts.cannot, 2);
  EXPECT_EQ(counts.unanswered, 5);
  EXPECT_EQ(CountsOf(1, 1, 1).unanswered, 0);
}

}  // namespace
}  // namespace tongxin::notifications
