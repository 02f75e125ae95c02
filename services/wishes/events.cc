#include "services/wishes/events.h"

#include <string>

#include "services/common/clock.h"

namespace tongxin::wishes {
namespace {

// The one reference both receivers are unique by.
std::string SourceRef(const Wish& wish) { return "wish:" + wish.wish_id; }

}  // namespace

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
    : award_(AwardMethod()), record_service_(RecordServiceMethod()) {
  PrepareOutbox(db);
}

void OutboxWishEvents::Confirmed(Tx& tx, const Wish& wish) {
  auto award = WishPointsRequest(wish);
  EnqueueCall(tx, award_, wish.community_id, award);
  if (auto record = WishHoursRequest(wish)) {
    EnqueueCall(tx, record_service_, wish.community_id, *record);
  }
}

}  // namespace tongxin::wishes
