// The commendation rounds area: from creation to final, objections, commendations, export.
#include "services/points/domain/rounds_domain.h"

#include <algorithm>

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/periods.h"
#include "services/points/domain/round.h"

namespace tongxin::points {

RoundsDomain::RoundsDomain(RoundRepository& rounds, SettingsRepository& settings,
                           PointsEvents& events, const Clock& clock, PointsOptions options)
    : rounds_(rounds), settings_(settings), events_(events), clock_(clock), options_(options) {}

absl::StatusOr<Round> RoundsDomain::LoadRound(Tx& tx, const std::string& round_id, bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("round_id", round_id));
  TX_ASSIGN_OR_RETURN(auto round, rounds_.Find(tx, round_id, lock));
  if (!round) return absl::NotFoundError("round_id: no such round");
  return *round;
}

absl::StatusOr<std::vector<Candidate>> RoundsDomain::SelectCandidates(Tx& tx, const Round& in) {
  TX_RETURN_IF_ERROR(CheckRuleValue(in.rule, in.rule_value));
  // One row past the cap tells a rule that proposes too many: every rule selects a prefix of the
  // standings it reads (best first), so the cap's worth and one more is all that is read.
  const int read = options_.max_round_candidates + 1;
  std::vector<Candidate> selected;
  switch (in.rule) {
    case RuleKind::kTopN:
    case RuleKind::kMinPoints: {
      TX_ASSIGN_OR_RETURN(auto standings, rounds_.Standings(tx, in.region_id, in.period,
                                                            in.party_members_only, {}, read));
      selected = in.rule == RuleKind::kTopN ? TopN(standings, in.rule_value)
                                            : WithAtLeast(standings, in.rule_value);
      break;
    }
    case RuleKind::kMinTier: {
      TX_ASSIGN_OR_RETURN(auto tiers, settings_.Tiers(tx));
      auto tier = std::find_if(tiers.begin(), tiers.end(),
                               [&](const Tier& t) { return t.name == in.rule_tier; });
      if (tier == tiers.end()) return absl::InvalidArgumentError("round.rule_tier: no such tier");
      // Tiers are by all-time earned points; the period still ranks and limits who is in.
      TX_ASSIGN_OR_RETURN(selected,
                          rounds_.Standings(tx, in.region_id, in.period, in.party_members_only,
                                            tier->min_points, read));
      break;
    }
    case RuleKind::kUnspecified:
      return absl::InvalidArgumentError("round.rule: required");
  }
  TX_RETURN_IF_ERROR(CheckCandidateCount(selected.size(), options_.max_round_candidates));
  return selected;
}

absl::StatusOr<Round> RoundsDomain::CreateRound(Tx& tx, const Principal& caller, const Round& in) {
  TX_RETURN_IF_ERROR(CheckText("round.title", in.title, 100));
  TX_RETURN_IF_ERROR(CheckStoreRegion("round.region_id", in.region_id));
  TX_RETURN_IF_ERROR(CheckPeriod(in.period_kind, in.period));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.region_id));
  Round round = in;
  round.created_by = caller.subject;
  TX_ASSIGN_OR_RETURN(round.candidates, SelectCandidates(tx, in));
  for (auto& c : round.candidates) c.decision = CandidateDecision::kProposed;
  TX_ASSIGN_OR_RETURN(Round inserted, rounds_.Insert(tx, round, clock_.Now()));
  return LoadRound(tx, inserted.round_id, false);
}

absl::StatusOr<Round> RoundsDomain::GetRound(Tx& tx, const Principal& caller,
                                             const std::string& round_id) {
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, false));
  RoundViewer viewer;
  viewer.admin_in_scope = RequireAdminInScope(caller, round.region_id).ok();
  viewer.subject = caller.subject;
  RedactRoundFor(viewer, &round);
  return round;
}

absl::StatusOr<Page<Round>> RoundsDomain::ListRounds(Tx& tx, const Principal&,
                                                     const std::string& region_id,
                                                     const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  return rounds_.List(tx, region_id, page);
}

absl::StatusOr<Round> RoundsDomain::DecideCandidate(Tx& tx, const Principal& caller,
                                                    const std::string& round_id,
                                                    const std::string& volunteer_id,
                                                    CandidateDecision decision,
                                                    const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  // A strike needs a reason.
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, decision == CandidateDecision::kStruck));
  TX_RETURN_IF_ERROR(CheckDecisionTarget(decision));
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  TX_RETURN_IF_ERROR(CheckRoundStep(round.status, RoundStep::kDecideCandidate));
  TX_ASSIGN_OR_RETURN(bool decided, rounds_.Decide(tx, round_id, volunteer_id, decision, reason));
  if (!decided) return absl::NotFoundError("volunteer_id: not a candidate of this round");
  return LoadRound(tx, round_id, false);
}

