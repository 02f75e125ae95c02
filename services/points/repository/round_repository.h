// The commendation round aggregate: rounds, their frozen candidates, objections, and the
// commendations a final round puts on volunteers' records. The only code that runs their SQL
// (declared in round_queries.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

class RoundRepository {
 public:
  explicit RoundRepository(Db& db);

  // Inserts the round and its candidates (the snapshot).
  absl::StatusOr<Round> Insert(Tx& tx, const Round& round, Time now);
  // With candidates and objections.
  absl::StatusOr<std::optional<Round>> Find(Tx& tx, const std::string& round_id, bool lock = false);
  absl::StatusOr<Page<Round>> List(Tx& tx, const std::string& region_id, const PageRequest& page);
  // Only while the round is PROPOSED; false when the candidate is not in the round.
  absl::StatusOr<bool> Decide(Tx& tx, const std::string& round_id, const std::string& volunteer_id,
                              CandidateDecision decision, const std::string& reason);
  absl::Status StartNotice(Tx& tx, const std::string& round_id, int working_days, Time until);
  absl::StatusOr<Objection> InsertObjection(Tx& tx, const Objection& objection, Time now);
  absl::StatusOr<std::optional<Objection>> FindObjection(Tx& tx, const std::string& objection_id,
                                                         bool lock = false);
  absl::Status ResolveObjection(Tx& tx, const std::string& objection_id, bool upheld,
                                const std::string& resolution, Time now);
  // IN_NOTICE → FINAL and a commendation for every confirmed candidate.
  absl::Status Finalize(Tx& tx, const Round& round, Time now);
  absl::StatusOr<std::vector<Commendation>> CommendationsOf(Tx& tx,
                                                            const std::string& volunteer_id);
  // Points earned in a period in a community or street (for the snapshot), best first, ties by
  // id, each with its competition rank among everyone there; with `min_all_time`, only those
  // whose all-time total reaches it (ranks unchanged). At most `limit` rows.
  absl::StatusOr<std::vector<Candidate>> Standings(Tx& tx, const std::string& region_id,
                                                   const std::string& period,
                                                   bool party_members_only,
                                                   std::optional<long long> min_all_time,
                                                   int limit);
  // Objections `lodged_by` lodged in the round.
  absl::StatusOr<int> CountObjectionsBy(Tx& tx, const std::string& round_id,
                                        const std::string& lodged_by);
};

}  // namespace tongxin::points
