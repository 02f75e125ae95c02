// Proto ↔ domain conversions of the points service, in one place: ToProto for every domain value
// the API returns, FromProto for every message it takes (incoming enums through FromProtoEnum,
// times checked). mapping.cc ties every domain enum to its proto twin with static_asserts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/points/domain/model.h"
#include "tongxin/points/v1/points.pb.h"

namespace tongxin::points {

namespace pb = ::tongxin::points::v1;

absl::StatusOr<AwardInput> FromProto(const pb::AwardRequest& in);
EarningRules FromProto(const pb::EarningRules& in);
// A new reward: offered (active) from creation.
absl::StatusOr<Reward> FromProto(const pb::Reward& in);
// A new round: what the admin chose, without candidates.
absl::StatusOr<Round> FromProto(const pb::Round& in);
std::vector<Tier> FromProto(const google::protobuf::RepeatedPtrField<pb::Tier>& in);
// UNSPECIFIED: any status.
absl::StatusOr<std::optional<OrderStatus>> OrderStatusFilter(pb::OrderStatus status);
absl::StatusOr<CandidateDecision> FromProto(pb::CandidateDecision decision);
absl::StatusOr<PeriodKind> PeriodKindFromProto(pb::PeriodKind kind, const char* field);

// `viewer_account` set: signed_amount is the transfer as that account sees it.
void ToProto(const Transfer& in, const std::string& viewer_account, pb::Transfer* out);
void ToProto(const BalanceView& in, pb::Balance* out);
void ToProto(const ConsistencyReport& in, pb::ConsistencyReport* out);
void ToProto(const EarningRules& in, pb::EarningRules* out);
void ToProto(const Reward& in, pb::Reward* out);
// The pickup code is shown to the volunteer who ordered it only: whoever hands the goods out
// must hear it from them.
void ToProto(const Order& in, const Principal& viewer, pb::Order* out);
void ToProto(const LeaderboardEntry& in, pb::LeaderboardEntry* out);
void ToProto(const Tier& in, pb::Tier* out);
void ToProto(const Objection& in, pb::Objection* out);
void ToProto(const Round& in, pb::Round* out);
void ToProto(const Commendation& in, pb::Commendation* out);
void ToProto(const PointsStatistics& in, pb::PointsStatistics* out);

}  // namespace tongxin::points
