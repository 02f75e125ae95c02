// The rankings area: leaderboards and tiers.
#include "services/points/domain/rankings_domain.h"

#include <algorithm>

#include "services/common/status.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/earning.h"
#include "services/points/domain/periods.h"

namespace tongxin::points {

RankingsDomain::RankingsDomain(LedgerRepository& ledger, SettingsRepository& settings,
                               const Clock& clock)
    : ledger_(ledger), settings_(settings), clock_(clock) {}

absl::StatusOr<std::vector<LeaderboardEntry>> RankingsDomain::Leaderboard(
    Tx& tx, const Principal&, const std::string& region_id, PeriodKind kind, std::string* period,
    bool party_members_only, int limit) {
  TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
  if (kind == PeriodKind::kUnspecified) return absl::InvalidArgumentError("period_kind: required");
  if (period->empty()) *period = PeriodKey(kind, clock_.Now());
  TX_RETURN_IF_ERROR(CheckPeriod(kind, *period));
  if (limit < 0) return absl::InvalidArgumentError("limit: must not be negative");
  if (limit == 0) limit = 20;
  limit = std::min(limit, 200);
  return ledger_.Leaderboard(tx, region_id, *period, party_members_only, limit);
}

absl::StatusOr<std::vector<Tier>> RankingsDomain::GetTiers(Tx& tx, const Principal&) {
  return settings_.Tiers(tx);
}

absl::StatusOr<std::vector<Tier>> RankingsDomain::UpdateTiers(Tx& tx, const Principal& caller,
                                                              const std::vector<Tier>& tiers) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("tiers are set city-wide by the system role");
  }
  TX_RETURN_IF_ERROR(CheckTiers(tiers));
  TX_RETURN_IF_ERROR(settings_.ReplaceTiers(tx, tiers));
  return settings_.Tiers(tx);
}

}  // namespace tongxin::points
