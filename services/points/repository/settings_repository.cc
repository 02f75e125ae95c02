#include "services/points/repository/settings_repository.h"

#include <nlohmann/json.hpp>

namespace tongxin::points {
namespace {

constexpr char kRuleColumns[] =
    "region_id, points_per_hour, post_type_rates::text, wish_points, activity_cap, "
    "epoch_micros(updated_at), updated_by";

EarningRules RulesFrom(const pqxx::row& row) {
  EarningRules rules;
  rules.region_id = row[0].as<std::string>();
  rules.points_per_hour = row[1].as<long long>();
  auto rates = nlohmann::json::parse(row[2].as<std::string>(), nullptr, false);
  if (rates.is_object()) {
    for (const auto& [type, rate] : rates.items()) {
      if (rate.is_number_integer())
        rules.points_per_hour_by_post_type[type] = rate.get<long long>();
    }
  }
  rules.wish_points = row[3].as<long long>();
  rules.activity_cap = row[4].as<long long>();
  rules.update_time = FromEpochMicros(row[5].as<long long>());
  rules.updated_by = row[6].as<std::string>();
  return rules;
}

std::string RatesJson(const EarningRules& rules) {
  nlohmann::json rates = nlohmann::json::object();
  for (const auto& [type, rate] : rules.points_per_hour_by_post_type) rates[type] = rate;
  return rates.dump();
}

}  // namespace

SettingsRepository::SettingsRepository(Db& db) {
  const std::string columns = kRuleColumns;
  db.Register({
      // The longest matching region wins: community, then street, then the defaults ('').
      {"rules_effective", "SELECT " + columns +
                              " FROM earning_rules WHERE region_id IN ($1, left($1, 9), '') "
                              "ORDER BY length(region_id) DESC LIMIT 1"},
      {"rules_get", "SELECT " + columns + " FROM earning_rules WHERE region_id = $1"},
      {"rules_audit",
       "INSERT INTO earning_rule_changes (region_id, actor, reason, before, after) SELECT $1, $2, "
       "$3, (SELECT to_jsonb(r) FROM earning_rules r WHERE r.region_id = $1), $4::jsonb"},
      {"rules_save",
       "INSERT INTO earning_rules (region_id, points_per_hour, post_type_rates, wish_points, "
       "activity_cap, updated_by, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6, now()) "
       "ON CONFLICT (region_id) DO UPDATE SET points_per_hour = EXCLUDED.points_per_hour, "
       "post_type_rates = EXCLUDED.post_type_rates, wish_points = EXCLUDED.wish_points, "
       "activity_cap = EXCLUDED.activity_cap, updated_by = EXCLUDED.updated_by, updated_at = "
       "now() RETURNING " +
           columns},
      {"tiers_list", "SELECT name, min_points FROM tiers ORDER BY min_points"},
      {"tiers_clear", "DELETE FROM tiers"},
      {"tiers_insert", "INSERT INTO tiers (name, min_points) VALUES ($1, $2)"},
  });
}

absl::StatusOr<EarningRules> SettingsRepository::EffectiveRules(Tx& tx,
                                                                const std::string& community_id) {
  return RulesFrom(tx.exec_prepared1("rules_effective", community_id));
}

absl::StatusOr<std::optional<EarningRules>> SettingsRepository::Rules(
    Tx& tx, const std::string& region_id) {
  auto rows = tx.exec_prepared("rules_get", region_id);
  if (rows.empty()) return std::nullopt;
  return RulesFrom(rows[0]);
}

absl::StatusOr<EarningRules> SettingsRepository::SaveRules(Tx& tx, const EarningRules& rules,
                                                           const std::string& actor,
                                                           const std::string& reason) {
  nlohmann::json after = {{"points_per_hour", rules.points_per_hour},
                          {"post_type_rates", nlohmann::json::parse(RatesJson(rules))},
                          {"wish_points", rules.wish_points},
                          {"activity_cap", rules.activity_cap}};
  tx.exec_prepared0("rules_audit", rules.region_id, actor, reason, after.dump());
  return RulesFrom(tx.exec_prepared1("rules_save", rules.region_id, rules.points_per_hour,
                                     RatesJson(rules), rules.wish_points, rules.activity_cap,
                                     actor));
}

absl::StatusOr<std::vector<Tier>> SettingsRepository::Tiers(Tx& tx) {
  std::vector<Tier> tiers;
  for (const auto& row : tx.exec_prepared("tiers_list")) {
    tiers.push_back({row[0].as<std::string>(), row[1].as<long long>()});
  }
  return tiers;
}

absl::Status SettingsRepository::ReplaceTiers(Tx& tx, const std::vector<Tier>& tiers) {
  tx.exec_prepared0("tiers_clear");
  for (const auto& tier : tiers) tx.exec_prepared0("tiers_insert", tier.name, tier.min_points);
  return absl::OkStatus();
}

}  // namespace tongxin::points
