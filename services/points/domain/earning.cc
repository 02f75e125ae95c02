// What points are worth: activity points, rule ranges, tiers and expiry arithmetic.
#include "services/points/domain/earning.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace tongxin::points {

absl::Status CheckActivityHours(Activity activity, double hours) {
  if (activity == Activity::kPostService || activity == Activity::kHonour) {
    if (!std::isfinite(hours) || hours <= 0 || hours > 24) {
      return absl::InvalidArgumentError("hours: must be more than 0 and at most 24");
    }
  }
  return absl::OkStatus();
}

Earning PointsForActivity(const EarningRules& rules, Activity activity, double hours,
                          const std::string& post_type, const std::string& grid_task_type) {
  long long points = 0;
  switch (activity) {
    case Activity::kPostService: {
      long long rate = RatePerHour(rules, post_type);
      // Whole points, rounded down; the slack keeps binary rounding from taking a point that
      // was earned (0.29 h × 100 is 28.999… in doubles).
      points = static_cast<long long>(std::floor(hours * static_cast<double>(rate) + 1e-9));
      break;
    }
    case Activity::kWish:
      points = rules.wish_points;
      break;
    case Activity::kGridTask: {
      auto it = rules.points_by_grid_task_type.find(grid_task_type);
      points = it == rules.points_by_grid_task_type.end() ? 0 : it->second;
      break;
    }
    case Activity::kHonour:  // honour hours mint no points
    case Activity::kUnspecified:
      points = 0;
      break;
  }
  Earning earning;
  if (points > rules.activity_cap) {
    points = rules.activity_cap;
    earning.capped = true;
  }
  earning.points = points;
  return earning;
}

absl::Status CheckEarningRuleValues(const EarningRules& rules) {
  if (rules.points_per_hour < 0 || rules.points_per_hour > 1000) {
    return absl::InvalidArgumentError("rules.points_per_hour: between 0 and 1000");
  }
  for (const auto& [type, rate] : rules.points_per_hour_by_post_type) {
    if (absl::Status status = CheckText("rules.points_per_hour_by_post_type", type, 40);
        !status.ok()) {
      return status;
    }
    if (rate < 0 || rate > 1000) {
      return absl::InvalidArgumentError("rules.points_per_hour_by_post_type: between 0 and 1000");
    }
  }
  if (rules.wish_points < 0 || rules.wish_points > 1000) {
    return absl::InvalidArgumentError("rules.wish_points: between 0 and 1000");
  }
  if (rules.activity_cap <= 0 || rules.activity_cap > 10000) {
    return absl::InvalidArgumentError("rules.activity_cap: between 1 and 10000");
  }
  for (const auto& [type, points] : rules.points_by_grid_task_type) {
    if (std::find(std::begin(kGridTaskTypeNames), std::end(kGridTaskTypeNames), type) ==
        std::end(kGridTaskTypeNames)) {
      return absl::InvalidArgumentError(
          absl::StrCat("rules.points_by_grid_task_type: ", type.substr(0, 60),
                       " is no task type (GRID_TASK_TYPE_PATROL, _ASSIGNED_TASK, "
                       "_INFO_COLLECTION, _CONFLICT_MEDIATION, _HAZARD_INSPECTION, "
                       "_RESIDENT_VISIT)"));
    }
    if (points < 0 || points > 1000) {
      return absl::InvalidArgumentError("rules.points_by_grid_task_type: between 0 and 1000");
    }
  }
  return absl::OkStatus();
}

long long RatePerHour(const EarningRules& rules, const std::string& post_type) {
  auto it = rules.points_per_hour_by_post_type.find(post_type);
  return it == rules.points_per_hour_by_post_type.end() ? rules.points_per_hour : it->second;
}

