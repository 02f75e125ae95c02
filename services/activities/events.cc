#include "services/activities/events.h"

#include <string>

#include "services/common/validation.h"

namespace tongxin::activities {
namespace {

std::string SourceRef(const ConfirmedAttendance& a) {
  return "activity:" + a.participation.participation_id;
}

// At most `max_bytes`, cut on a UTF-8 character boundary (proto3 strings must stay valid UTF-8).
std::string Utf8Prefix(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Where the points are earned: the organising community, or for a street's activity the
// volunteer's home community (points accounts and rankings are per community).
std::string PointsCommunity(const ConfirmedAttendance& a) {
  if (a.activity.organiser_region_id.size() == kCommunityIdLength) {
    return a.activity.organiser_region_id;
  }
  return a.participation.home_community_id;
}

}  // namespace

const google::protobuf::MethodDescriptor& RecordServiceMethod() {
  return RpcMethod<volunteer::v1::VolunteerService>("RecordService");
}

const google::protobuf::MethodDescriptor& AwardMethod() {
  return RpcMethod<points::v1::PointsService>("Award");
}

volunteer::v1::RecordServiceRequest AttendanceHoursRequest(const ConfirmedAttendance& a) {
  volunteer::v1::RecordServiceRequest record;
  record.set_volunteer_id(a.participation.volunteer_id);
  record.set_hours(a.hours);
  record.set_service_date(a.service_date);
  // 谁组织谁记录: the community or street that ran the activity organised and certifies it.
  record.set_organiser(Utf8Prefix(a.activity.category + " · " + a.activity.title, 90));
  record.set_organiser_region_id(a.activity.organiser_region_id);
  record.set_source(volunteer::v1::SERVICE_SOURCE_ACTIVITY);
  record.set_source_ref(SourceRef(a));
  record.set_description(Utf8Prefix(a.explanation, 450));
  return record;
}

points::v1::AwardRequest AttendancePointsRequest(const ConfirmedAttendance& a) {
  points::v1::AwardRequest award;
  award.set_volunteer_id(a.participation.volunteer_id);
  award.set_volunteer_name(a.participation.volunteer_name);
  award.set_community_id(PointsCommunity(a));
  award.set_home_community_id(a.participation.home_community_id);
  award.set_party_member(a.participation.party_member);
  award.set_activity(points::v1::ACTIVITY_POST_SERVICE);
  award.set_hours(a.hours);
  award.set_post_type(kActivityPointsType);
  award.set_source_ref(SourceRef(a));
  award.set_description(Utf8Prefix(a.activity.category, 90));
  return award;
}

OutboxActivityEvents::OutboxActivityEvents(Db& db)
    :  // Resolved here: a misspelt method stops the service (and its tests) at start-up.
      record_service_(RecordServiceMethod()),
      award_(AwardMethod()) {
  PrepareOutbox(db);
}

void OutboxActivityEvents::AttendanceConfirmed(Tx& tx, const ConfirmedAttendance& a) {
  auto record = AttendanceHoursRequest(a);
  EnqueueCall(tx, record_service_, a.activity.organiser_region_id, record);
  auto award = AttendancePointsRequest(a);
  EnqueueCall(tx, award_, a.activity.organiser_region_id, award);
}

}  // namespace tongxin::activities
