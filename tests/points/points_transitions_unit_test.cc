// The points service's state machines without a database: an order's steps, a round's steps and
// what each needs of the whole round, a candidate's decision and an objection — every allowed and
// every refused pair, with the messages the service answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "services/points/domain/order.h"
#include "services/points/domain/round.h"

namespace tongxin::points {
namespace {

const std::vector<OrderStatus> kOrderStatuses = {OrderStatus::kHeld, OrderStatus::kCollected,
                                                 OrderStatus::kCancelled};
const std::vector<RoundStatus> kRoundStatuses = {RoundStatus::kProposed, RoundStatus::kInNotice,
                                                 RoundStatus::kFinal};
const std::vector<CandidateDecision> kDecisions = {
    CandidateDecision::kProposed, CandidateDecision::kConfirmed, CandidateDecision::kStruck};
const std::vector<ObjectionState> kObjectionStates = {
    ObjectionState::kOpen, ObjectionState::kUpheld, ObjectionState::kDismissed};

const Time kNoon = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

// ---- orders ----

TEST(OrderTransitions, OnlyAHeldOrderMovesAndOnlyToCollectedOrCancelled) {
  const std::vector<std::pair<OrderStatus, OrderStatus>> allowed = {
      {OrderStatus::kHeld, OrderStatus::kCollected}, {OrderStatus::kHeld, OrderStatus::kCancelled}};
  for (OrderStatus from : kOrderStatuses) {
    for (OrderStatus to : kOrderStatuses) {
      bool expected =
          std::find(allowed.begin(), allowed.end(), std::pair(from, to)) != allowed.end();
      EXPECT_EQ(IsOrderTransition(from, to), expected)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
    }
  }
}

TEST(OrderTransitions, EachStepNeedsAHeldOrderAndSaysWhyNot) {
  EXPECT_TRUE(CheckOrderStep(OrderStatus::kHeld, OrderStep::kCollect).ok());
  EXPECT_TRUE(CheckOrderStep(OrderStatus::kHeld, OrderStep::kCancel).ok());
  for (OrderStatus done : {OrderStatus::kCollected, OrderStatus::kCancelled}) {
    absl::Status collect = CheckOrderStep(done, OrderStep::kCollect);
    EXPECT_EQ(collect.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(collect.message(), "order_id: the order is no longer waiting for pickup");
    absl::Status cancel = CheckOrderStep(done, OrderStep::kCancel);
    EXPECT_EQ(cancel.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(cancel.message(), "order_id: only an order waiting for pickup can be cancelled");
  }
}

TEST(OrderTransitions, TheStepTableAgreesWithTheTransitions) {
  for (const auto& rule : kOrderSteps) {
    EXPECT_TRUE(IsOrderTransition(rule.from, rule.to));
    for (OrderStatus status : kOrderStatuses) {
      EXPECT_EQ(CheckOrderStep(status, rule.step).ok(), status == rule.from);
    }
  }
}

// ---- rounds ----

TEST(RoundTransitions, ProposedToNoticeToFinalAndNothingElse) {
  const std::vector<std::pair<RoundStatus, RoundStatus>> allowed = {
      {RoundStatus::kProposed, RoundStatus::kInNotice},
      {RoundStatus::kInNotice, RoundStatus::kFinal}};
  for (RoundStatus from : kRoundStatuses) {
    for (RoundStatus to : kRoundStatuses) {
      bool expected =
          std::find(allowed.begin(), allowed.end(), std::pair(from, to)) != allowed.end();
      EXPECT_EQ(IsRoundTransition(from, to), expected)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
    }
  }
}

TEST(RoundTransitions, EveryStepInEveryStatus) {
  struct Case {
    RoundStep step;
    RoundStatus allowed_in;
    const char* refusal;
  };
  const Case cases[] = {
      {RoundStep::kDecideCandidate, RoundStatus::kProposed,
       "round_id: candidates are decided before publishing"},
      {RoundStep::kPublish, RoundStatus::kProposed, "round_id: the round is already published"},
      {RoundStep::kLodgeObjection, RoundStatus::kInNotice,
       "round_id: objections are taken during the notice only"},
      {RoundStep::kResolveObjection, RoundStatus::kInNotice,
       "round_id: the round is not in its notice"},
      {RoundStep::kFinalize, RoundStatus::kInNotice,
       "round_id: only a round in its notice is finalised"},
  };
  for (const Case& c : cases) {
    for (RoundStatus status : kRoundStatuses) {
      absl::Status checked = CheckRoundStep(status, c.step);
      if (status == c.allowed_in) {
        EXPECT_TRUE(checked.ok()) << checked;
      } else {
        EXPECT_EQ(checked.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(checked.message(), c.refusal);
      }
    }
  }
}

Round RoundIn(RoundStatus status) {
  Round round;
  round.status = status;
  Candidate decided;
  decided.volunteer_id = "a";
  decided.decision = CandidateDecision::kConfirmed;
  round.candidates.push_back(decided);
  if (status != RoundStatus::kProposed) round.notice_until = kNoon;
  return round;
}

TEST(RoundTransitions, PublishingNeedsEveryCandidateDecided) {
  Round round = RoundIn(RoundStatus::kProposed);
  EXPECT_TRUE(CheckPublish(round).ok());
  Candidate undecided;
  undecided.volunteer_id = "b";
  round.candidates.push_back(undecided);
  EXPECT_EQ(CheckPublish(round).message(),
            "round_id: confirm or strike every candidate before publishing");
  EXPECT_EQ(CheckPublish(RoundIn(RoundStatus::kInNotice)).message(),
            "round_id: the round is already published");
}

TEST(RoundTransitions, ObjectionsOnlyBeforeTheNoticeEnds) {
  Round round = RoundIn(RoundStatus::kInNotice);
  EXPECT_TRUE(CheckLodgeObjection(round, kNoon - std::chrono::seconds(1)).ok());
  for (Time late : {kNoon, kNoon + std::chrono::hours(1)}) {
    absl::Status refused = CheckLodgeObjection(round, late);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(refused.message(), "round_id: objections are taken during the notice only");
  }
  EXPECT_FALSE(CheckLodgeObjection(RoundIn(RoundStatus::kProposed), kNoon).ok());
  EXPECT_FALSE(CheckLodgeObjection(RoundIn(RoundStatus::kFinal), kNoon).ok());
}

TEST(RoundTransitions, FinalisingNeedsTheNoticeOverAndEveryObjectionResolved) {
  Round round = RoundIn(RoundStatus::kInNotice);
  EXPECT_EQ(CheckFinalize(round, kNoon - std::chrono::seconds(1)).message(),
            "round_id: the notice period has not ended");
  Objection open;
  round.objections.push_back(open);
  EXPECT_EQ(CheckFinalize(round, kNoon).message(), "round_id: resolve every objection first");
  round.objections.back().resolved = true;
  EXPECT_TRUE(CheckFinalize(round, kNoon).ok());
  EXPECT_EQ(CheckFinalize(RoundIn(RoundStatus::kProposed), kNoon).message(),
            "round_id: only a round in its notice is finalised");
  EXPECT_EQ(CheckFinalize(RoundIn(RoundStatus::kFinal), kNoon).message(),
            "round_id: only a round in its notice is finalised");
}

TEST(RoundTransitions, TheNoticeIsFiveToThirtyWorkingDaysDefaultingToTheService) {
  EXPECT_EQ(*NoticeWorkingDays(0, 5), 5);
  EXPECT_EQ(*NoticeWorkingDays(0, 7), 7);
  EXPECT_EQ(*NoticeWorkingDays(30, 5), 30);
  for (int bad : {1, 4, 31, -5}) {
    EXPECT_EQ(NoticeWorkingDays(bad, 5).status().message(),
              "notice_working_days: between 5 and 30");
  }
}

// ---- a candidate's decision ----

TEST(CandidateDecisions, AnyDecisionMayBecomeConfirmedOrStruckNeverProposed) {
  for (CandidateDecision from : kDecisions) {
    for (CandidateDecision to : kDecisions) {
      EXPECT_EQ(IsDecisionTransition(from, to), to != CandidateDecision::kProposed)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
    }
  }
  EXPECT_TRUE(CheckDecisionTarget(CandidateDecision::kConfirmed).ok());
  EXPECT_TRUE(CheckDecisionTarget(CandidateDecision::kStruck).ok());
  absl::Status back = CheckDecisionTarget(CandidateDecision::kProposed);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), "decision: CONFIRMED or STRUCK");
}

// ---- an objection ----

TEST(ObjectionTransitions, AnOpenObjectionIsResolvedOnceEitherWay) {
  for (ObjectionState from : kObjectionStates) {
    for (ObjectionState to : kObjectionStates) {
      bool expected = from == ObjectionState::kOpen && to != ObjectionState::kOpen;
      EXPECT_EQ(IsObjectionTransition(from, to), expected)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
    }
  }
  Objection objection;
  EXPECT_EQ(StateOf(objection), ObjectionState::kOpen);
  EXPECT_TRUE(CheckResolve(objection, true).ok());
  EXPECT_TRUE(CheckResolve(objection, false).ok());
  objection.resolved = true;
  EXPECT_EQ(StateOf(objection), ObjectionState::kDismissed);
  objection.upheld = true;
  EXPECT_EQ(StateOf(objection), ObjectionState::kUpheld);
  for (bool upheld : {true, false}) {
    absl::Status again = CheckResolve(objection, upheld);
    EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(again.message(), "objection_id: already resolved");
  }
}

}  // namespace
}  // namespace tongxin::points
