// A commendation round's life, in one place (the aggregate owns its state changes):
//
//   PROPOSED ──publish──▶ IN_NOTICE (公示) ──finalize──▶ FINAL
//
// While PROPOSED the admin confirms or strikes each frozen candidate; publishing needs every
// candidate decided and starts the notice; during the notice objections are lodged and resolved
// (an upheld one strikes its candidate); finalising needs the notice over and every objection
// resolved. A candidate's decision and an objection have their own small lives below. Pure.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/points/domain/model.h"
#include "services/points/domain/steps.h"

namespace tongxin::points {

// ---- the round ----

enum class RoundStep { kDecideCandidate, kPublish, kLodgeObjection, kResolveObjection, kFinalize };

inline constexpr StepRule<RoundStep, RoundStatus> kRoundSteps[] = {
    {RoundStep::kDecideCandidate, RoundStatus::kProposed, RoundStatus::kProposed,
     "round_id: candidates are decided before publishing"},
    {RoundStep::kPublish, RoundStatus::kProposed, RoundStatus::kInNotice,
     "round_id: the round is already published"},
    {RoundStep::kLodgeObjection, RoundStatus::kInNotice, RoundStatus::kInNotice,
     "round_id: objections are taken during the notice only"},
    {RoundStep::kResolveObjection, RoundStatus::kInNotice, RoundStatus::kInNotice,
     "round_id: the round is not in its notice"},
    {RoundStep::kFinalize, RoundStatus::kInNotice, RoundStatus::kFinal,
     "round_id: only a round in its notice is finalised"},
};

// OK when a round in `status` may take `step`.
inline absl::Status CheckRoundStep(RoundStatus status, RoundStep step) {
  return CheckStep(kRoundSteps, status, step);
}
// Whether some step moves a round from `from` to another status `to`.
inline bool IsRoundTransition(RoundStatus from, RoundStatus to) {
  return IsTransition(kRoundSteps, from, to);
}

// The step and what else it needs of the whole round:
// publishing — every candidate confirmed or struck;
absl::Status CheckPublish(const Round& round);
// an objection — only before the notice ends;
absl::Status CheckLodgeObjection(const Round& round, Time now);
// finalising — the notice over and every objection resolved.
absl::Status CheckFinalize(const Round& round, Time now);

// The notice: 0 asks for the service's default; then 5 to 30 working days.
absl::StatusOr<int> NoticeWorkingDays(int requested, int default_days);

// ---- a candidate's decision ----

// The admin confirms or strikes a candidate, and may change their mind until publishing (the
// round step says when); an upheld objection strikes. Nothing goes back to PROPOSED.
bool IsDecisionTransition(CandidateDecision from, CandidateDecision to);
// INVALID_ARGUMENT unless `to` is a decision an admin can make (CONFIRMED or STRUCK).
absl::Status CheckDecisionTarget(CandidateDecision to);

// ---- an objection ----

// OPEN ──resolve──▶ UPHELD | DISMISSED, once.
enum class ObjectionState { kOpen, kUpheld, kDismissed };
ObjectionState StateOf(const Objection& objection);
bool IsObjectionTransition(ObjectionState from, ObjectionState to);
// FAILED_PRECONDITION when the objection is already resolved.
absl::Status CheckResolve(const Objection& objection, bool upheld);

// ---- candidates and export ----

// The rule's value: N between 1 and 1000 for TOP_N, P above 0 for MIN_POINTS.
absl::Status CheckRuleValue(RuleKind rule, long long value);
// From standings (best first, competition ranks): everyone ranked N or better — all who tie
// with the N-th are proposed; the admin decides, not the sort order.
std::vector<Candidate> TopN(const std::vector<Candidate>& standings, long long n);
// Everyone with at least `min_points`.
std::vector<Candidate> WithAtLeast(const std::vector<Candidate>& standings, long long min_points);

// A round freezes at most `max` candidates: FAILED_PRECONDITION naming the rule when it would
// propose more (the admin narrows it: a smaller N, a higher P or tier).
absl::Status CheckCandidateCount(size_t proposed, int max);

// One caller lodges at most `max` objections per round: FAILED_PRECONDITION once `lodged` (theirs
// already) reaches it.
absl::Status CheckObjectionQuota(int lodged, int max);

// ---- who sees what of a round ----

// Who is looking: an admin in scope of the round's region (or the system), or anyone else (a
// volunteer, an admin elsewhere) by their subject.
struct RoundViewer {
  bool admin_in_scope = false;
  std::string subject;
};
// Clears what the viewer may not see. An admin in scope sees the whole round; anyone else (a
// resident reading the notice) sees the candidates not struck, no reasons, and of the objections
// only their own with its resolution (a struck candidate they objected to stays, to name it).
void RedactRoundFor(const RoundViewer& viewer, Round* round);

// The candidates as CSV for Excel: UTF-8 with a BOM, CRLF lines, Chinese headings; a final
// round's lists only the commended (the confirmed).
std::string RoundCsv(const Round& round);
std::string RoundCsvFilename(const Round& round);

}  // namespace tongxin::points
