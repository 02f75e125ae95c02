// The commendation rounds area: a round's candidates frozen from the standings when it is
// created, the admin's decisions, publishing (the notice, 公示), objections, finalising
// (commendations on volunteers' records) and the CSV export. Every step asks round.h whether the
// round's state allows it. Knows neither SQL nor gRPC.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"
#include "services/points/domain/points_events.h"
#include "services/points/repository/round_repository.h"
#include "services/points/repository/settings_repository.h"

namespace tongxin::points {

class RoundsDomain {
 public:
  RoundsDomain(RoundRepository& rounds, SettingsRepository& settings, PointsEvents& events,
               const Clock& clock, PointsOptions options);

  absl::StatusOr<Round> CreateRound(Tx& tx, const Principal& caller, const Round& in);
  // Anyone; a viewer not admin in scope sees it as RedactRoundFor leaves it (no struck
  // candidates, no reasons, only their own objections).
  absl::StatusOr<Round> GetRound(Tx& tx, const Principal& caller, const std::string& round_id);
  absl::StatusOr<Page<Round>> ListRounds(Tx& tx, const Principal& caller,
                                         const std::string& region_id, const PageRequest& page);
  absl::StatusOr<Round> DecideCandidate(Tx& tx, const Principal& caller,
                                        const std::string& round_id,
                                        const std::string& volunteer_id, CandidateDecision decision,
                                        const std::string& reason);
  // 0 working days: the service's default.
  absl::StatusOr<Round> PublishRound(Tx& tx, const Principal& caller, const std::string& round_id,
                                     int notice_working_days);
  // At most options.max_objections_per_round per caller and round (the system role excepted).
  absl::StatusOr<Objection> LodgeObjection(Tx& tx, const Principal& caller,
                                           const std::string& round_id,
                                           const std::string& volunteer_id,
                                           const std::string& text);
  absl::StatusOr<Round> ResolveObjection(Tx& tx, const Principal& caller,
                                         const std::string& objection_id, bool upheld,
                                         const std::string& resolution);
  absl::StatusOr<Round> FinalizeRound(Tx& tx, const Principal& caller, const std::string& round_id);
  absl::StatusOr<std::vector<Commendation>> ListCommendations(Tx& tx, const Principal& caller,
                                                              const std::string& volunteer_id);
  // UTF-8 with a BOM.
  absl::StatusOr<std::string> ExportRoundCsv(Tx& tx, const Principal& caller,
                                             const std::string& round_id, std::string* filename);

 private:
  absl::StatusOr<Round> LoadRound(Tx& tx, const std::string& round_id, bool lock);
  // The standings that the round's rule admits: at most options_.max_round_candidates, else
  // FAILED_PRECONDITION naming the rule.
  absl::StatusOr<std::vector<Candidate>> SelectCandidates(Tx& tx, const Round& in);

  RoundRepository& rounds_;
  SettingsRepository& settings_;
  PointsEvents& events_;
  const Clock& clock_;
  PointsOptions options_;
};

}  // namespace tongxin::points
