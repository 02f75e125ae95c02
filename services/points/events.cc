#include "services/points/events.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/clock.h"

namespace tongxin::points {
namespace {

notifications::v1::PublishEventRequest OrderEvent(std::string_view type, const Order& order,
                                                  Time at) {
  auto event = clients::NewEvent(type, "orders/" + order.order_id, order.region_id, at);
  clients::SetData(event, "order_id", order.order_id);
  clients::SetData(event, "reward_id", order.reward_id);
  clients::SetData(event, "reward_name", order.reward_name);
  clients::SetData(event, "store_region_id", order.region_id);
  clients::SetData(event, "quantity", static_cast<double>(order.quantity));
  clients::SetData(event, "points", static_cast<double>(order.points));
  return event;
}

std::vector<const Candidate*> Confirmed(const Round& round) {
  std::vector<const Candidate*> confirmed;
  for (const Candidate& c : round.candidates) {
    if (c.decision == CandidateDecision::kConfirmed) confirmed.push_back(&c);
  }
  return confirmed;
}

notifications::v1::PublishEventRequest RoundEvent(std::string_view type, const Round& round,
                                                  Time at) {
  auto event = clients::NewEvent(type, "rounds/" + round.round_id, round.region_id, at);
  clients::SetData(event, "round_id", round.round_id);
  clients::SetData(event, "title", round.title);
  clients::SetData(event, "region_id", round.region_id);
  clients::SetData(event, "period", round.period);
  clients::SetData(event, "party_members_only", round.party_members_only);
  clients::SetData(event, "commended", static_cast<double>(Confirmed(round).size()));
  return event;
}

}  // namespace

notifications::v1::PublishEventRequest OrderReadyEvent(const Order& order) {
  auto event = OrderEvent("cn.tongxin.order.ready", order, order.create_time);
  clients::AddNote(
      event, order.volunteer_id, "兑换的奖品已备好",
      absl::StrCat("您兑换的「", clients::Utf8Chars(order.reward_name, 40), "」×", order.quantity,
                   "（", order.points, " 积分）已为您保留，请凭取货码到兑换点领取。"),
      "/m/store");
  return event;
}

notifications::v1::PublishEventRequest OrderHandedOutEvent(const Order& order) {
  auto event = OrderEvent("cn.tongxin.order.handed_out", order,
                          order.close_time.value_or(order.create_time));
  clients::AddNote(event, order.volunteer_id, "奖品已领取",
                   absl::StrCat("您兑换的「", clients::Utf8Chars(order.reward_name, 40), "」×",
                                order.quantity, "已领取。感谢您的志愿服务！"),
                   "/m/store");
  return event;
}

notifications::v1::PublishEventRequest RoundPublishedEvent(const Round& round, Time at) {
  auto event = RoundEvent("cn.tongxin.commendation_round.published", round, at);
  if (round.notice_until) clients::SetTimeData(event, "notice_until", *round.notice_until);
  std::string until =
      round.notice_until ? absl::StrCat("公示至 ", ChinaDate(*round.notice_until), "，") : "";
  for (const Candidate* c : Confirmed(round)) {
    clients::AddNote(
        event, c->volunteer_id, "您已列入表彰公示名单",
        absl::StrCat("您已列入「", clients::Utf8Chars(round.title, 40), "」表彰公示名单（第 ",
                     c->rank, " 名，", c->points, " 积分），", until, "公示期满无异议将予以表彰。"),
        "/m/notices");
  }
  return event;
}

notifications::v1::PublishEventRequest RoundFinalizedEvent(const Round& round) {
  auto event = RoundEvent("cn.tongxin.commendation_round.finalized", round,
                          round.final_time.value_or(round.create_time));
  for (const Candidate* c : Confirmed(round)) {
    clients::AddNote(event, c->volunteer_id, "恭喜您获得表彰",
                     absl::StrCat("「", clients::Utf8Chars(round.title, 40),
                                  "」评选结果已确定，您获得表彰，已记入您的志愿服务档案。"),
                     "/m/notices");
  }
  return event;
}

OutboxPointsEvents::OutboxPointsEvents(Db& db)
    // Resolved here: a misspelt method stops the service (and its tests) at start-up.
    : publish_event_(clients::PublishEventMethod()) {
  PrepareOutbox(db);
}

void OutboxPointsEvents::OrderReady(Tx& tx, const Order& order) {
  auto event = OrderReadyEvent(order);
  EnqueueCall(tx, publish_event_, order.region_id, event);
}

void OutboxPointsEvents::OrderHandedOut(Tx& tx, const Order& order) {
  auto event = OrderHandedOutEvent(order);
  EnqueueCall(tx, publish_event_, order.region_id, event);
}

void OutboxPointsEvents::RoundPublished(Tx& tx, const Round& round, Time at) {
  auto event = RoundPublishedEvent(round, at);
  EnqueueCall(tx, publish_event_, round.region_id, event);
}

void OutboxPointsEvents::RoundFinalized(Tx& tx, const Round& round) {
  auto event = RoundFinalizedEvent(round);
  EnqueueCall(tx, publish_event_, round.region_id, event);
}

}  // namespace tongxin::points
