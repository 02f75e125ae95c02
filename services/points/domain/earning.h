// What points are worth, as pure rules: what an activity earns under a region's earning rules
// (per hour by post type, rounded down, capped; honour hours earn nothing), the tiers by
// all-time earned points, the ranges of the rules an admin may set, and what of a year's points
// is left to expire.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

// The hours an activity reports: more than 0 and at most 24 for post service and honour hours
// (a wish has none).
absl::Status CheckActivityHours(Activity activity, double hours);

struct Earning {
  long long points = 0;
  bool capped = false;  // more was earned by rate than the cap allows
};
// Whole points only: partial points round down, never up; then the cap per activity. A grid
// task earns its type's points (0 for a type the rules do not name).
Earning PointsForActivity(const EarningRules& rules, Activity activity, double hours,
                          const std::string& post_type, const std::string& grid_task_type = "");

// The task types earning rules may key points by: tongxin.volunteer.v1.GridTaskType's names but
// UNSPECIFIED (points_rules_unit_test keeps them equal).
inline constexpr std::string_view kGridTaskTypeNames[] = {
    "GRID_TASK_TYPE_PATROL",
    "GRID_TASK_TYPE_ASSIGNED_TASK",
    "GRID_TASK_TYPE_INFO_COLLECTION",
    "GRID_TASK_TYPE_CONFLICT_MEDIATION",
    "GRID_TASK_TYPE_HAZARD_INSPECTION",
    "GRID_TASK_TYPE_RESIDENT_VISIT",
};

// The values an admin may set (their region and reason are checked apart); a grid task type
// not in kGridTaskTypeNames is INVALID_ARGUMENT naming it.
absl::Status CheckEarningRuleValues(const EarningRules& rules);

// What `rules` pay per hour of service under `post_type`: the type's own rate, else the base.
long long RatePerHour(const EarningRules& rules, const std::string& post_type);
// A community's rules stay within its parent's (its street's, or the defaults' where the street
// has none): no base rate, post type rate (against the parent's rate for that type), wish award
// or activity cap above the parent's. INVALID_ARGUMENT naming the first field beyond.
absl::Status CheckWithinParent(const EarningRules& rules, const EarningRules& parent);
// `rules` with every value lowered to the parent's where the parent's is lower — for a community
// whose street lowered its own rules after the community set its. Keeps `rules`' region and
// audit fields.
EarningRules BoundByParent(const EarningRules& rules, const EarningRules& parent);
// The rules that apply in a region from the rules set for it and above, general first (the
// defaults, the street's, the community's; see SettingsRepository::RulesChain): the most specific
// set, a community's bounded by the set above it. A street's rules are its own. Grid task points
// are inherited type by type: a set names only the types it changes, a community's bounded by
// what applies above it.
EarningRules ComposeRules(const std::vector<EarningRules>& chain);

// A hand adjustment: non-zero and within ±100000.
absl::Status CheckAdjustmentAmount(long long amount);

// Tiers start at 0 points, have names and strictly increasing minimums.
absl::Status CheckTiers(const std::vector<Tier>& tiers);
// The tier of `earned` (tiers sorted by min_points) and how far the next one is.
void PlaceInTiers(const std::vector<Tier>& tiers, long long earned, BalanceView* view);

// Points of a year still unspent at the end of the next one, oldest first: what was earned up
// to the end of the year beyond everything that left the account since (spent net of releases,
// expired), never more than the balance; 0 when nothing is left.
long long ExpiringPoints(long long balance, long long earned_through, long long outflow);

}  // namespace tongxin::points
