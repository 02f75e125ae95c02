// The settings repository's statements (earning rules with their audit trail, tiers), each
// declared once as a typed constant; computed columns carry names so rows are read by name.
#pragma once

#include <string>

#include "services/common/db.h"

namespace tongxin::points {

inline const std::string kRuleColumns =
    "region_id, points_per_hour, post_type_rates::text AS post_type_rates, wish_points, "
    "activity_cap, grid_task_points::text AS grid_task_points, epoch_micros(updated_at) AS "
    "update_micros, updated_by";

// The rules of a region and above it, general first: the defaults (''), the street's, the
// community's.
inline const Query kRulesChain{"rules_chain",
                               "SELECT " + kRuleColumns +
                                   " FROM earning_rules WHERE region_id IN ($1, left($1, 9), '') "
                                   "ORDER BY length(region_id)"};

// The same with the chain's version (earning_rules_version, migration V0006: each set's region
// and time of change), read in the same snapshot: an award reckoned by these rules posts only
// while the version is the same (kAwardCall).
inline const Query kRulesChainVersioned{
    "rules_chain_versioned",
    "SELECT " + kRuleColumns +
        ", earning_rules_version($1) AS chain_version FROM earning_rules WHERE region_id IN ($1, "
        "left($1, 9), '') ORDER BY length(region_id)"};

// The audit row: the rules before (null when new) and after, who and why.
inline const Query kRulesAudit{
    "rules_audit",
    "INSERT INTO earning_rule_changes (region_id, actor, reason, before, after) SELECT $1, $2, "
    "$3, (SELECT to_jsonb(r) FROM earning_rules r WHERE r.region_id = $1), $4::jsonb"};

inline const Query kRulesSave{
    "rules_save",
    "INSERT INTO earning_rules (region_id, points_per_hour, post_type_rates, wish_points, "
    "activity_cap, updated_by, updated_at, grid_task_points) VALUES ($1, $2, $3::jsonb, $4, $5, "
    "$6, now(), $7::jsonb) ON CONFLICT (region_id) DO UPDATE SET points_per_hour = "
    "EXCLUDED.points_per_hour, post_type_rates = EXCLUDED.post_type_rates, wish_points = "
    "EXCLUDED.wish_points, activity_cap = EXCLUDED.activity_cap, grid_task_points = "
    "EXCLUDED.grid_task_points, updated_by = EXCLUDED.updated_by, updated_at = now() "
    "RETURNING " +
        kRuleColumns};

inline const Query kTiersList{"tiers_list",
                              "SELECT name, min_points FROM tiers ORDER BY min_points"};
inline const Query kTiersClear{"tiers_clear", "DELETE FROM tiers"};
inline const Query kTiersInsert{"tiers_insert",
                                "INSERT INTO tiers (name, min_points) VALUES ($1, $2)"};

}  // namespace tongxin::points
