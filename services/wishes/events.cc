#include "services/wishes/events.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/clock.h"
#include "services/common/name_mask.h"

namespace tongxin::wishes {
namespace {

// The one reference both receivers are unique by.
std::string SourceRef(const Wish& wish) { return "wish:" + wish.wish_id; }

// The category as the feed names it (tongxin.wishes.v1.Category without its prefix, lower case)
// and as a note says it.
const char* CategoryCode(Category category) {
  switch (category) {
    case Category::kStudySupplies:
      return "study_supplies";
    case Category::kDailyNecessities:
      return "daily_necessities";
    case Category::kHealth:
      return "health";
    case Category::kApplianceRepair:
      return "appliance_repair";
    case Category::kCompanionship:
      return "companionship";
    case Category::kOther:
      return "other";
    case Category::kUnspecified:
      break;
  }
  return "unspecified";
}
const char* CategoryLabel(Category category) {
  switch (category) {
    case Category::kStudySupplies:
      return "学习用品";
    case Category::kDailyNecessities:
      return "生活用品";
    case Category::kHealth:
      return "医疗健康";
    case Category::kApplianceRepair:
      return "家电维修";
    case Category::kCompanionship:
      return "陪伴关怀";
    case Category::kOther:
      return "其他";
    case Category::kUnspecified:
      break;
  }
  return "微心愿";
}

// What every wish event's data says: the wish, where it is, what kind, who claimed it (masked;
// a unit by its masked name too).
notifications::v1::PublishEventRequest WishEvent(std::string_view type, const Wish& wish, Time at) {
  auto event = clients::NewEvent(type, "wishes/" + wish.wish_id, wish.community_id, at);
  clients::SetData(event, "wish_id", wish.wish_id);
  clients::SetData(event, "community_id", wish.community_id);
  clients::SetData(event, "grid_id", wish.grid_id);
  clients::SetData(event, "category", CategoryCode(wish.category));
  clients::SetData(event, "claimed_by_unit", wish.claimed_by_unit());
  clients::SetData(event, "claimer_name_masked", MaskName(wish.claimer_name));
  return event;
}

// The volunteer who claimed it, or nobody for a unit.
std::string VolunteerClaimer(const Wish& wish) {
  return wish.claimed_by_unit() ? std::string() : wish.claimer_id;
}

}  // namespace

notifications::v1::PublishEventRequest WishClaimedEvent(const Wish& wish) {
  const Time at = wish.last_claim_time.value_or(wish.claimed_at.value_or(wish.create_time));
  auto event = WishEvent("cn.tongxin.wish.claimed", wish, at);
  if (wish.claim_deadline) clients::SetTimeData(event, "claim_deadline", *wish.claim_deadline);
  clients::AddNote(event, wish.submitted_by, "您的微心愿已被认领",
                   absl::StrCat("您提交的微心愿（", CategoryLabel(wish.category), "）已由",
                                wish.claimed_by_unit() ? "共建单位 " : "志愿者 ",
                                MaskName(wish.claimer_name), " 认领，请留意与您联系。"),
                   "/m/wishes");
  return event;
}

notifications::v1::PublishEventRequest WishConfirmedEvent(const Wish& wish) {
  auto event =
      WishEvent("cn.tongxin.wish.confirmed", wish, wish.confirm_time.value_or(wish.create_time));
  clients::SetData(event, "service_hours", wish.service_hours);
  std::string hours = wish.service_hours > 0
                          ? absl::StrFormat("，记服务时长 %g 小时", wish.service_hours)
                          : std::string();
  clients::AddNote(event, VolunteerClaimer(wish), "微心愿已确认完成",
                   absl::StrCat("您认领的微心愿（", CategoryLabel(wish.category), "）已确认完成",
                                hours, "，积分将按社区规则记入您的账户。感谢您的付出！"),
                   "/m/claims");
  return event;
}

notifications::v1::PublishEventRequest WishSentBackEvent(const Wish& wish, Time at) {
  auto event = WishEvent("cn.tongxin.wish.sent_back", wish, at);
  if (wish.claim_deadline) clients::SetTimeData(event, "claim_deadline", *wish.claim_deadline);
  std::string body = absl::StrCat("您认领的微心愿（", CategoryLabel(wish.category),
                                  "）未通过确认，已退回给您，请补充后重新提交");
  if (wish.claim_deadline) {
    absl::StrAppend(&body, "（截止 ", ChinaDate(*wish.claim_deadline), "）");
  }
  absl::StrAppend(&body, "。", wish.reason.empty() ? "" : "原因：", wish.reason);
  // The reason is the reviewer's words to the claimer about the claimer's own work: the inbox
  // only, never the feed.
  clients::AddNote(event, VolunteerClaimer(wish), "微心愿被退回", body, "/m/claims");
  return event;
}

const google::protobuf::MethodDescriptor& AwardMethod() {
  return RpcMethod<points::v1::PointsService>("Award");
}

const google::protobuf::MethodDescriptor& RecordServiceMethod() {
  return RpcMethod<volunteer::v1::VolunteerService>("RecordService");
}

points::v1::AwardRequest WishPointsRequest(const Wish& wish) {
  points::v1::AwardRequest award;
  award.set_volunteer_id(wish.claimer_id);
  award.set_volunteer_name(wish.claimer_name);
  award.set_community_id(wish.community_id);
  award.set_party_member(wish.claimer_party_member);
  award.set_activity(points::v1::ACTIVITY_WISH);
  award.set_source_ref(SourceRef(wish));
  award.set_description("微心愿");
  return award;
}

std::optional<volunteer::v1::RecordServiceRequest> WishHoursRequest(const Wish& wish) {
  if (wish.service_hours <= 0) return std::nullopt;
  volunteer::v1::RecordServiceRequest record;
  record.set_volunteer_id(wish.claimer_id);
  record.set_hours(wish.service_hours);
  // The day it was confirmed, in China.
  record.set_service_date(ChinaDate(wish.confirm_time.value_or(wish.create_time)));
  record.set_organiser("微心愿");
  record.set_organiser_region_id(wish.community_id);
  record.set_source(volunteer::v1::SERVICE_SOURCE_WISH);
  record.set_source_ref(SourceRef(wish));
  return record;
}

OutboxWishEvents::OutboxWishEvents(Db& db)
    // Resolved here: a misspelt method stops the service (and its tests) at start-up.
    : award_(AwardMethod()),
      record_service_(RecordServiceMethod()),
      publish_event_(clients::PublishEventMethod()) {
  PrepareOutbox(db);
}

void OutboxWishEvents::Claimed(Tx& tx, const Wish& wish) {
  auto event = WishClaimedEvent(wish);
  EnqueueCall(tx, publish_event_, wish.community_id, event);
}

void OutboxWishEvents::Confirmed(Tx& tx, const Wish& wish, bool earns) {
  if (earns) {
    auto award = WishPointsRequest(wish);
    EnqueueCall(tx, award_, wish.community_id, award);
    if (auto record = WishHoursRequest(wish)) {
      EnqueueCall(tx, record_service_, wish.community_id, *record);
    }
  }
  auto event = WishConfirmedEvent(wish);
  EnqueueCall(tx, publish_event_, wish.community_id, event);
}

void OutboxWishEvents::SentBack(Tx& tx, const Wish& wish, Time at) {
  auto event = WishSentBackEvent(wish, at);
  EnqueueCall(tx, publish_event_, wish.community_id, event);
}

}  // namespace tongxin::wishes
