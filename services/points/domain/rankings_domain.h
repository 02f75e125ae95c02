// The rankings area: leaderboards of earned points per period (read from the earned-points
// summary, never the ledger) and the city-wide tiers. Knows neither SQL nor gRPC.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/settings_repository.h"

namespace tongxin::points {

class RankingsDomain {
 public:
  RankingsDomain(LedgerRepository& ledger, SettingsRepository& settings, const Clock& clock);

  // An empty `period` is the current one of `kind` (and is filled in). Limit 0: 20; at most 200.
  absl::StatusOr<std::vector<LeaderboardEntry>> Leaderboard(Tx& tx, const Principal& caller,
                                                            const std::string& region_id,
                                                            PeriodKind kind, std::string* period,
                                                            bool party_members_only, int limit);
  absl::StatusOr<std::vector<Tier>> GetTiers(Tx& tx, const Principal& caller);
  absl::StatusOr<std::vector<Tier>> UpdateTiers(Tx& tx, const Principal& caller,
                                                const std::vector<Tier>& tiers);

 private:
  LedgerRepository& ledger_;
  SettingsRepository& settings_;
  const Clock& clock_;
};

}  // namespace tongxin::points