absl::StatusOr<Round> RoundsDomain::PublishRound(Tx& tx, const Principal& caller,
                                                 const std::string& round_id,
                                                 int notice_working_days) {
  TX_ASSIGN_OR_RETURN(int days,
                      NoticeWorkingDays(notice_working_days, options_.default_notice_working_days));
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  TX_RETURN_IF_ERROR(CheckPublish(round));
  const Time now = clock_.Now();
  TX_RETURN_IF_ERROR(rounds_.StartNotice(tx, round_id, days, AddWorkingDays(now, days)));
  TX_ASSIGN_OR_RETURN(Round published, LoadRound(tx, round_id, false));
  events_.RoundPublished(tx, published, now);
  return published;
}

absl::StatusOr<Objection> RoundsDomain::LodgeObjection(Tx& tx, const Principal& caller,
                                                       const std::string& round_id,
                                                       const std::string& volunteer_id,
                                                       const std::string& text) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckText("text", text, 1000));
  // Locked: a finalisation cannot slip in between the notice check and the insert.
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(CheckLodgeObjection(round, clock_.Now()));
  auto candidate = std::find_if(round.candidates.begin(), round.candidates.end(),
                                [&](const Candidate& c) { return c.volunteer_id == volunteer_id; });
  if (candidate == round.candidates.end() || candidate->decision != CandidateDecision::kConfirmed) {
    return absl::NotFoundError("volunteer_id: not on the published list");
  }
  if (caller.role != Role::kSystem) {
    // Counted under the round's row lock: one caller's simultaneous objections queue on it, so
    // the cap holds however many arrive at once.
    TX_ASSIGN_OR_RETURN(int lodged, rounds_.CountObjectionsBy(tx, round_id, caller.subject));
    TX_RETURN_IF_ERROR(CheckObjectionQuota(lodged, options_.max_objections_per_round));
  }
  Objection objection;
  objection.round_id = round_id;
  objection.volunteer_id = volunteer_id;
  objection.lodged_by = caller.subject;
  objection.text = text;
  return rounds_.InsertObjection(tx, objection, clock_.Now());
}

absl::StatusOr<Round> RoundsDomain::ResolveObjection(Tx& tx, const Principal& caller,
                                                     const std::string& objection_id, bool upheld,
                                                     const std::string& resolution) {
  TX_RETURN_IF_ERROR(CheckUuid("objection_id", objection_id));
  TX_RETURN_IF_ERROR(CheckText("resolution", resolution, 500));
  TX_ASSIGN_OR_RETURN(auto objection, rounds_.FindObjection(tx, objection_id, true));
  if (!objection) return absl::NotFoundError("objection_id: no such objection");
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, objection->round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  TX_RETURN_IF_ERROR(CheckRoundStep(round.status, RoundStep::kResolveObjection));
  TX_RETURN_IF_ERROR(CheckResolve(*objection, upheld));
  // An upheld objection also strikes its candidate (CONFIRMED → STRUCK), in this transaction.
  TX_RETURN_IF_ERROR(rounds_.ResolveObjection(tx, objection_id, upheld, resolution, clock_.Now()));
  return LoadRound(tx, round.round_id, false);
}

absl::StatusOr<Round> RoundsDomain::FinalizeRound(Tx& tx, const Principal& caller,
                                                  const std::string& round_id) {
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  TX_RETURN_IF_ERROR(CheckFinalize(round, clock_.Now()));
  TX_RETURN_IF_ERROR(rounds_.Finalize(tx, round, clock_.Now()));
  TX_ASSIGN_OR_RETURN(Round finalized, LoadRound(tx, round_id, false));
  events_.RoundFinalized(tx, finalized);
  return finalized;
}

absl::StatusOr<std::vector<Commendation>> RoundsDomain::ListCommendations(
    Tx& tx, const Principal& caller, const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  return rounds_.CommendationsOf(tx, volunteer_id);
}

absl::StatusOr<std::string> RoundsDomain::ExportRoundCsv(Tx& tx, const Principal& caller,
                                                         const std::string& round_id,
                                                         std::string* filename) {
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  *filename = RoundCsvFilename(round);
  return RoundCsv(round);
}

}  // namespace tongxin::points
