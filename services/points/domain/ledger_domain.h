// The ledger area: awards (from the posts and wishes services), hand adjustments and their
// reversals, balances and statements, the consistency check, the earning rules and expiry.
// Calls the repositories inside the transaction it is given; knows neither SQL nor gRPC.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/model.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/settings_repository.h"

namespace tongxin::points {

class LedgerDomain {
 public:
  LedgerDomain(LedgerRepository& ledger, SettingsRepository& settings, Accounts& accounts,
               const Clock& clock, PointsOptions options);

  // Once per source_ref: the same source again returns the first answer. In one statement with
  // its request id (`key`): the result, or the key's earlier answer.
  absl::StatusOr<Answered<AwardResult>> Award(Tx& tx, const Principal& caller,
                                              const RequestKey& key, const AwardInput& in);
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
  // The rules that apply in a community and the version of the rules they were composed from.
  struct VersionedRules {
    EarningRules rules;
    std::string version;
  };
  // An award reckons its points by rules kept here per community, read again when the award
  // call finds them changed (or `reread`), so that an award is one round trip.
  absl::StatusOr<VersionedRules> RulesForAward(Tx& tx, const std::string& community_id,
                                               bool reread);
  static constexpr int kAwardAttempts = 3;
  static constexpr size_t kMaxCachedRules = 50000;

  // The rules that apply in a community or street ("" for the defaults): the most specific set,
  // a community's bounded by its street's (or the defaults').
  absl::StatusOr<EarningRules> EffectiveRules(Tx& tx, const std::string& region_id);

  LedgerRepository& ledger_;
  SettingsRepository& settings_;
  Accounts& accounts_;
  const Clock& clock_;
  PointsOptions options_;
  std::mutex rules_mu_;
  std::map<std::string, VersionedRules> rules_;  // by community
};

}  // namespace tongxin::points
