// The report table's questions (see community_report.h).
#include "services/volunteer/domain/community_report.h"

#include <cstdlib>

#include "services/common/validation.h"

namespace tongxin::volunteer {

const ReportTransition& TransitionFor(ReportDecision decision) {
  for (const ReportTransition& transition : kReportTransitions) {
    if (transition.decision == decision) return transition;
  }
  // Every ReportDecision has its row; the unit tests check it.
  std::abort();
}

absl::Status ReportNoLongerPending() {
  return absl::FailedPreconditionError("report_id: the report is no longer pending");
}

absl::Status CheckReportTransition(ReportState from, ReportDecision decision) {
  if (TransitionFor(decision).from == from) return absl::OkStatus();
  return ReportNoLongerPending();
}

absl::Status CheckDecisionReason(ReportDecision decision, const std::string& reason) {
  return CheckText("reason", reason, 200, TransitionFor(decision).reason_required);
}

bool ReportConfirmedAtOnce(const Principal& caller) { return caller.role != Role::kVolunteer; }

}  // namespace tongxin::volunteer
