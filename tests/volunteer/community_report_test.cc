// volunteer_unit_test: a party member's report to a community — its transitions table, the
// reason a rejection needs, who confirms at once.
#include "services/volunteer/domain/community_report.h"

#include <gtest/gtest.h>

namespace tongxin::volunteer {
namespace {

TEST(CommunityReportTest, EveryDecisionHasItsRow) {
  for (ReportDecision decision : {ReportDecision::kConfirm, ReportDecision::kReject}) {
    EXPECT_EQ(TransitionFor(decision).decision, decision);
  }
  EXPECT_EQ(TransitionFor(ReportDecision::kConfirm).to, ReportState::kConfirmed);
  EXPECT_EQ(TransitionFor(ReportDecision::kReject).to, ReportState::kRejected);
}

TEST(CommunityReportTest, OnlyAPendingReportIsDecided) {
  for (ReportDecision decision : {ReportDecision::kConfirm, ReportDecision::kReject}) {
    EXPECT_TRUE(CheckReportTransition(ReportState::kPending, decision).ok());
    for (ReportState decided : {ReportState::kConfirmed, ReportState::kRejected}) {
      absl::Status refused = CheckReportTransition(decided, decision);
      EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(refused.message(), "report_id: the report is no longer pending");
    }
  }
}

TEST(CommunityReportTest, ARejectionGivesItsReason) {
  EXPECT_TRUE(CheckDecisionReason(ReportDecision::kConfirm, "").ok());
  EXPECT_EQ(CheckDecisionReason(ReportDecision::kReject, "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckDecisionReason(ReportDecision::kReject, "").message().substr(0, 7), "reason:");
  EXPECT_TRUE(CheckDecisionReason(ReportDecision::kReject, "不在本社区居住").ok());
  EXPECT_EQ(CheckDecisionReason(ReportDecision::kReject, std::string(201, 'x')).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CommunityReportTest, OnlyThePartyMembersOwnReportWaits) {
  EXPECT_FALSE(ReportConfirmedAtOnce(Principal{"v1", Role::kVolunteer, {}}));
  EXPECT_TRUE(ReportConfirmedAtOnce(Principal{"a", Role::kCommunityAdmin, {"411502001001"}}));
  EXPECT_TRUE(ReportConfirmedAtOnce(Principal{"s", Role::kStreetAdmin, {"411502001"}}));
  EXPECT_TRUE(ReportConfirmedAtOnce(Principal{"sys", Role::kSystem, {}}));
}

}  // namespace
}  // namespace tongxin::volunteer
