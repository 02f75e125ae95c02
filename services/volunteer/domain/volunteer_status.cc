// The volunteer status table's questions (see volunteer_status.h).
#include "services/volunteer/domain/volunteer_status.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace tongxin::volunteer {

std::vector<VolunteerStatus> StatusSet::Members() const {
  std::vector<VolunteerStatus> members;
  for (unsigned number = 0; number < 8 * sizeof(bits_); ++number) {
    if (bits_ & (1u << number)) members.push_back(static_cast<VolunteerStatus>(number));
  }
  return members;
}

const StatusTransition& TransitionFor(StatusChange change) {
  for (const StatusTransition& transition : kStatusTransitions) {
    if (transition.change == change) return transition;
  }
  // Every StatusChange has its row; the unit tests check it.
  std::abort();
}

bool CanMove(VolunteerStatus from, VolunteerStatus to) {
  for (const StatusTransition& transition : kStatusTransitions) {
    if (transition.from.Contains(from) && transition.to == to) return true;
  }
  return false;
}

absl::Status TransitionRefused(StatusChange change) {
  return absl::FailedPreconditionError(absl::StrCat(
      "volunteer_id: the volunteer must be ", TransitionFor(change).from_described, " for this"));
}

absl::Status CheckTransition(VolunteerStatus from, StatusChange change) {
  if (TransitionFor(change).from.Contains(from)) return absl::OkStatus();
  return TransitionRefused(change);
}

absl::Status CheckMayAskForChange(const Principal& caller, const std::string& volunteer_id,
                                  StatusChange change) {
  if (caller.role != Role::kVolunteer) return absl::OkStatus();
  const bool volunteer_may_ask = TransitionFor(change).volunteer_may_ask;
  if (volunteer_may_ask && caller.subject == volunteer_id) return absl::OkStatus();
  return absl::PermissionDeniedError(volunteer_may_ask ? "a volunteer may act only on themself"
                                                       : "only an admin may do this");
}

absl::Status CheckReasonGiven(const Principal& caller, StatusChange change,
                              const std::string& reason) {
  bool needed = false;
  switch (TransitionFor(change).reason) {
    case ReasonRule::kOptional:
      break;
    case ReasonRule::kRequired:
      needed = true;
      break;
    case ReasonRule::kRequiredFromAdmins:
      needed = caller.role != Role::kVolunteer;
      break;
  }
  if (needed && reason.empty()) return absl::InvalidArgumentError("reason: required");
  return absl::OkStatus();
}

absl::Status RequireActive(VolunteerStatus status) {
  if (status == VolunteerStatus::kActive) return absl::OkStatus();
  return absl::FailedPreconditionError("volunteer_id: the volunteer must be active");
}

absl::Status RequireNotDeregistered(VolunteerStatus status) {
  if (status != VolunteerStatus::kDeregistered) return absl::OkStatus();
  return absl::FailedPreconditionError("volunteer_id: the volunteer is deregistered");
}

}  // namespace tongxin::volunteer
