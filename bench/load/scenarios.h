// The scenarios: each makes its data (setup.h), then drives its requests through RunLoad (or,
// for storms, round by round) and fills a LoadResult.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/load/driver.h"
#include "bench/load/http_client.h"
#include "bench/load/setup.h"

namespace tongxin::bench {

struct ScenarioContext {
  Services* services;
  Targets targets;
  LoadOptions load;
  int spread = 1000;         // volunteers (Award, Redeem) and rewards (redeem_spread)
  int hot_stock = 10000000;  // units of the one reward of redeem_hot
  int post_capacity = 3;     // adopt_storm
  std::string notes;         // what the scenario adds to the report (e.g. storms and winners)
};

using Scenario = std::function<absl::Status(ScenarioContext&, LoadResult&)>;

// By name: award, redeem_spread, redeem_hot, claim_storm, adopt_storm, approval_e2e,
// http_dashboard, http_wall, http_overview, http_redeem, http_claim_storm.
const std::map<std::string, Scenario>& Scenarios();

// Shared between scenarios.cc and scenarios_e2e.cc (the cross-service and gateway scenarios).
namespace internal {
// Volunteers with points for a run of redemptions (--spread of them), and their tokens.
absl::Status RedeemVolunteersFor(ScenarioContext& c, std::vector<std::string>& ids,
                                 std::vector<std::string>& tokens);
// A random index below n, from a generator of the calling thread's own.
size_t PickIndex(size_t n);
absl::Status ApprovalToPoints(ScenarioContext& c, LoadResult& result);
absl::Status HttpView(ScenarioContext& c, LoadResult& result, const std::string& view);
absl::Status HttpRedeem(ScenarioContext& c, LoadResult& result);
}  // namespace internal

}  // namespace tongxin::bench
