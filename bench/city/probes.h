// The hot reads at city scale: each timed with the services' own prepared statements (the
// Query constants of their repositories, prepared under the same names), the commendation
// snapshot through the points domain, and every statement's plans checked for whole-table scans.
#pragma once

#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "services/common/db.h"

namespace tongxin::bench {

// One statement with the arguments of one call (a random street or community).
struct Probe {
  std::string database;  // volunteer, wishes, posts, points
  const Query* query;
  std::function<std::vector<std::string>(std::mt19937&)> arguments;
};

struct Percentiles {
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};
Percentiles Summarise(std::vector<double> samples_ms);

// What the plan checks found for one statement.
struct PlanFinding {
  std::string database;
  std::string statement;
  std::string running;  // the plan the plan cache runs after warming up: "custom" or "generic"
  // Sequential scans of growing tables in each plan; "unavoidable": the custom plan's with
  // sequential scans priced out (no index serves the statement).
  std::vector<std::string> custom_scans, generic_scans, running_scans, unavoidable_scans;
  // Index scans with no index condition in the running plan (a whole index read in order).
  std::vector<std::string> whole_index_scans;
};

struct ProbeReport {
  std::vector<std::pair<std::string, Percentiles>> timings;  // label → percentiles, in order
  std::vector<PlanFinding> plans;
  bool plans_ok = true;  // no running plan scans a large table, none has to
  // Statements left out before newer migrations (they read what those add).
  std::vector<std::string> not_run;
};

// urls: database → URL. `iterations` calls per statement (and 1/10 of them per snapshot).
// migrations_pending: a baseline's first probes, where a statement that needs the newer
// migrations is left out instead of failing the run.
ProbeReport RunProbes(const std::map<std::string, std::string>& urls, int iterations,
                      bool migrations_pending = false);

// `rounds` commendation rounds of a random street (top 100 of the year) through the points
// domain's CreateRound, each its own transaction, as the RPC runs it.
Percentiles TimeSnapshots(const std::string& points_url, int rounds);

}  // namespace tongxin::bench
