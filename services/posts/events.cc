#include "services/posts/events.h"

#include <string>

namespace tongxin::posts {
namespace {

// The one reference both receivers are unique by.
std::string SourceRef(const ServiceLog& log) { return "post-log:" + log.log_id; }

// At most `max_bytes`, cut on a UTF-8 character boundary (proto3 strings must stay valid UTF-8).
std::string Utf8Prefix(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

const google::protobuf::MethodDescriptor& RecordServiceMethod() {
  return RpcMethod<volunteer::v1::VolunteerService>("RecordService");
}

const google::protobuf::MethodDescriptor& AwardMethod() {
  return RpcMethod<points::v1::PointsService>("Award");
}

volunteer::v1::RecordServiceRequest LogHoursRequest(const ApprovedLog& approved) {
  const ServiceLog& log = approved.log;
  volunteer::v1::RecordServiceRequest record;
  record.set_volunteer_id(log.adopter_id);
  record.set_hours(log.hours);
  record.set_service_date(log.service_date);
  // 谁组织谁记录: the community that runs the post organised, recorded and certifies it.
  record.set_organiser(approved.post.type_name + "岗 · " + Utf8Prefix(approved.post.title, 60));
  record.set_organiser_region_id(log.community_id);
  record.set_source(volunteer::v1::SERVICE_SOURCE_POST_LOG);
  record.set_source_ref(SourceRef(log));
  record.set_description(Utf8Prefix(log.summary, 450));
  return record;
}

points::v1::AwardRequest LogPointsRequest(const ApprovedLog& approved) {
  const ServiceLog& log = approved.log;
  points::v1::AwardRequest award;
  award.set_volunteer_id(log.adopter_id);
  award.set_volunteer_name(approved.adoption.adopter_name);
  award.set_community_id(log.community_id);
  award.set_party_member(approved.adoption.party_member);
  award.set_activity(points::v1::ACTIVITY_POST_SERVICE);
  award.set_hours(log.hours);
  award.set_post_type(approved.post.type_code);
  award.set_source_ref(SourceRef(log));
  award.set_description(approved.post.type_name);
  return award;
}

OutboxPostEvents::OutboxPostEvents(Db& db)
    :  // Resolved here: a misspelt method stops the service (and its tests) at start-up.
      record_service_(RecordServiceMethod()),
      award_(AwardMethod()) {
  PrepareOutbox(db);
}

void OutboxPostEvents::LogApproved(Tx& tx, const ApprovedLog& approved) {
  const ServiceLog& log = approved.log;
  auto record = LogHoursRequest(approved);
  EnqueueCall(tx, record_service_, log.community_id, record);
  auto award = LogPointsRequest(approved);
  EnqueueCall(tx, award_, log.community_id, award);
}

}  // namespace tongxin::posts
