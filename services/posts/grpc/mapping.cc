#include "services/posts/grpc/mapping.h"

#include "services/common/clock.h"
#include "services/common/proto_enum.h"
#include "services/common/rpc_handlers.h"
#include "services/common/status.h"

namespace tongxin::posts {

TX_SAME_ENUM_VALUE(PostStatus::kUnspecified, pb::POST_STATUS_UNSPECIFIED);
TX_SAME_ENUM_VALUE(PostStatus::kOpen, pb::POST_STATUS_OPEN);
TX_SAME_ENUM_VALUE(PostStatus::kFull, pb::POST_STATUS_FULL);
TX_SAME_ENUM_VALUE(PostStatus::kClosed, pb::POST_STATUS_CLOSED);
static_assert(pb::PostStatus_MAX == pb::POST_STATUS_CLOSED, "a PostStatus value is not mapped");

TX_SAME_ENUM_VALUE(AdopterKind::kUnspecified, pb::ADOPTER_KIND_UNSPECIFIED);
TX_SAME_ENUM_VALUE(AdopterKind::kVolunteer, pb::ADOPTER_KIND_VOLUNTEER);
TX_SAME_ENUM_VALUE(AdopterKind::kUnit, pb::ADOPTER_KIND_UNIT);
static_assert(pb::AdopterKind_MAX == pb::ADOPTER_KIND_UNIT, "an AdopterKind value is not mapped");

TX_SAME_ENUM_VALUE(AdoptionStatus::kUnspecified, pb::ADOPTION_STATUS_UNSPECIFIED);
TX_SAME_ENUM_VALUE(AdoptionStatus::kActive, pb::ADOPTION_STATUS_ACTIVE);
TX_SAME_ENUM_VALUE(AdoptionStatus::kWithdrawn, pb::ADOPTION_STATUS_WITHDRAWN);
static_assert(pb::AdoptionStatus_MAX == pb::ADOPTION_STATUS_WITHDRAWN,
              "an AdoptionStatus value is not mapped");

TX_SAME_ENUM_VALUE(LogStatus::kUnspecified, pb::LOG_STATUS_UNSPECIFIED);
TX_SAME_ENUM_VALUE(LogStatus::kSubmitted, pb::LOG_STATUS_SUBMITTED);
TX_SAME_ENUM_VALUE(LogStatus::kApproved, pb::LOG_STATUS_APPROVED);
TX_SAME_ENUM_VALUE(LogStatus::kRejected, pb::LOG_STATUS_REJECTED);
static_assert(pb::LogStatus_MAX == pb::LOG_STATUS_REJECTED, "a LogStatus value is not mapped");

void ToProto(const PostType& in, pb::PostType* out) {
  out->set_code(in.code);
  out->set_name(in.name);
  out->set_category(in.category);
  for (const auto& skill : in.suggested_skills) out->add_suggested_skills(skill);
  out->set_builtin(in.builtin);
}

void ToProto(const Post& in, pb::Post* out) {
  out->set_post_id(in.post_id);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  out->set_type_code(in.type_code);
  out->set_type_name(in.type_name);
  out->set_title(in.title);
  out->set_description(in.description);
  out->set_place(in.place);
  out->set_schedule(in.schedule);
  for (int day : in.weekdays) out->add_weekdays(day);
  out->set_start_time(in.start_time);
  out->set_end_time(in.end_time);
  out->set_capacity(in.capacity);
  out->set_adopted(in.adopted);
  out->set_volunteers_allowed(in.volunteers_allowed);
  out->set_status(ToProtoEnum<pb::PostStatus>(in.status()));
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Unit& in, pb::Unit* out) {
  out->set_unit_id(in.unit_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_agreement_date(in.agreement_date);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Adoption& in, pb::Adoption* out) {
  out->set_adoption_id(in.adoption_id);
  out->set_post_id(in.post_id);
  out->set_adopter_kind(ToProtoEnum<pb::AdopterKind>(in.adopter_kind));
  out->set_adopter_id(in.adopter_id);
  out->set_adopter_name(in.adopter_name);
  out->set_party_member(in.party_member);
  out->set_status(ToProtoEnum<pb::AdoptionStatus>(in.status));
  SetTimestamp(out->mutable_adopt_time(), in.adopt_time);
  out->set_adopt_date(ChinaDate(in.adopt_time));
  if (in.withdraw_time) SetTimestamp(out->mutable_withdraw_time(), *in.withdraw_time);
}

void ToProto(const ServiceLog& in, pb::ServiceLog* out) {
  out->set_log_id(in.log_id);
  out->set_adoption_id(in.adoption_id);
  out->set_post_id(in.post_id);
  out->set_community_id(in.community_id);
  out->set_adopter_id(in.adopter_id);
  out->set_service_date(in.service_date);
  out->set_hours(in.hours);
  out->set_summary(in.summary);
  for (const auto& url : in.photos_before) out->add_photos_before(url);
  for (const auto& url : in.photos_after) out->add_photos_after(url);
  out->set_status(ToProtoEnum<pb::LogStatus>(in.status));
  out->set_reviewed_by(in.reviewed_by);
  out->set_review_reason(in.review_reason);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.review_time) SetTimestamp(out->mutable_review_time(), *in.review_time);
}

void ToProto(const Overview& in, pb::Overview* out) {
  out->set_region_id(in.region_id);
  for (const auto& t : in.by_type) {
    auto* type = out->add_by_type();
    type->set_type_code(t.type_code);
    type->set_type_name(t.type_name);
    type->set_posts(t.posts);
    type->set_capacity(t.capacity);
    type->set_adopted(t.adopted);
  }
  out->set_posts(in.posts);
  out->set_capacity(in.capacity);
  out->set_adopted(in.adopted);
  out->set_adoption_rate(in.capacity == 0 ? 0 : static_cast<double>(in.adopted) / in.capacity);
  out->set_hours_this_month(in.hours_this_month);
  out->set_logs_waiting(in.logs_waiting);
}

PostType FromProto(const pb::PostType& in) {
  return PostType{in.code(), in.name(), in.category(), Strings(in.suggested_skills()), false};
}

Post FromProto(const pb::Post& in) {
  Post post;
  post.community_id = in.community_id();
  post.grid_id = in.grid_id();
  post.type_code = in.type_code();
  post.title = in.title();
  post.description = in.description();
  post.place = in.place();
  post.schedule = in.schedule();
  post.weekdays.assign(in.weekdays().begin(), in.weekdays().end());
  post.start_time = in.start_time();
  post.end_time = in.end_time();
  post.capacity = in.capacity();
  post.volunteers_allowed = in.volunteers_allowed();
  return post;
}

Unit FromProto(const pb::Unit& in) {
  return Unit{"", in.community_id(), in.name(), in.agreement_date(), {}};
}

LogInput FromProto(const pb::LogServiceRequest& in) {
  return LogInput{in.adoption_id(), in.service_date(),           in.hours(),
                  in.summary(),     Strings(in.photos_before()), Strings(in.photos_after())};
}

absl::StatusOr<PostStatus> PostStatusFilter(pb::PostStatus status) {
  return FromProtoEnum<PostStatus>(status, "status", Unspecified::kAllowed);
}

absl::StatusOr<LogStatus> LogStatusFilter(pb::LogStatus status) {
  return FromProtoEnum<LogStatus>(status, "status", Unspecified::kAllowed);
}

absl::StatusOr<AdopterKind> AdopterKindFrom(pb::AdopterKind kind) {
  TX_ASSIGN_OR_RETURN(auto adopter_kind,
                      FromProtoEnum<AdopterKind>(kind, "adopter_kind", Unspecified::kAllowed));
  return adopter_kind == AdopterKind::kUnspecified ? AdopterKind::kVolunteer : adopter_kind;
}

}  // namespace tongxin::posts
