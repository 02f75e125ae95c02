// A volunteer's life: PENDING → ACTIVE ↔ SUSPENDED, any → DEREGISTERED (the service record is
// kept). The table below is the one place that says which change moves which status, who may ask
// for it and when a reason is needed; the domain asks it before a change, and the repository's
// conditional UPDATE takes its "from" states from it, so a concurrent change cannot slip past.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// The status changes the service offers (one RPC each).
enum class StatusChange { kApprove, kSuspend, kReactivate, kDeregister };

// A small set of statuses, usable in constant tables.
class StatusSet {
 public:
  constexpr StatusSet(std::initializer_list<VolunteerStatus> statuses) {
    for (VolunteerStatus status : statuses) bits_ |= Bit(status);
  }
  constexpr bool Contains(VolunteerStatus status) const { return (bits_ & Bit(status)) != 0; }
  // The members in ascending order of their numbers.
  std::vector<VolunteerStatus> Members() const;

 private:
  static constexpr unsigned Bit(VolunteerStatus status) {
    return 1u << static_cast<unsigned>(status);
  }
  unsigned bits_ = 0;
};

// When a status change needs a reason.
enum class ReasonRule {
  kOptional,
  kRequired,
  kRequiredFromAdmins,  // the volunteer leaving of their own accord owes no reason
};

struct StatusTransition {
  StatusChange change;
  StatusSet from;
  VolunteerStatus to;
  bool volunteer_may_ask;  // the volunteer themself (otherwise only admins in scope, the system)
  ReasonRule reason;
  const char* from_described;  // "the volunteer must be <from_described> for this"
};

inline constexpr StatusTransition kStatusTransitions[] = {
    {StatusChange::kApprove,
     {VolunteerStatus::kPending},
     VolunteerStatus::kActive,
     false,
     ReasonRule::kOptional,
     "pending"},
    {StatusChange::kSuspend,
     {VolunteerStatus::kActive},
     VolunteerStatus::kSuspended,
     false,
     ReasonRule::kRequired,
     "active"},
    {StatusChange::kReactivate,
     {VolunteerStatus::kSuspended},
     VolunteerStatus::kActive,
     false,
     ReasonRule::kOptional,
     "suspended"},
    {StatusChange::kDeregister,
     {VolunteerStatus::kPending, VolunteerStatus::kActive, VolunteerStatus::kSuspended},
     VolunteerStatus::kDeregistered,
     true,
     ReasonRule::kRequiredFromAdmins,
     "not yet deregistered"},
};

// The table's row for `change`.
const StatusTransition& TransitionFor(StatusChange change);

// True when some change moves a volunteer from `from` to `to`.
bool CanMove(VolunteerStatus from, VolunteerStatus to);

// OK when `change` applies to a volunteer in `from`; otherwise TransitionRefused(change).
absl::Status CheckTransition(VolunteerStatus from, StatusChange change);
// FAILED_PRECONDITION "volunteer_id: the volunteer must be <…> for this".
absl::Status TransitionRefused(StatusChange change);

// Who may ask: a volunteer only for themself and only where the table allows; anyone else is
// checked against the volunteer's community by the caller of this function.
absl::Status CheckMayAskForChange(const Principal& caller, const std::string& volunteer_id,
                                  StatusChange change);
// INVALID_ARGUMENT "reason: required" where the table needs a reason from this caller.
absl::Status CheckReasonGiven(const Principal& caller, StatusChange change,
                              const std::string& reason);

// What a status allows besides its changes.
// Joining a team, reporting to a community: FAILED_PRECONDITION unless active.
absl::Status RequireActive(VolunteerStatus status);
// Changing the profile: FAILED_PRECONDITION once deregistered.
absl::Status RequireNotDeregistered(VolunteerStatus status);

}  // namespace tongxin::volunteer
