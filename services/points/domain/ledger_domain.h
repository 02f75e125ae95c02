// The ledger area: awards (from the posts and wishes services), hand adjustments and their
// reversals, balances and statements, the consistency check, the earning rules and expiry.
// Calls the repositories inside the transaction it is given; knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/model.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/settings_repository.h"

namespace tongxin::points {

class LedgerDomain {
 public:
  LedgerDomain(LedgerRepository& ledger, SettingsRepository& settings, Accounts& accounts,
               const Clock& clock, PointsOptions options);

  // Once per source_ref: the same source again returns the first answer.
  absl::StatusOr<AwardResult> Award(Tx& tx, const Principal& caller, const AwardInput& in);
  absl::StatusOr<Transfer> Adjust(Tx& tx, const Principal& caller, const std::string& volunteer_id,
                                  const std::string& community_id, long long amount,
                                  const std::string& reason);
  absl::StatusOr<Transfer> Reverse(Tx& tx, const Principal& caller, long long transfer_id,
                                   const std::string& reason);
  absl::StatusOr<BalanceView> GetBalance(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id);
  absl::StatusOr<Page<Transfer>> ListTransfers(Tx& tx, const Principal& caller,
                                               const std::string& volunteer_id,
                                               const PageRequest& page);
  // Empty region: the whole ledger (the system role only).
  absl::StatusOr<ConsistencyReport> CheckConsistency(Tx& tx, const Principal& caller,
                                                     const std::string& region_id);
  // The rules that apply in the region, as awards there use them.
  absl::StatusOr<EarningRules> GetRules(Tx& tx, const Principal& caller,
                                        const std::string& region_id);
  // A community's rules may not exceed its street's (or the defaults'): INVALID_ARGUMENT naming
  // the field.
  absl::StatusOr<EarningRules> UpdateRules(Tx& tx, const Principal& caller,
                                           const EarningRules& rules, const std::string& reason);
  // Points of `year` still unspent at the end of the next year expire (off by default).
  absl::StatusOr<ExpiryResult> RunExpiry(Tx& tx, const Principal& caller, int year);

 private:
  // The rules that apply in a community or street ("" for the defaults): the most specific set,
  // a community's bounded by its street's (or the defaults').
  absl::StatusOr<EarningRules> EffectiveRules(Tx& tx, const std::string& region_id);

  LedgerRepository& ledger_;
  SettingsRepository& settings_;
  Accounts& accounts_;
  const Clock& clock_;
  PointsOptions options_;
};

}  // namespace tongxin::points
