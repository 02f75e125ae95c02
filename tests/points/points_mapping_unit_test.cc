// The points service's proto ↔ domain mapping without a server: incoming enums are checked
// (unknown numbers refused naming the field, UNSPECIFIED only where it means something), times
// are checked, and what goes out shows the pickup code and the signed amount only to their owner.
#include <gtest/gtest.h>

#include "services/common/rpc_handlers.h"
#include "services/points/grpc/mapping.h"

namespace tongxin::points {
namespace {

TEST(Mapping, UnknownEnumNumbersAreRefusedNamingTheField) {
  pb::AwardRequest award;
  award.set_activity(static_cast<pb::Activity>(9));
  EXPECT_EQ(FromProto(award).status().message(), "activity: unknown value 9");
  pb::Reward reward;
  reward.set_limit_period(static_cast<pb::LimitPeriod>(4));
  EXPECT_EQ(FromProto(reward).status().message(), "reward.limit_period: unknown value 4");
  pb::Round round;
  round.set_period_kind(static_cast<pb::PeriodKind>(5));
  EXPECT_EQ(FromProto(round).status().message(), "round.period_kind: unknown value 5");
  round.set_period_kind(pb::PERIOD_KIND_YEAR);
  round.set_rule(static_cast<pb::RuleKind>(4));
  EXPECT_EQ(FromProto(round).status().message(), "round.rule: unknown value 4");
  EXPECT_EQ(OrderStatusFilter(static_cast<pb::OrderStatus>(4)).status().message(),
            "status: unknown value 4");
  EXPECT_EQ(FromProto(static_cast<pb::CandidateDecision>(4)).status().message(),
            "decision: unknown value 4");
  EXPECT_EQ(PeriodKindFromProto(static_cast<pb::PeriodKind>(-1), "period_kind").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Mapping, UnspecifiedPassesWhereItMeansSomething) {
  // No activity and no period kind: the domain refuses them after checking the caller.
  pb::AwardRequest award;
  ASSERT_TRUE(FromProto(award).ok());
  EXPECT_EQ(FromProto(award)->activity, Activity::kUnspecified);
  EXPECT_EQ(*PeriodKindFromProto(pb::PERIOD_KIND_UNSPECIFIED, "period_kind"),
            PeriodKind::kUnspecified);
  // No limit period: no per-person limit.
  pb::Reward reward;
  ASSERT_TRUE(FromProto(reward).ok());
  EXPECT_EQ(FromProto(reward)->limit_period, LimitPeriod::kNone);
  EXPECT_TRUE(FromProto(reward)->active);
  // No status: any status.
  EXPECT_EQ(*OrderStatusFilter(pb::ORDER_STATUS_UNSPECIFIED), std::nullopt);
  EXPECT_EQ(*OrderStatusFilter(pb::ORDER_STATUS_CANCELLED), OrderStatus::kCancelled);
  // A decision is required.
  EXPECT_EQ(FromProto(pb::CANDIDATE_DECISION_UNSPECIFIED).status().message(), "decision: required");
  EXPECT_EQ(*FromProto(pb::CANDIDATE_DECISION_STRUCK), CandidateDecision::kStruck);
}

TEST(Mapping, TimesAreBetween2000And2100) {
  google::protobuf::Timestamp t;
  t.set_seconds(1781496000);
  ASSERT_TRUE(FromProtoTime(t, "reward.active_from").ok());
  EXPECT_EQ(*FromProtoTime(t, "reward.active_from"),
            std::chrono::system_clock::from_time_t(1781496000));
  t.set_seconds(1);
  EXPECT_EQ(FromProtoTime(t, "reward.active_until").status().message(),
            "reward.active_until: must be between 2000 and 2100");
  t.set_seconds(253402300799);  // 9999-12-31: would wrap a nanosecond time point
  EXPECT_EQ(FromProtoTime(t, "completed_at").status().code(), absl::StatusCode::kInvalidArgument);
  t.set_seconds(1781496000);
  t.set_nanos(1000000000);
  EXPECT_EQ(FromProtoTime(t, "completed_at").status().message(),
            "completed_at: nanos must be 0 to 999999999");
  t.set_nanos(999999999);  // whole microseconds, as stored
  EXPECT_EQ(*FromProtoTime(t, "completed_at"),
            std::chrono::system_clock::from_time_t(1781496000) + std::chrono::microseconds(999999));
  pb::Reward reward;
  reward.mutable_active_until()->set_seconds(1);
  EXPECT_EQ(FromProto(reward).status().message(),
            "reward.active_until: must be between 2000 and 2100");
}

TEST(Mapping, ThePickupCodeGoesOnlyToTheVolunteerWhoOrdered) {
  Order order;
  order.volunteer_id = "v1";
  order.pickup_code = "ABCDEFGH";
  order.status = OrderStatus::kCollected;
  pb::Order mine, staff;
  ToProto(order, Principal{"v1", Role::kVolunteer, {}}, &mine);
  ToProto(order, Principal{"admin", Role::kCommunityAdmin, {"411502001001"}}, &staff);
  EXPECT_EQ(mine.pickup_code(), "ABCDEFGH");
  EXPECT_EQ(staff.pickup_code(), "");
  EXPECT_EQ(mine.status(), pb::ORDER_STATUS_COLLECTED);
}

TEST(Mapping, ASignedAmountIsAsTheViewingAccountSeesIt) {
  Transfer transfer;
  transfer.from_account = "volunteer:v1";
  transfer.to_account = "store:411502001";
  transfer.amount = 30;
  transfer.kind = TransferKind::kRedemptionHold;
  pb::Transfer out;
  ToProto(transfer, "volunteer:v1", &out);
  EXPECT_EQ(out.signed_amount(), -30);
  EXPECT_EQ(out.kind(), pb::TRANSFER_KIND_REDEMPTION_HOLD);
  pb::Transfer unsigned_view;
  ToProto(transfer, "", &unsigned_view);
  EXPECT_EQ(unsigned_view.signed_amount(), 0);
}

}  // namespace
}  // namespace tongxin::points
