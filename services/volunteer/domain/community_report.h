// A party member's report to a community (到社区报到): PENDING → CONFIRMED | REJECTED. The table
// below is the one place that says which decision moves which state and when a reason is
// needed; the domain asks it before a decision and the repository's conditional UPDATE takes its
// "from" state from it, so two admins deciding at once cannot both succeed.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// The decisions an admin of the community (or the system) makes on a report (one RPC each).
enum class ReportDecision { kConfirm, kReject };

struct ReportTransition {
  ReportDecision decision;
  ReportState from;
  ReportState to;
  bool reason_required;
};

inline constexpr ReportTransition kReportTransitions[] = {
    {ReportDecision::kConfirm, ReportState::kPending, ReportState::kConfirmed, false},
    {ReportDecision::kReject, ReportState::kPending, ReportState::kRejected, true},
};

// The table's row for `decision`.
const ReportTransition& TransitionFor(ReportDecision decision);

// OK when `decision` applies to a report in `from`; ReportNoLongerPending() otherwise.
absl::Status CheckReportTransition(ReportState from, ReportDecision decision);
// FAILED_PRECONDITION "report_id: the report is no longer pending".
absl::Status ReportNoLongerPending();

// INVALID_ARGUMENT "reason: …" when the decision needs a reason and has none, or it is too long.
absl::Status CheckDecisionReason(ReportDecision decision, const std::string& reason);

// Whether a report `caller` makes counts at once: the party member's own report is a request;
// an admin (in scope of both communities, checked by the domain) or the system reporting
// someone decides it themself.
bool ReportConfirmedAtOnce(const Principal& caller);

}  // namespace tongxin::volunteer
