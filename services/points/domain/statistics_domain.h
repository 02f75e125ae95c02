// The statistics area: the grid system's overview of a community or street — points earned and
// redeemed in a month (China time). Knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/store_repository.h"

namespace tongxin::points {

class StatisticsDomain {
 public:
  StatisticsDomain(LedgerRepository& ledger, StoreRepository& store, const Clock& clock);

  // `month` is YYYY-MM; empty: the current month in China.
  absl::StatusOr<PointsStatistics> GetStatistics(Tx& tx, const Principal& caller,
                                                 const std::string& region_id,
                                                 const std::string& month);

 private:
  LedgerRepository& ledger_;
  StoreRepository& store_;
  const Clock& clock_;
};

}  // namespace tongxin::points
