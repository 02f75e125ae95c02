// Proto ↔ domain conversions, and the static_asserts that keep every domain enum on its proto
// twin's numbers (which are also the numbers stored in SQL).
#include "services/points/grpc/mapping.h"

#include "services/common/proto_enum.h"
#include "services/common/rpc_handlers.h"
#include "services/common/status.h"

namespace tongxin::points {

TX_SAME_ENUM_VALUE(AccountKind::kVolunteer, pb::ACCOUNT_KIND_VOLUNTEER);
TX_SAME_ENUM_VALUE(AccountKind::kIssuing, pb::ACCOUNT_KIND_ISSUING);
TX_SAME_ENUM_VALUE(AccountKind::kStore, pb::ACCOUNT_KIND_STORE);
TX_SAME_ENUM_VALUE(AccountKind::kExpiry, pb::ACCOUNT_KIND_EXPIRY);

TX_SAME_ENUM_VALUE(TransferKind::kAward, pb::TRANSFER_KIND_AWARD);
TX_SAME_ENUM_VALUE(TransferKind::kAdjustment, pb::TRANSFER_KIND_ADJUSTMENT);
TX_SAME_ENUM_VALUE(TransferKind::kRedemptionHold, pb::TRANSFER_KIND_REDEMPTION_HOLD);
TX_SAME_ENUM_VALUE(TransferKind::kRedemptionRelease, pb::TRANSFER_KIND_REDEMPTION_RELEASE);
TX_SAME_ENUM_VALUE(TransferKind::kExpiry, pb::TRANSFER_KIND_EXPIRY);
TX_SAME_ENUM_VALUE(TransferKind::kReversal, pb::TRANSFER_KIND_REVERSAL);

TX_SAME_ENUM_VALUE(Activity::kUnspecified, pb::ACTIVITY_UNSPECIFIED);
TX_SAME_ENUM_VALUE(Activity::kPostService, pb::ACTIVITY_POST_SERVICE);
TX_SAME_ENUM_VALUE(Activity::kWish, pb::ACTIVITY_WISH);
TX_SAME_ENUM_VALUE(Activity::kHonour, pb::ACTIVITY_HONOUR);
TX_SAME_ENUM_VALUE(Activity::kGridTask, pb::ACTIVITY_GRID_TASK);

TX_SAME_ENUM_VALUE(LimitPeriod::kNone, pb::LIMIT_PERIOD_UNSPECIFIED);
TX_SAME_ENUM_VALUE(LimitPeriod::kMonth, pb::LIMIT_PERIOD_MONTH);
TX_SAME_ENUM_VALUE(LimitPeriod::kQuarter, pb::LIMIT_PERIOD_QUARTER);
TX_SAME_ENUM_VALUE(LimitPeriod::kYear, pb::LIMIT_PERIOD_YEAR);

TX_SAME_ENUM_VALUE(OrderStatus::kHeld, pb::ORDER_STATUS_HELD);
TX_SAME_ENUM_VALUE(OrderStatus::kCollected, pb::ORDER_STATUS_COLLECTED);
TX_SAME_ENUM_VALUE(OrderStatus::kCancelled, pb::ORDER_STATUS_CANCELLED);

TX_SAME_ENUM_VALUE(PeriodKind::kUnspecified, pb::PERIOD_KIND_UNSPECIFIED);
TX_SAME_ENUM_VALUE(PeriodKind::kMonth, pb::PERIOD_KIND_MONTH);
TX_SAME_ENUM_VALUE(PeriodKind::kQuarter, pb::PERIOD_KIND_QUARTER);
TX_SAME_ENUM_VALUE(PeriodKind::kYear, pb::PERIOD_KIND_YEAR);
TX_SAME_ENUM_VALUE(PeriodKind::kAllTime, pb::PERIOD_KIND_ALL_TIME);

TX_SAME_ENUM_VALUE(RoundStatus::kProposed, pb::ROUND_STATUS_PROPOSED);
TX_SAME_ENUM_VALUE(RoundStatus::kInNotice, pb::ROUND_STATUS_IN_NOTICE);
TX_SAME_ENUM_VALUE(RoundStatus::kFinal, pb::ROUND_STATUS_FINAL);

TX_SAME_ENUM_VALUE(RuleKind::kUnspecified, pb::RULE_KIND_UNSPECIFIED);
TX_SAME_ENUM_VALUE(RuleKind::kTopN, pb::RULE_KIND_TOP_N);
TX_SAME_ENUM_VALUE(RuleKind::kMinPoints, pb::RULE_KIND_MIN_POINTS);
TX_SAME_ENUM_VALUE(RuleKind::kMinTier, pb::RULE_KIND_MIN_TIER);

TX_SAME_ENUM_VALUE(CandidateDecision::kProposed, pb::CANDIDATE_DECISION_PROPOSED);
TX_SAME_ENUM_VALUE(CandidateDecision::kConfirmed, pb::CANDIDATE_DECISION_CONFIRMED);
TX_SAME_ENUM_VALUE(CandidateDecision::kStruck, pb::CANDIDATE_DECISION_STRUCK);
// A value added to the proto fails the build until it is mapped above.
static_assert(pb::AccountKind_MAX == pb::ACCOUNT_KIND_EXPIRY, "a AccountKind value is not mapped");
static_assert(pb::TransferKind_MAX == pb::TRANSFER_KIND_REVERSAL,
              "a TransferKind value is not mapped");
static_assert(pb::Activity_MAX == pb::ACTIVITY_GRID_TASK, "a Activity value is not mapped");
static_assert(pb::LimitPeriod_MAX == pb::LIMIT_PERIOD_YEAR, "a LimitPeriod value is not mapped");
static_assert(pb::OrderStatus_MAX == pb::ORDER_STATUS_CANCELLED,
              "a OrderStatus value is not mapped");
static_assert(pb::PeriodKind_MAX == pb::PERIOD_KIND_ALL_TIME, "a PeriodKind value is not mapped");
static_assert(pb::RoundStatus_MAX == pb::ROUND_STATUS_FINAL, "a RoundStatus value is not mapped");
static_assert(pb::RuleKind_MAX == pb::RULE_KIND_MIN_TIER, "a RuleKind value is not mapped");
static_assert(pb::CandidateDecision_MAX == pb::CANDIDATE_DECISION_STRUCK,
              "a CandidateDecision value is not mapped");

// ---- incoming ----

absl::StatusOr<AwardInput> FromProto(const pb::AwardRequest& in) {
  AwardInput award;
  award.volunteer_id = in.volunteer_id();
  award.volunteer_name = in.volunteer_name();
  award.community_id = in.community_id();
  award.home_community_id = in.home_community_id();
  award.party_member = in.party_member();
  // Unspecified passes here: the domain refuses it after checking the caller.
  TX_ASSIGN_OR_RETURN(award.activity,
                      FromProtoEnum<Activity>(in.activity(), "activity", Unspecified::kAllowed));
  award.hours = in.hours();
  award.post_type = in.post_type();
  award.grid_task_type = in.grid_task_type();
  award.source_ref = in.source_ref();
  award.description = in.description();
  return award;
}

EarningRules FromProto(const pb::EarningRules& in) {
  EarningRules rules;
  rules.region_id = in.region_id();
  rules.points_per_hour = in.points_per_hour();
  for (const auto& [type, rate] : in.points_per_hour_by_post_type()) {
    rules.points_per_hour_by_post_type[type] = rate;
  }
  rules.wish_points = in.wish_points();
  rules.activity_cap = in.activity_cap();
  for (const auto& [type, points] : in.points_by_grid_task_type()) {
    rules.points_by_grid_task_type[type] = points;
  }
  return rules;
}

absl::StatusOr<Reward> FromProto(const pb::Reward& in) {
  Reward reward;
  reward.region_id = in.region_id();
  reward.name = in.name();
  reward.description = in.description();
  reward.price = in.price();
  reward.stock = in.stock();
  reward.per_person_limit = in.per_person_limit();
  // Unspecified: no per-person limit.
  TX_ASSIGN_OR_RETURN(
      reward.limit_period,
      FromProtoEnum<LimitPeriod>(in.limit_period(), "reward.limit_period", Unspecified::kAllowed));
  if (in.has_active_from()) {
    TX_ASSIGN_OR_RETURN(reward.active_from, FromProtoTime(in.active_from(), "reward.active_from"));
  }
  if (in.has_active_until()) {
    TX_ASSIGN_OR_RETURN(reward.active_until,
                        FromProtoTime(in.active_until(), "reward.active_until"));
  }
  reward.active = true;
  return reward;
}

absl::StatusOr<Round> FromProto(const pb::Round& in) {
  Round round;
  round.title = in.title();
  round.region_id = in.region_id();
  // Unspecified kind and rule pass here: the domain names them after the title and region.
  TX_ASSIGN_OR_RETURN(round.period_kind,
                      PeriodKindFromProto(in.period_kind(), "round.period_kind"));
  round.period = in.period();
  round.party_members_only = in.party_members_only();
  TX_ASSIGN_OR_RETURN(round.rule,
                      FromProtoEnum<RuleKind>(in.rule(), "round.rule", Unspecified::kAllowed));
  round.rule_value = in.rule_value();
  round.rule_tier = in.rule_tier();
  return round;
}

std::vector<Tier> FromProto(const google::protobuf::RepeatedPtrField<pb::Tier>& in) {
  std::vector<Tier> tiers;
  for (const auto& t : in) tiers.push_back({t.name(), t.min_points()});
  return tiers;
}

absl::StatusOr<std::optional<OrderStatus>> OrderStatusFilter(pb::OrderStatus status) {
  if (status == pb::ORDER_STATUS_UNSPECIFIED) return std::nullopt;
  TX_ASSIGN_OR_RETURN(OrderStatus wanted, FromProtoEnum<OrderStatus>(status, "status"));
  return wanted;
}

absl::StatusOr<CandidateDecision> FromProto(pb::CandidateDecision decision) {
  return FromProtoEnum<CandidateDecision>(decision, "decision");
}

absl::StatusOr<PeriodKind> PeriodKindFromProto(pb::PeriodKind kind, const char* field) {
  return FromProtoEnum<PeriodKind>(kind, field, Unspecified::kAllowed);
}

// ---- outgoing ----

void ToProto(const Transfer& in, const std::string& viewer_account, pb::Transfer* out) {
  out->set_transfer_id(in.transfer_id);
  out->set_from_account(in.from_account);
  out->set_to_account(in.to_account);
  out->set_amount(in.amount);
  out->set_kind(ToProtoEnum<pb::TransferKind>(in.kind));
  out->set_source_ref(in.source_ref);
  out->set_actor(in.actor);
  out->set_reason(in.reason);
  out->set_region_id(in.region_id);
  out->set_reverses_transfer_id(in.reverses_transfer_id);
  if (!viewer_account.empty()) {
    out->set_signed_amount(in.to_account == viewer_account ? in.amount : -in.amount);
  }
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const BalanceView& in, pb::Balance* out) {
  out->set_volunteer_id(in.volunteer_id);
  out->set_balance(in.balance);
  out->set_earned_total(in.earned_total);
  out->set_tier(in.tier);
  out->set_next_tier(in.next_tier);
  out->set_points_to_next_tier(in.points_to_next_tier);
}

void ToProto(const ConsistencyReport& in, pb::ConsistencyReport* out) {
  out->set_consistent(in.consistent());
  out->set_accounts_checked(in.accounts_checked);
  out->set_transfers_checked(in.transfers_checked);
  out->set_ledger_sum(in.ledger_sum);
  out->set_negative_volunteer_balances(in.negative_volunteer_balances);
  for (const auto& m : in.mismatches) {
    auto* mismatch = out->add_mismatches();
    mismatch->set_account(m.account);
    mismatch->set_balance(m.balance);
    mismatch->set_sum_of_transfers(m.sum_of_transfers);
  }
}

void ToProto(const EarningRules& in, pb::EarningRules* out) {
  out->set_region_id(in.region_id);
  out->set_points_per_hour(in.points_per_hour);
  for (const auto& [type, rate] : in.points_per_hour_by_post_type) {
    (*out->mutable_points_per_hour_by_post_type())[type] = rate;
  }
  out->set_wish_points(in.wish_points);
  out->set_activity_cap(in.activity_cap);
  for (const auto& [type, points] : in.points_by_grid_task_type) {
    (*out->mutable_points_by_grid_task_type())[type] = points;
  }
  SetTimestamp(out->mutable_update_time(), in.update_time);
  out->set_updated_by(in.updated_by);
}

void ToProto(const Reward& in, pb::Reward* out) {
  out->set_reward_id(in.reward_id);
  out->set_region_id(in.region_id);
  out->set_name(in.name);
  out->set_description(in.description);
  out->set_price(in.price);
  out->set_stock(in.stock);
  out->set_per_person_limit(in.per_person_limit);
  out->set_limit_period(ToProtoEnum<pb::LimitPeriod>(in.limit_period));
  SetTimestamp(out->mutable_active_from(), in.active_from);
  if (in.active_until) SetTimestamp(out->mutable_active_until(), *in.active_until);
  out->set_active(in.active);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Order& in, const Principal& viewer, pb::Order* out) {
  out->set_order_id(in.order_id);
  out->set_reward_id(in.reward_id);
  out->set_reward_name(in.reward_name);
  out->set_region_id(in.region_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_quantity(in.quantity);
  out->set_points(in.points);
  out->set_status(ToProtoEnum<pb::OrderStatus>(in.status));
  if (viewer.subject == in.volunteer_id) out->set_pickup_code(in.pickup_code);
  out->set_cancel_reason(in.cancel_reason);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.close_time) SetTimestamp(out->mutable_close_time(), *in.close_time);
}

void ToProto(const LeaderboardEntry& in, pb::LeaderboardEntry* out) {
  out->set_rank(in.rank);
  out->set_volunteer_id(in.volunteer_id);
  out->set_points(in.points);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
}

void ToProto(const Tier& in, pb::Tier* out) {
  out->set_name(in.name);
  out->set_min_points(in.min_points);
}

void ToProto(const Objection& in, pb::Objection* out) {
  out->set_objection_id(in.objection_id);
  out->set_round_id(in.round_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_lodged_by(in.lodged_by);
  out->set_text(in.text);
  out->set_resolved(in.resolved);
  out->set_upheld(in.upheld);
  out->set_resolution(in.resolution);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Round& in, pb::Round* out) {
  out->set_round_id(in.round_id);
  out->set_title(in.title);
  out->set_region_id(in.region_id);
  out->set_period_kind(ToProtoEnum<pb::PeriodKind>(in.period_kind));
  out->set_period(in.period);
  out->set_party_members_only(in.party_members_only);
  out->set_rule(ToProtoEnum<pb::RuleKind>(in.rule));
  out->set_rule_value(in.rule_value);
  out->set_rule_tier(in.rule_tier);
  out->set_status(ToProtoEnum<pb::RoundStatus>(in.status));
  for (const auto& c : in.candidates) {
    auto* candidate = out->add_candidates();
    candidate->set_rank(c.rank);
    candidate->set_volunteer_id(c.volunteer_id);
    candidate->set_points(c.points);
    candidate->set_decision(ToProtoEnum<pb::CandidateDecision>(c.decision));
    candidate->set_reason(c.reason);
    candidate->set_name(c.name);
    candidate->set_community_id(c.community_id);
  }
  for (const auto& o : in.objections) ToProto(o, out->add_objections());
  if (in.notice_until) SetTimestamp(out->mutable_notice_until(), *in.notice_until);
  out->set_notice_working_days(in.notice_working_days);
  out->set_created_by(in.created_by);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.final_time) SetTimestamp(out->mutable_final_time(), *in.final_time);
}

void ToProto(const Commendation& in, pb::Commendation* out) {
  out->set_round_id(in.round_id);
  out->set_title(in.title);
  out->set_region_id(in.region_id);
  out->set_period(in.period);
  out->set_volunteer_id(in.volunteer_id);
  out->set_points(in.points);
  out->set_rank(in.rank);
  SetTimestamp(out->mutable_final_time(), in.final_time);
}

void ToProto(const PointsStatistics& in, pb::PointsStatistics* out) {
  out->set_region_id(in.region_id);
  out->set_month(in.month);
  out->set_points_issued(in.earned.points);
  out->set_earners(in.earned.earners);
  out->set_points_redeemed(in.redeemed.points);
  out->set_orders(in.redeemed.orders);
}

}  // namespace tongxin::points
