// volunteer_unit_test: a volunteer's life as the status table says it — every (status, change)
// pair and every (from, to) pair allowed or refused, who may ask, when a reason is needed, and
// the messages the service answers with.
#include "services/volunteer/domain/volunteer_status.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

namespace tongxin::volunteer {
namespace {

using S = VolunteerStatus;
using C = StatusChange;

constexpr S kStatuses[] = {S::kUnspecified, S::kPending, S::kActive, S::kSuspended,
                           S::kDeregistered};
constexpr C kChanges[] = {C::kApprove, C::kSuspend, C::kReactivate, C::kDeregister};

Principal Caller(Role role, const std::string& subject) {
  Principal caller;
  caller.role = role;
  caller.subject = subject;
  return caller;
}

TEST(VolunteerStatusTest, EveryChangeHasOneRow) {
  for (C change : kChanges) {
    int rows = 0;
    for (const StatusTransition& row : kStatusTransitions) rows += row.change == change;
    EXPECT_EQ(rows, 1) << static_cast<int>(change);
    EXPECT_EQ(TransitionFor(change).change, change);
  }
}

TEST(VolunteerStatusTest, EveryStatusAndChangePair) {
  // PENDING → ACTIVE ↔ SUSPENDED, any (but deregistered) → DEREGISTERED.
  const std::set<std::pair<S, C>> allowed = {
      {S::kPending, C::kApprove},    {S::kActive, C::kSuspend},    {S::kSuspended, C::kReactivate},
      {S::kPending, C::kDeregister}, {S::kActive, C::kDeregister}, {S::kSuspended, C::kDeregister},
  };
  for (S from : kStatuses) {
    for (C change : kChanges) {
      absl::Status status = CheckTransition(from, change);
      if (allowed.count({from, change})) {
        EXPECT_TRUE(status.ok()) << static_cast<int>(from) << " " << static_cast<int>(change);
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition)
            << static_cast<int>(from) << " " << static_cast<int>(change);
        EXPECT_EQ(status, TransitionRefused(change));
      }
    }
  }
}

TEST(VolunteerStatusTest, EveryFromToPair) {
  const std::set<std::pair<S, S>> allowed = {
      {S::kPending, S::kActive},      {S::kActive, S::kSuspended},
      {S::kSuspended, S::kActive},    {S::kPending, S::kDeregistered},
      {S::kActive, S::kDeregistered}, {S::kSuspended, S::kDeregistered},
  };
  for (S from : kStatuses) {
    for (S to : kStatuses) {
      EXPECT_EQ(CanMove(from, to), allowed.count({from, to}) == 1)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
    }
  }
}

TEST(VolunteerStatusTest, RefusalsSayWhatTheVolunteerMustBe) {
  const std::map<C, std::string> messages = {
      {C::kApprove, "volunteer_id: the volunteer must be pending for this"},
      {C::kSuspend, "volunteer_id: the volunteer must be active for this"},
      {C::kReactivate, "volunteer_id: the volunteer must be suspended for this"},
      {C::kDeregister, "volunteer_id: the volunteer must be not yet deregistered for this"},
  };
  for (const auto& [change, message] : messages) {
    EXPECT_EQ(TransitionRefused(change).message(), message);
  }
}

TEST(VolunteerStatusTest, TheUpdateTakesItsFromStatesFromTheTable) {
  EXPECT_EQ(TransitionFor(C::kApprove).from.Members(), std::vector<S>{S::kPending});
  EXPECT_EQ(TransitionFor(C::kDeregister).from.Members(),
            (std::vector<S>{S::kPending, S::kActive, S::kSuspended}));
  EXPECT_EQ(TransitionFor(C::kSuspend).to, S::kSuspended);
  EXPECT_EQ(TransitionFor(C::kReactivate).to, S::kActive);
}

TEST(VolunteerStatusTest, AVolunteerMayOnlyDeregisterThemself) {
  const Principal self = Caller(Role::kVolunteer, "v1");
  for (C change : kChanges) {
    absl::Status own = CheckMayAskForChange(self, "v1", change);
    absl::Status other = CheckMayAskForChange(self, "v2", change);
    EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
    if (change == C::kDeregister) {
      EXPECT_TRUE(own.ok());
      EXPECT_EQ(other.message(), "a volunteer may act only on themself");
    } else {
      EXPECT_EQ(own.code(), absl::StatusCode::kPermissionDenied);
      EXPECT_EQ(own.message(), "only an admin may do this");
    }
  }
  // Admins and the system pass here; their scope is checked against the volunteer's community.
  for (Role role : {Role::kCommunityAdmin, Role::kStreetAdmin, Role::kSystem}) {
    for (C change : kChanges) {
      EXPECT_TRUE(CheckMayAskForChange(Caller(role, "someone"), "v1", change).ok());
    }
  }
}

TEST(VolunteerStatusTest, ReasonsForSuspensionAndForAnAdminsDeregistration) {
  const Principal self = Caller(Role::kVolunteer, "v1");
  const Principal admin = Caller(Role::kCommunityAdmin, "a");
  const Principal system = Caller(Role::kSystem, "s");
  for (const Principal& caller : {self, admin, system}) {
    EXPECT_TRUE(CheckReasonGiven(caller, C::kApprove, "").ok());
    EXPECT_TRUE(CheckReasonGiven(caller, C::kReactivate, "").ok());
    EXPECT_EQ(CheckReasonGiven(caller, C::kSuspend, "").message(), "reason: required");
    EXPECT_TRUE(CheckReasonGiven(caller, C::kSuspend, "长期未参加活动").ok());
    EXPECT_TRUE(CheckReasonGiven(caller, C::kDeregister, "搬离本市").ok());
  }
  EXPECT_TRUE(CheckReasonGiven(self, C::kDeregister, "").ok());
  EXPECT_EQ(CheckReasonGiven(admin, C::kDeregister, "").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckReasonGiven(system, C::kDeregister, "").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(VolunteerStatusTest, WhatAStatusAllowsBesidesItsChanges) {
  for (S status : kStatuses) {
    absl::Status active = RequireActive(status);
    absl::Status editable = RequireNotDeregistered(status);
    EXPECT_EQ(active.ok(), status == S::kActive);
    EXPECT_EQ(editable.ok(), status != S::kDeregistered);
    if (!active.ok()) {
      EXPECT_EQ(active.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(active.message(), "volunteer_id: the volunteer must be active");
    }
    if (!editable.ok()) {
      EXPECT_EQ(editable.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(editable.message(), "volunteer_id: the volunteer is deregistered");
    }
  }
}

}  // namespace
}  // namespace tongxin::volunteer
