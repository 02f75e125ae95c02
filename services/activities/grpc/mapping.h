// Proto ↔ domain for the activities service's gRPC layer: plain field copies, enum checks
// (proto_enum.h) and timestamps.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "services/activities/domain/activities_domain.h"
#include "tongxin/activities/v1/activities.pb.h"

namespace tongxin::activities {

namespace pb = ::tongxin::activities::v1;

Activity FromProto(const pb::Activity& in);
// Unset: nullopt.
std::optional<Time> FromProto(const google::protobuf::Timestamp& in, bool set);
std::optional<Position> FromProto(const pb::Position& in, bool set);

void ToProto(const Activity& in, pb::Activity* out);
void ToProto(const Participation& in, pb::Participation* out);
void ToProto(const CheckinCode& in, pb::CheckinCode* out);
void ToProto(const VolunteerCredit& in, pb::VolunteerCredit* out);

// Optional filters: UNSPECIFIED for any.
absl::StatusOr<ActivityState> ActivityStateFilter(pb::ActivityState state);
absl::StatusOr<ParticipationState> ParticipationStateFilter(pb::ParticipationState state);

}  // namespace tongxin::activities
