// The statistics area: a region's month of earned and redeemed points.
#include "services/points/domain/statistics_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::points {

StatisticsDomain::StatisticsDomain(LedgerRepository& ledger, StoreRepository& store,
                                   const Clock& clock)
    : ledger_(ledger), store_(store), clock_(clock) {}

absl::StatusOr<PointsStatistics> StatisticsDomain::GetStatistics(Tx& tx, const Principal& caller,
                                                                 const std::string& region_id,
                                                                 const std::string& month) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", region_id));
  PointsStatistics statistics;
  statistics.region_id = region_id;
  TX_ASSIGN_OR_RETURN(statistics.month, MonthOrCurrent("month", month, clock_.Now()));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  ChinaMonthSpan span = MonthSpanInChina(statistics.month);
  // Month keys of earned_points are the PeriodKey of the moment earned, in China time too.
  TX_ASSIGN_OR_RETURN(statistics.earned, ledger_.EarnedInRegion(tx, region_id, statistics.month));
  TX_ASSIGN_OR_RETURN(statistics.redeemed,
                      store_.RedeemedInRegion(tx, region_id, span.begin, span.end));
  return statistics;
}

}  // namespace tongxin::points
