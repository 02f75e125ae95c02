#include "services/activities/grpc/mapping.h"

#include <algorithm>

#include "services/common/pagination.h"
#include "services/common/proto_enum.h"
#include "services/common/rpc_handlers.h"

namespace tongxin::activities {

TX_SAME_ENUM_VALUE(ActivityState::kUnspecified, pb::ACTIVITY_STATE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(ActivityState::kDraft, pb::ACTIVITY_STATE_DRAFT);
TX_SAME_ENUM_VALUE(ActivityState::kPublished, pb::ACTIVITY_STATE_PUBLISHED);
TX_SAME_ENUM_VALUE(ActivityState::kRunning, pb::ACTIVITY_STATE_RUNNING);
TX_SAME_ENUM_VALUE(ActivityState::kEnded, pb::ACTIVITY_STATE_ENDED);
TX_SAME_ENUM_VALUE(ActivityState::kRecordsConfirmed, pb::ACTIVITY_STATE_RECORDS_CONFIRMED);
TX_SAME_ENUM_VALUE(ActivityState::kCancelled, pb::ACTIVITY_STATE_CANCELLED);
static_assert(pb::ActivityState_MAX == pb::ACTIVITY_STATE_CANCELLED,
              "an ActivityState value is not mapped");

TX_SAME_ENUM_VALUE(ParticipationState::kUnspecified, pb::PARTICIPATION_STATE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(ParticipationState::kPending, pb::PARTICIPATION_STATE_PENDING);
TX_SAME_ENUM_VALUE(ParticipationState::kConfirmed, pb::PARTICIPATION_STATE_CONFIRMED);
TX_SAME_ENUM_VALUE(ParticipationState::kWaitlisted, pb::PARTICIPATION_STATE_WAITLISTED);
TX_SAME_ENUM_VALUE(ParticipationState::kCancelled, pb::PARTICIPATION_STATE_CANCELLED);
TX_SAME_ENUM_VALUE(ParticipationState::kRejected, pb::PARTICIPATION_STATE_REJECTED);
TX_SAME_ENUM_VALUE(ParticipationState::kAttended, pb::PARTICIPATION_STATE_ATTENDED);
TX_SAME_ENUM_VALUE(ParticipationState::kNoShow, pb::PARTICIPATION_STATE_NO_SHOW);
static_assert(pb::ParticipationState_MAX == pb::PARTICIPATION_STATE_NO_SHOW,
              "a ParticipationState value is not mapped");

namespace {

// Clamped to 1970..2100 (never the epoch itself, which means unset): nothing outside is a
// meaningful time here, and the domain's checks refuse what the clamp makes of it.
Time TimeOf(const google::protobuf::Timestamp& t) {
  constexpr long long kYear2100 = 4102444800;
  long long seconds = std::clamp<long long>(t.seconds(), 1, kYear2100);
  return Time(std::chrono::seconds(seconds) +
              std::chrono::microseconds(std::clamp(t.nanos(), 0, 999999999) / 1000));
}

Time TimeOrZero(const google::protobuf::Timestamp& t, bool set) { return set ? TimeOf(t) : Time{}; }

void SetIfSet(google::protobuf::Timestamp* out, Time t) {
  if (t.time_since_epoch().count() != 0) SetTimestamp(out, t);
}

}  // namespace

std::optional<Time> FromProto(const google::protobuf::Timestamp& in, bool set) {
  if (!set) return std::nullopt;
  return TimeOf(in);
}

std::optional<Position> FromProto(const pb::Position& in, bool set) {
  if (!set) return std::nullopt;
  return Position{in.latitude(), in.longitude()};
}

Activity FromProto(const pb::Activity& in) {
  Activity a;
  a.activity_id = in.activity_id();
  a.organiser_region_id = in.organiser_region_id();
  a.team_id = in.team_id();
  a.title = in.title();
  a.category = in.category();
  a.description = in.description();
  a.place.address = in.place().address();
  a.place.has_coordinates = in.place().has_coordinates();
  a.place.latitude = in.place().latitude();
  a.place.longitude = in.place().longitude();
  a.place.radius_meters = in.place().radius_meters();
  a.start = TimeOrZero(in.start_time(), in.has_start_time());
  a.end = TimeOrZero(in.end_time(), in.has_end_time());
  a.quota = in.quota();
  a.signup_deadline = TimeOrZero(in.signup_deadline(), in.has_signup_deadline());
  a.cancellation_deadline = TimeOrZero(in.cancellation_deadline(), in.has_cancellation_deadline());
  a.requirements.party_members_only = in.requirements().party_members_only();
  a.requirements.min_age = in.requirements().min_age();
  a.requirements.skills = Strings(in.requirements().skills());
  a.requires_approval = in.requires_approval();
  a.max_hours = in.max_hours();
  return a;
}

void ToProto(const Activity& in, pb::Activity* out) {
  out->set_activity_id(in.activity_id);
  out->set_organiser_region_id(in.organiser_region_id);
  out->set_team_id(in.team_id);
  out->set_title(in.title);
  out->set_category(in.category);
  out->set_description(in.description);
  auto* place = out->mutable_place();
  place->set_address(in.place.address);
  place->set_has_coordinates(in.place.has_coordinates);
  place->set_latitude(in.place.latitude);
  place->set_longitude(in.place.longitude);
  place->set_radius_meters(in.place.radius_meters);
  SetIfSet(out->mutable_start_time(), in.start);
  SetIfSet(out->mutable_end_time(), in.end);
  out->set_quota(in.quota);
  if (in.signup_deadline.time_since_epoch().count() != 0) {
    SetTimestamp(out->mutable_signup_deadline(), in.signup_deadline);
  }
  if (in.cancellation_deadline.time_since_epoch().count() != 0) {
    SetTimestamp(out->mutable_cancellation_deadline(), in.cancellation_deadline);
  }
  auto* requirements = out->mutable_requirements();
  requirements->set_party_members_only(in.requirements.party_members_only);
  requirements->set_min_age(in.requirements.min_age);
  for (const auto& skill : in.requirements.skills) requirements->add_skills(skill);
  out->set_requires_approval(in.requires_approval);
  out->set_max_hours(in.max_hours);
  out->set_state(ToProtoEnum<pb::ActivityState>(in.state));
  out->set_confirmed_count(in.confirmed_count);
  out->set_waitlisted_count(in.waitlisted_count);
  out->set_pending_count(in.pending_count);
  out->set_cancel_reason(in.cancel_reason);
  out->set_created_by(in.created_by);
  SetIfSet(out->mutable_create_time(), in.create_time);
  if (in.publish_time) SetTimestamp(out->mutable_publish_time(), *in.publish_time);
  if (in.records_confirm_time) {
    SetTimestamp(out->mutable_records_confirm_time(), *in.records_confirm_time);
  }
  if (in.mine) ToProto(*in.mine, out->mutable_my_participation());
}

void ToProto(const Participation& in, pb::Participation* out) {
  out->set_participation_id(in.participation_id);
  out->set_activity_id(in.activity_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_volunteer_name(in.volunteer_name);
  out->set_state(ToProtoEnum<pb::ParticipationState>(in.state));
  out->set_waitlist_position(in.waitlist_position);
  out->set_late_cancellation(in.late_cancellation);
  out->set_review_reason(in.review_reason);
  SetIfSet(out->mutable_signup_time(), in.signup_time);
  if (in.check_in) SetTimestamp(out->mutable_check_in_time(), *in.check_in);
  if (in.check_out) SetTimestamp(out->mutable_check_out_time(), *in.check_out);
  out->set_hours(in.hours);
  out->set_hours_explanation(in.hours_explanation);
  for (const auto& c : in.corrections) {
    auto* correction = out->add_corrections();
    correction->set_corrected_by(c.corrected_by);
    correction->set_reason(c.reason);
    if (c.previous_check_in) {
      SetTimestamp(correction->mutable_previous_check_in_time(), *c.previous_check_in);
    }
    if (c.previous_check_out) {
      SetTimestamp(correction->mutable_previous_check_out_time(), *c.previous_check_out);
    }
    if (c.check_in) SetTimestamp(correction->mutable_check_in_time(), *c.check_in);
    if (c.check_out) SetTimestamp(correction->mutable_check_out_time(), *c.check_out);
    SetTimestamp(correction->mutable_correct_time(), c.correct_time);
  }
  out->set_activity_title(in.activity_title);
  SetIfSet(out->mutable_activity_start_time(), in.activity_start);
  SetIfSet(out->mutable_activity_end_time(), in.activity_end);
  out->set_activity_state(ToProtoEnum<pb::ActivityState>(in.activity_state));
}

void ToProto(const CheckinCode& in, pb::CheckinCode* out) {
  out->set_activity_id(in.activity_id);
  out->set_digits(in.digits);
  out->set_payload(in.payload);
  SetTimestamp(out->mutable_expire_time(), in.expire_time);
  out->set_step_seconds(in.step_seconds);
  SetTimestamp(out->mutable_window_start_time(), in.window_start);
  SetTimestamp(out->mutable_window_end_time(), in.window_end);
}

void ToProto(const VolunteerCredit& in, pb::VolunteerCredit* out) {
  out->set_volunteer_id(in.volunteer_id);
  out->set_attendances(in.attendances);
  out->set_late_cancellations(in.late_cancellations);
  out->set_no_shows(in.no_shows);
  out->set_hours(in.hours);
}

absl::StatusOr<ActivityState> ActivityStateFilter(pb::ActivityState state) {
  return FromProtoEnum<ActivityState>(state, "state", Unspecified::kAllowed);
}

absl::StatusOr<ParticipationState> ParticipationStateFilter(pb::ParticipationState state) {
  return FromProtoEnum<ParticipationState>(state, "state", Unspecified::kAllowed);
}

}  // namespace tongxin::activities
