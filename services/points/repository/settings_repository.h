// Earning rules (with their audit trail) and tiers. The only code that runs their SQL (declared
// in settings_queries.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

class SettingsRepository {
 public:
  explicit SettingsRepository(Db& db);

  // The rules that apply in a community: its own, else its street's, else the defaults.
  absl::StatusOr<EarningRules> EffectiveRules(Tx& tx, const std::string& community_id);
  absl::StatusOr<std::optional<EarningRules>> Rules(Tx& tx, const std::string& region_id);
  // Writes the rules and one audit row (before, after, actor, reason).
  absl::StatusOr<EarningRules> SaveRules(Tx& tx, const EarningRules& rules,
                                         const std::string& actor, const std::string& reason);
  absl::StatusOr<std::vector<Tier>> Tiers(Tx& tx);
  absl::Status ReplaceTiers(Tx& tx, const std::vector<Tier>& tiers);
};

}  // namespace tongxin::points