absl::Status CheckWithinParent(const EarningRules& rules, const EarningRules& parent) {
  const std::string whose = parent.region_id.empty() ? "the defaults'" : "the street's";
  if (rules.points_per_hour > parent.points_per_hour) {
    return absl::InvalidArgumentError(
        absl::StrCat("rules.points_per_hour: at most ", parent.points_per_hour, ", ", whose));
  }
  for (const auto& [type, rate] : rules.points_per_hour_by_post_type) {
    if (long long limit = RatePerHour(parent, type); rate > limit) {
      return absl::InvalidArgumentError(absl::StrCat("rules.points_per_hour_by_post_type: ", type,
                                                     " at most ", limit, ", ", whose));
    }
  }
  if (rules.wish_points > parent.wish_points) {
    return absl::InvalidArgumentError(
        absl::StrCat("rules.wish_points: at most ", parent.wish_points, ", ", whose));
  }
  if (rules.activity_cap > parent.activity_cap) {
    return absl::InvalidArgumentError(
        absl::StrCat("rules.activity_cap: at most ", parent.activity_cap, ", ", whose));
  }
  for (const auto& [type, points] : rules.points_by_grid_task_type) {
    auto limit = parent.points_by_grid_task_type.find(type);
    long long most = limit == parent.points_by_grid_task_type.end() ? 0 : limit->second;
    if (points > most) {
      return absl::InvalidArgumentError(
          absl::StrCat("rules.points_by_grid_task_type: ", type, " at most ", most, ", ", whose));
    }
  }
  return absl::OkStatus();
}

EarningRules BoundByParent(const EarningRules& rules, const EarningRules& parent) {
  EarningRules bounded = rules;
  bounded.points_per_hour = std::min(rules.points_per_hour, parent.points_per_hour);
  // A type either side names: the lower of the two rates for it.
  bounded.points_per_hour_by_post_type.clear();
  for (const auto* side : {&rules, &parent}) {
    for (const auto& [type, rate] : side->points_per_hour_by_post_type) {
      bounded.points_per_hour_by_post_type[type] =
          std::min(RatePerHour(rules, type), RatePerHour(parent, type));
    }
  }
  bounded.wish_points = std::min(rules.wish_points, parent.wish_points);
  bounded.activity_cap = std::min(rules.activity_cap, parent.activity_cap);
  return bounded;
}

namespace {

// Grid task points type by type, general first: a more specific set replaces what it names (a
// community's within what applies above it).
std::map<std::string, long long> InheritedGridTaskPoints(const std::vector<EarningRules>& chain) {
  std::map<std::string, long long> points;
  for (const EarningRules& rules : chain) {
    bool community = rules.region_id.size() == kCommunityIdLength;
    for (const auto& [type, own] : rules.points_by_grid_task_type) {
      auto above = points.find(type);
      points[type] = community && above != points.end() ? std::min(own, above->second) : own;
    }
  }
  return points;
}

}  // namespace

EarningRules ComposeRules(const std::vector<EarningRules>& chain) {
  if (chain.empty()) return EarningRules{};
  const EarningRules& own = chain.back();
  EarningRules composed = chain.size() < 2 || own.region_id.size() != kCommunityIdLength
                              ? own
                              : BoundByParent(own, chain[chain.size() - 2]);
  composed.points_by_grid_task_type = InheritedGridTaskPoints(chain);
  return composed;
}

absl::Status CheckAdjustmentAmount(long long amount) {
  if (amount == 0 || amount > 100000 || amount < -100000) {
    return absl::InvalidArgumentError("amount: must be non-zero and within ±100000");
  }
  return absl::OkStatus();
}

absl::Status CheckTiers(const std::vector<Tier>& tiers) {
  if (tiers.empty() || tiers.front().min_points != 0) {
    return absl::InvalidArgumentError("tiers: the first tier must start at 0 points");
  }
  for (size_t i = 0; i < tiers.size(); ++i) {
    if (absl::Status status = CheckText("tiers.name", tiers[i].name, 30); !status.ok()) {
      return status;
    }
    if (i > 0 && tiers[i].min_points <= tiers[i - 1].min_points) {
      return absl::InvalidArgumentError("tiers: min_points must strictly increase");
    }
  }
  return absl::OkStatus();
}

void PlaceInTiers(const std::vector<Tier>& tiers, long long earned, BalanceView* view) {
  for (size_t i = 0; i < tiers.size(); ++i) {
    if (earned >= tiers[i].min_points) {
      view->tier = tiers[i].name;
      if (i + 1 < tiers.size()) {
        view->next_tier = tiers[i + 1].name;
        view->points_to_next_tier = tiers[i + 1].min_points - earned;
      } else {
        view->next_tier.clear();
        view->points_to_next_tier = 0;
      }
    }
  }
}

long long ExpiringPoints(long long balance, long long earned_through, long long outflow) {
  return std::max(0LL, std::min(balance, earned_through - outflow));
}

}  // namespace tongxin::points
