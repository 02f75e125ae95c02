// Runs the settings statements (settings_queries.h) and reads their rows by column name.
#include "services/points/repository/settings_repository.h"

#include <map>
#include <nlohmann/json.hpp>

#include "services/points/repository/settings_queries.h"

namespace tongxin::points {
namespace {

// A jsonb object of whole numbers by name (post type, grid task type).
std::map<std::string, long long> NumbersByName(const std::string& text) {
  std::map<std::string, long long> numbers;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_object()) {
    for (const auto& [name, number] : json.items()) {
      if (number.is_number_integer()) numbers[name] = number.get<long long>();
    }
  }
  return numbers;
}

std::string NumbersJson(const std::map<std::string, long long>& numbers) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, number] : numbers) json[name] = number;
  return json.dump();
}

EarningRules RulesFrom(const pqxx::row& row) {
  EarningRules rules;
  rules.region_id = row["region_id"].as<std::string>();
  rules.points_per_hour = row["points_per_hour"].as<long long>();
  rules.points_per_hour_by_post_type = NumbersByName(row["post_type_rates"].as<std::string>());
  rules.points_by_grid_task_type = NumbersByName(row["grid_task_points"].as<std::string>());
  rules.wish_points = row["wish_points"].as<long long>();
  rules.activity_cap = row["activity_cap"].as<long long>();
  rules.update_time = FromEpochMicros(row["update_micros"].as<long long>());
  rules.updated_by = row["updated_by"].as<std::string>();
  return rules;
}

std::string RatesJson(const EarningRules& rules) {
  return NumbersJson(rules.points_per_hour_by_post_type);
}

}  // namespace

SettingsRepository::SettingsRepository(Db& db) {
  db.Register({kRulesChain, kRulesChainVersioned, kRulesAudit, kRulesSave, kTiersList, kTiersClear,
               kTiersInsert});
}

absl::StatusOr<VersionedRulesChain> SettingsRepository::RulesChainWithVersion(
    Tx& tx, const std::string& region_id) {
  VersionedRulesChain versioned;
  for (const auto& row : Exec(tx, kRulesChainVersioned, region_id)) {
    versioned.chain.push_back(RulesFrom(row));
    versioned.version = row["chain_version"].as<std::string>();
  }
  if (versioned.chain.empty() || !versioned.chain.front().region_id.empty()) {
    return absl::FailedPreconditionError("the default earning rules are missing");
  }
  return versioned;
}

absl::StatusOr<std::vector<EarningRules>> SettingsRepository::RulesChain(
    Tx& tx, const std::string& region_id) {
  std::vector<EarningRules> chain;
  for (const auto& row : Exec(tx, kRulesChain, region_id)) chain.push_back(RulesFrom(row));
  if (chain.empty() || !chain.front().region_id.empty()) {
    return absl::FailedPreconditionError("the default earning rules are missing");
  }
  return chain;
}

absl::StatusOr<EarningRules> SettingsRepository::SaveRules(Tx& tx, const EarningRules& rules,
                                                           const std::string& actor,
                                                           const std::string& reason) {
  nlohmann::json after = {
      {"points_per_hour", rules.points_per_hour},
      {"post_type_rates", nlohmann::json::parse(RatesJson(rules))},
      {"wish_points", rules.wish_points},
      {"activity_cap", rules.activity_cap},
      {"grid_task_points", nlohmann::json::parse(NumbersJson(rules.points_by_grid_task_type))}};
  Exec0(tx, kRulesAudit, rules.region_id, actor, reason, after.dump());
  return RulesFrom(Exec1(tx, kRulesSave, rules.region_id, rules.points_per_hour, RatesJson(rules),
                         rules.wish_points, rules.activity_cap, actor,
                         NumbersJson(rules.points_by_grid_task_type)));
}

absl::StatusOr<std::vector<Tier>> SettingsRepository::Tiers(Tx& tx) {
  std::vector<Tier> tiers;
  for (const auto& row : Exec(tx, kTiersList)) {
    tiers.push_back({row["name"].as<std::string>(), row["min_points"].as<long long>()});
  }
  return tiers;
}

absl::Status SettingsRepository::ReplaceTiers(Tx& tx, const std::vector<Tier>& tiers) {
  Exec0(tx, kTiersClear);
  for (const auto& tier : tiers) Exec0(tx, kTiersInsert, tier.name, tier.min_points);
  return absl::OkStatus();
}

}  // namespace tongxin::points
