#include "services/posts/events.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/name_mask.h"

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

// The volunteer who adopted, or nobody for a unit (it has no inbox).
std::string VolunteerAdopter(const Adoption& adoption) {
  return adoption.adopter_kind == AdopterKind::kVolunteer ? adoption.adopter_id : std::string();
}

const char* AdopterKindCode(AdopterKind kind) {
  return kind == AdopterKind::kUnit ? "unit" : "volunteer";
}

// What both log events' data say: the log, its post, the hours, the adopter masked.
notifications::v1::PublishEventRequest LogEvent(std::string_view type,
                                                const ReviewedLog& reviewed) {
  const ServiceLog& log = reviewed.log;
  auto event = clients::NewEvent(type, "service-logs/" + log.log_id, log.community_id,
                                 log.review_time.value_or(log.create_time));
  clients::SetData(event, "log_id", log.log_id);
  clients::SetData(event, "post_id", log.post_id);
  clients::SetData(event, "post_title", reviewed.post.title);
  clients::SetData(event, "post_type", reviewed.post.type_code);
  clients::SetData(event, "community_id", log.community_id);
  clients::SetData(event, "service_date", log.service_date);
  clients::SetData(event, "hours", log.hours);
  clients::SetData(event, "adopter_kind", AdopterKindCode(reviewed.adoption.adopter_kind));
  clients::SetData(event, "adopter_name_masked", MaskName(reviewed.adoption.adopter_name));
  return event;
}

}  // namespace

notifications::v1::PublishEventRequest LogApprovedEvent(const ReviewedLog& approved) {
  auto event = LogEvent("cn.tongxin.service_log.approved", approved);
  const ServiceLog& log = approved.log;
  clients::AddNote(
      event, VolunteerAdopter(approved.adoption), "服务记录已通过审核",
      absl::StrFormat("您在「%s」%s 的服务记录（%g 小时）已通过审核，服务时长已记入，积分将按"
                      "社区规则记入您的账户。",
                      clients::Utf8Chars(approved.post.title, 40), log.service_date, log.hours),
      "/m/records");
  return event;
}

notifications::v1::PublishEventRequest LogRejectedEvent(const ReviewedLog& rejected) {
  auto event = LogEvent("cn.tongxin.service_log.rejected", rejected);
  const ServiceLog& log = rejected.log;
  // The reason is the reviewer's words to the adopter about their own log: the inbox only.
  clients::AddNote(
      event, VolunteerAdopter(rejected.adoption), "服务记录未通过审核",
      absl::StrCat("您在「", clients::Utf8Chars(rejected.post.title, 40), "」", log.service_date,
                   " 的服务记录未通过审核", log.review_reason.empty() ? "" : "，原因：",
                   log.review_reason, "。如有疑问请联系社区。"),
      "/m/posts");
  return event;
}

notifications::v1::PublishEventRequest AdoptionEndedEvent(const Adoption& adoption,
                                                          const Post& post) {
  auto event = clients::NewEvent("cn.tongxin.adoption.ended", "adoptions/" + adoption.adoption_id,
                                 adoption.community_id,
                                 adoption.withdraw_time.value_or(adoption.adopt_time));
  clients::SetData(event, "adoption_id", adoption.adoption_id);
  clients::SetData(event, "post_id", adoption.post_id);
  clients::SetData(event, "post_title", post.title);
  clients::SetData(event, "post_type", post.type_code);
  clients::SetData(event, "community_id", adoption.community_id);
  clients::SetData(event, "adopter_kind", AdopterKindCode(adoption.adopter_kind));
  clients::SetData(event, "adopter_name_masked", MaskName(adoption.adopter_name));
  clients::AddNote(event, VolunteerAdopter(adoption), "岗位认领已结束",
                   absl::StrCat("您对「", clients::Utf8Chars(post.title, 40),
                                "」岗位的认领已结束，感谢您的服务。"),
                   "/m/posts");
  return event;
}

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
      award_(AwardMethod()),
      publish_event_(clients::PublishEventMethod()) {
  PrepareOutbox(db);
}

void OutboxPostEvents::LogApproved(Tx& tx, const ReviewedLog& approved, bool earns) {
  const ServiceLog& log = approved.log;
  if (earns) {
    auto record = LogHoursRequest(approved);
    EnqueueCall(tx, record_service_, log.community_id, record);
    auto award = LogPointsRequest(approved);
    EnqueueCall(tx, award_, log.community_id, award);
  }
  auto event = LogApprovedEvent(approved);
  EnqueueCall(tx, publish_event_, log.community_id, event);
}

void OutboxPostEvents::LogRejected(Tx& tx, const ReviewedLog& rejected) {
  auto event = LogRejectedEvent(rejected);
  EnqueueCall(tx, publish_event_, rejected.log.community_id, event);
}

void OutboxPostEvents::AdoptionEnded(Tx& tx, const Adoption& adoption, const Post& post) {
  auto event = AdoptionEndedEvent(adoption, post);
  EnqueueCall(tx, publish_event_, adoption.community_id, event);
}

}  // namespace tongxin::posts
