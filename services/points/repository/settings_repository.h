// Earning rules (with their audit trail) and tiers. The only code that runs their SQL (declared
// in settings_queries.h).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

// A rules chain with its version (see kRulesChainVersioned).
struct VersionedRulesChain {
  std::vector<EarningRules> chain;
  std::string version;
};

class SettingsRepository {
 public:
  explicit SettingsRepository(Db& db);

  // The rules set for a region and above it, general first: the defaults, then the street's and
  // the community's where set ("" gives the defaults alone). Never empty: the defaults exist.
  absl::StatusOr<std::vector<EarningRules>> RulesChain(Tx& tx, const std::string& region_id);
  // The same, with the version that the award call compares.
  absl::StatusOr<VersionedRulesChain> RulesChainWithVersion(Tx& tx, const std::string& region_id);
  // Writes the rules and one audit row (before, after, actor, reason).
  absl::StatusOr<EarningRules> SaveRules(Tx& tx, const EarningRules& rules,
                                         const std::string& actor, const std::string& reason);
  absl::StatusOr<std::vector<Tier>> Tiers(Tx& tx);
  absl::Status ReplaceTiers(Tx& tx, const std::vector<Tier>& tiers);
};

}  // namespace tongxin::points
