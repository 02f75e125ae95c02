// A commendation round's steps, candidates' decisions, objections, selection and export.
#include "services/points/domain/round.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "services/common/csv.h"

namespace tongxin::points {

absl::Status CheckPublish(const Round& round) {
  if (absl::Status status = CheckRoundStep(round.status, RoundStep::kPublish); !status.ok()) {
    return status;
  }
  for (const auto& c : round.candidates) {
    if (c.decision == CandidateDecision::kProposed) {
      return absl::FailedPreconditionError(
          "round_id: confirm or strike every candidate before publishing");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckLodgeObjection(const Round& round, Time now) {
  absl::Status status = CheckRoundStep(round.status, RoundStep::kLodgeObjection);
  if (status.ok() && (!round.notice_until || now >= *round.notice_until)) {
    return absl::FailedPreconditionError("round_id: objections are taken during the notice only");
  }
  return status;
}

absl::Status CheckFinalize(const Round& round, Time now) {
  if (absl::Status status = CheckRoundStep(round.status, RoundStep::kFinalize); !status.ok()) {
    return status;
  }
  if (round.notice_until && now < *round.notice_until) {
    return absl::FailedPreconditionError("round_id: the notice period has not ended");
  }
  for (const auto& objection : round.objections) {
    if (!objection.resolved) {
      return absl::FailedPreconditionError("round_id: resolve every objection first");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> NoticeWorkingDays(int requested, int default_days) {
  int days = requested == 0 ? default_days : requested;
  if (days < 5 || days > 30) {
    return absl::InvalidArgumentError("notice_working_days: between 5 and 30");
  }
  return days;
}

bool IsDecisionTransition(CandidateDecision from, CandidateDecision to) {
  // [from][to], by the enum's numbers (1 PROPOSED, 2 CONFIRMED, 3 STRUCK).
  static constexpr bool kAllowed[4][4] = {
      {false, false, false, false},
      {false, false, true, true},  // PROPOSED → CONFIRMED | STRUCK
      {false, false, true, true},  // CONFIRMED → STRUCK (or confirmed again)
      {false, false, true, true},  // STRUCK → CONFIRMED (or struck again)
  };
  int f = static_cast<int>(from), t = static_cast<int>(to);
  return f >= 0 && f < 4 && t >= 0 && t < 4 && kAllowed[f][t];
}

absl::Status CheckDecisionTarget(CandidateDecision to) {
  for (CandidateDecision from :
       {CandidateDecision::kProposed, CandidateDecision::kConfirmed, CandidateDecision::kStruck}) {
    if (IsDecisionTransition(from, to)) return absl::OkStatus();
  }
  return absl::InvalidArgumentError("decision: CONFIRMED or STRUCK");
}

ObjectionState StateOf(const Objection& objection) {
  if (!objection.resolved) return ObjectionState::kOpen;
  return objection.upheld ? ObjectionState::kUpheld : ObjectionState::kDismissed;
}

bool IsObjectionTransition(ObjectionState from, ObjectionState to) {
  return from == ObjectionState::kOpen && to != ObjectionState::kOpen;
}

absl::Status CheckResolve(const Objection& objection, bool upheld) {
  if (!IsObjectionTransition(StateOf(objection),
                             upheld ? ObjectionState::kUpheld : ObjectionState::kDismissed)) {
    return absl::FailedPreconditionError("objection_id: already resolved");
  }
  return absl::OkStatus();
}

absl::Status CheckRuleValue(RuleKind rule, long long value) {
  switch (rule) {
    case RuleKind::kTopN:
      if (value <= 0 || value > 1000) {
        return absl::InvalidArgumentError("round.rule_value: N between 1 and 1000");
      }
      break;
    case RuleKind::kMinPoints:
      if (value <= 0) return absl::InvalidArgumentError("round.rule_value: P above 0");
      break;
    case RuleKind::kMinTier:
      break;
    case RuleKind::kUnspecified:
      return absl::InvalidArgumentError("round.rule: required");
  }
  return absl::OkStatus();
}

std::vector<Candidate> TopN(const std::vector<Candidate>& standings, long long n) {
  std::vector<Candidate> result;
  for (const auto& c : standings) {
    if (c.rank > n) break;
    result.push_back(c);
  }
  return result;
}

std::vector<Candidate> WithAtLeast(const std::vector<Candidate>& standings, long long min_points) {
  std::vector<Candidate> result;
  for (const auto& c : standings) {
    if (c.points >= min_points) result.push_back(c);
  }
  return result;
}

absl::Status CheckCandidateCount(size_t proposed, int max) {
  if (proposed > static_cast<size_t>(max)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "round.rule: the rule proposes more than ", max,
        " candidates, the most a round may freeze; narrow it (a smaller N, a higher P or tier)"));
  }
  return absl::OkStatus();
}

absl::Status CheckObjectionQuota(int lodged, int max) {
  if (lodged >= max) {
    return absl::FailedPreconditionError(
        absl::StrCat("round_id: at most ", max, " objections per person and round"));
  }
  return absl::OkStatus();
}

void RedactRoundFor(const RoundViewer& viewer, Round* round) {
  if (viewer.admin_in_scope) return;
  // Everyone else's objections go whole (who, what, how resolved): only the viewer's own stay.
  std::erase_if(round->objections, [&](const Objection& objection) {
    return viewer.subject.empty() || objection.lodged_by != viewer.subject;
  });
  auto objected_to = [&](const std::string& volunteer_id) {
    for (const auto& objection : round->objections) {
      if (objection.volunteer_id == volunteer_id) return true;
    }
    return false;
  };
  // Whom the admin struck, and why, is not the public's business: a struck candidate stays only
  // for the viewer who objected to them (their objection names them), still without the reason.
  std::erase_if(round->candidates, [&](const Candidate& candidate) {
    return candidate.decision == CandidateDecision::kStruck && !objected_to(candidate.volunteer_id);
  });
  for (auto& candidate : round->candidates) candidate.reason.clear();
}

std::string RoundCsv(const Round& round) {
  auto decision = [](CandidateDecision d) {
    switch (d) {
      case CandidateDecision::kProposed:
        return "待定";
      case CandidateDecision::kConfirmed:
        return "确认";
      case CandidateDecision::kStruck:
        return "撤销";
    }
    return "";
  };
  std::string csv(kUtf8Bom);
  csv += "排名,姓名,志愿者编号,社区,积分,结果,说明\r\n";
  for (const auto& c : round.candidates) {
    // A final round's file is the list of the commended (表彰名单): whoever was struck, before
    // the notice or by an upheld objection, is not on it. Before that it is the working list,
    // every decision with its reason.
    if (round.status == RoundStatus::kFinal && c.decision != CandidateDecision::kConfirmed) {
      continue;
    }
    csv += absl::StrCat(c.rank, ",", CsvCell(c.name), ",", CsvCell(c.volunteer_id), ",",
                        CsvCell(c.community_id), ",", c.points, ",", decision(c.decision), ",",
                        CsvCell(c.reason), "\r\n");
  }
  return csv;
}

std::string RoundCsvFilename(const Round& round) {
  return absl::StrCat("round-", round.period, "-", round.round_id.substr(0, 8), ".csv");
}

}  // namespace tongxin::points
