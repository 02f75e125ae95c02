#include "bench/city/probes.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "bench/city/bulk_load.h"
#include "bench/city/city_shape.h"
#include "services/points/repository/ledger_queries.h"
#include "services/points/repository/round_queries.h"
#include "services/points/repository/store_queries.h"
#include "services/posts/repository/post_queries.h"
#include "services/volunteer/repository/service_record_queries.h"
#include "services/volunteer/repository/volunteer_queries.h"
#include "services/wishes/repository/wish_queries.h"

namespace tongxin::bench {

Percentiles Summarise(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[static_cast<size_t>(q * (samples.size() - 1))]; };
  return {at(0.50), at(0.95), at(0.99), samples.back()};
}

namespace {

// Tables that grow with the city: a whole-table scan of one is a finding.
const std::set<std::string> kGrowing = {
    "volunteers", "community_reports", "service_records", "wishes",    "wish_events",  "posts",
    "adoptions",  "service_logs",      "accounts",        "transfers", "earned_points"};
// Below this many rows the planner rightly prefers a scan; the probes of a small city still
// check that an index exists (the unavoidable scans, with sequential scans priced out).
constexpr double kLargeTable = 10000;

std::string Street(std::mt19937& r) { return StreetId(static_cast<int>(r() % kStreets)); }
std::string Community(std::mt19937& r) {
  return CommunityId(static_cast<int>(r() % kStreets), static_cast<int>(r() % 10));
}
// November 2026 in epoch microseconds, China time (the orders statement's span).
const std::string kMonthFrom = "1793462400000000", kMonthTo = "1796054400000000";

using Arguments = std::vector<std::string>;
std::vector<Probe> OverviewProbes() {
  return {
      {"volunteer", &volunteer::kVolunteerCountInRegion,
       [](auto& r) { return Arguments{Street(r)}; }},
      {"volunteer", &volunteer::kRecordHoursInRegion,
       [](auto& r) {
         return Arguments{Street(r), "2026-11-01", "2026-12-01"};
       }},
      {"posts", &posts::kOverviewByType, [](auto& r) { return Arguments{Street(r)}; }},
      {"posts", &posts::kOverviewLogs,
       [](auto& r) {
         return Arguments{Street(r), "2026-11"};
       }},
      {"wishes", &wishes::kWishStats, [](auto& r) { return Arguments{Street(r)}; }},
      {"points", &points::kEarnedInRegion,
       [](auto& r) {
         return Arguments{"2026-11", Street(r)};
       }},
      {"points", &points::kOrdersRedeemedInStreet,
       [](auto& r) {
         return Arguments{Street(r), kMonthFrom, kMonthTo};
       }},
      {"points", &points::kLeaderboardStreet,
       [](auto& r) {
         return Arguments{"2026-11", Street(r), "10"};
       }},
  };
}

// The reads the issue names, each timed on its own (label first).
std::vector<std::pair<std::string, Probe>> HotProbes() {
  return {
      {"leaderboard: community, month, top 20",
       {"points", &points::kLeaderboardCommunity,
        [](auto& r) {
          return Arguments{"2026-11", Community(r), "20"};
        }}},
      {"leaderboard: street, year, top 20",
       {"points", &points::kLeaderboardStreet,
        [](auto& r) {
          return Arguments{"2026", Street(r), "20"};
        }}},
      {"commendation standings: street, year (the snapshot's read)",
       {"points", &points::kStandingsStreet,
        [](auto& r) { return Arguments{"2026", Street(r), "false", "false", "0", "501"}; }}},
      {"wall page: 20 wishes of a community",
       {"wishes", &wishes::kWishWall,
        [](auto& r) {
          return Arguments{Community(r), "0", "", "20"};
        }}},
      {"posts listing of a community, first page of 20",
       {"posts", &posts::kPostList,
        [](auto& r) { return Arguments{Community(r), "", "0", "{}", "", "21"}; }}},
      {"volunteer listing by street prefix, first page of 20",
       {"volunteer", &volunteer::kVolunteerList,
        [](auto& r) { return Arguments{Street(r), "", "", "0", "false", "", "21"}; }}},
  };
}

class Sessions {
 public:
  explicit Sessions(const std::map<std::string, std::string>& urls) {
    for (const auto& [database, url] : urls) sessions_.emplace(database, url);
  }
  // Whether the statement prepares; one that reads what only newer migrations add (an undefined
  // column or table) does not before them.
  bool Prepares(const Probe& probe) {
    try {
      Of(probe).prepare_now(probe.query->name);  // pqxx 6 prepares lazily otherwise
      return true;
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() == "42703" || e.sqlstate() == "42P01") return false;
      throw;
    }
  }
  pqxx::connection& Of(const Probe& probe) {
    pqxx::connection& c = sessions_.at(probe.database);
    if (prepared_.insert(probe.database + "/" + probe.query->name).second) {
      c.prepare(probe.query->name, probe.query->sql);
    }
    return c;
  }
  double Call(const Probe& probe, const Arguments& arguments) {
    pqxx::connection& c = Of(probe);
    auto started = Stopwatch::now();
    pqxx::nontransaction tx(c);
    tx.exec_prepared(probe.query->name, pqxx::prepare::make_dynamic_params(arguments));
    return std::chrono::duration<double, std::milli>(Stopwatch::now() - started).count();
  }

 private:
  std::map<std::string, pqxx::connection> sessions_;
  std::set<std::string> prepared_;
};

// The whole-table reads of a plan: sequential scans, and index scans with no index condition
// (the whole index read in its order, rows filtered), of the growing tables.
struct Scans {
  std::vector<std::string> sequential, whole_index;
};

void Walk(const google::protobuf::Struct& node, pqxx::nontransaction& tx, Scans& scans) {
  const auto& f = node.fields();
  auto text = [&](const char* key) {
    auto it = f.find(key);
    return it == f.end() ? std::string() : it->second.string_value();
  };
  const std::string type = text("Node Type"), table = text("Relation Name");
  if (kGrowing.count(table) &&
      (type == "Seq Scan" ||
       ((type == "Index Scan" || type == "Index Only Scan") && !f.count("Index Cond")))) {
    double rows = tx.exec1("SELECT reltuples FROM pg_class WHERE relname = " + tx.quote(table))[0]
                      .as<double>();
    std::string scan = table + " (" + std::to_string(static_cast<long long>(rows)) + " rows" +
                       (type == "Seq Scan" ? ")" : ", whole " + text("Index Name") + ")");
    (type == "Seq Scan" ? scans.sequential : scans.whole_index).push_back(scan);
  }
  auto plans = f.find("Plans");
  if (plans == f.end()) return;
  for (const auto& child : plans->second.list_value().values()) {
    Walk(child.struct_value(), tx, scans);
  }
}

Scans ScansOf(pqxx::connection& c, const std::string& explain_sql) {
  pqxx::nontransaction tx(c);
  std::string json = tx.exec1("EXPLAIN (FORMAT JSON) " + explain_sql)[0].as<std::string>();
  google::protobuf::ListValue plans;
  Scans scans;
  if (!google::protobuf::util::JsonStringToMessage(json, &plans).ok()) {
    std::fprintf(stderr, "city bench: unreadable plan: %.200s\n", json.c_str());
    std::exit(1);
  }
  for (const auto& plan : plans.values()) {
    Walk(plan.struct_value().fields().at("Plan").struct_value(), tx, scans);
  }
  return scans;
}

std::string PlanText(pqxx::connection& c, const std::string& explain_sql) {
  std::string text;
  pqxx::nontransaction tx(c);
  for (const auto& row : tx.exec("EXPLAIN " + explain_sql)) text += row[0].as<std::string>() + "\n";
  return text;
}

bool AnyLarge(pqxx::connection& c, const std::vector<std::string>& scans) {
  pqxx::nontransaction tx(c);
  for (const std::string& scan : scans) {
    std::string table = scan.substr(0, scan.find(' '));
    if (tx.exec1("SELECT reltuples FROM pg_class WHERE relname = " + tx.quote(table))[0]
            .as<double>() >= kLargeTable) {
      return true;
    }
  }
  return false;
}

// After the probe's timed calls (the plan cache has chosen by then): the plan that runs, the
// custom and generic plans, and the custom plan with sequential scans priced out.
PlanFinding CheckPlans(Sessions& sessions, const Probe& probe, std::mt19937& random, bool& ok) {
  pqxx::connection& c = sessions.Of(probe);
  std::string explain = "EXECUTE " + probe.query->name + "(";
  Arguments arguments = probe.arguments(random);
  for (size_t i = 0; i < arguments.size(); ++i) {
    explain += (i ? ", " : "") + c.quote(arguments[i]);
  }
  explain += ")";
  PlanFinding f{probe.database, probe.query->name, "", {}, {}, {}, {}, {}};
  auto set = [&](const std::string& sql) { pqxx::nontransaction(c).exec(sql); };
  set("SET plan_cache_mode = auto");
  std::string running = PlanText(c, explain);
  Scans scans = ScansOf(c, explain);
  f.running_scans = scans.sequential;
  f.whole_index_scans = scans.whole_index;
  set("SET plan_cache_mode = force_custom_plan");
  f.custom_scans = ScansOf(c, explain).sequential;
  set("SET enable_seqscan = off");
  f.unavoidable_scans = ScansOf(c, explain).sequential;
  set("SET enable_seqscan = on; SET plan_cache_mode = force_generic_plan");
  f.generic_scans = ScansOf(c, explain).sequential;
  f.running = running == PlanText(c, explain) ? "generic" : "custom";
  set("SET plan_cache_mode = auto");
  if (!f.unavoidable_scans.empty() || AnyLarge(c, f.running_scans)) ok = false;
  return f;
}

}  // namespace

ProbeReport RunProbes(const std::map<std::string, std::string>& urls, int iterations,
                      bool migrations_pending) {
  ProbeReport report;
  Sessions sessions(urls);
  // Before newer migrations, a statement that needs them is left out (and named); after, every
  // statement must prepare.
  auto runs = [&](const Probe& probe) {
    if (!migrations_pending || sessions.Prepares(probe)) return true;
    report.not_run.push_back(probe.database + " " + probe.query->name);
    return false;
  };
  std::mt19937 random(42);
  std::set<std::string> checked;
  auto check = [&](const Probe& probe) {
    if (checked.insert(probe.query->name).second) {
      report.plans.push_back(CheckPlans(sessions, probe, random, report.plans_ok));
    }
  };
  for (const auto& [label, probe] : HotProbes()) {
    if (!runs(probe)) continue;
    std::vector<double> samples;
    for (int i = 0; i < iterations; ++i)
      samples.push_back(sessions.Call(probe, probe.arguments(random)));
    report.timings.push_back({label, Summarise(samples)});
    check(probe);
  }
  // The overview of a street: the statements the gateway's overview fans out to, one after
  // another (the gateway runs the services' calls at once; the sum is an upper bound).
  std::vector<Probe> overview;
  for (const Probe& probe : OverviewProbes()) {
    if (runs(probe)) overview.push_back(probe);
  }
  std::vector<std::vector<double>> each(overview.size());
  std::vector<double> sums;
  for (int i = 0; i < iterations; ++i) {
    double sum = 0;
    for (size_t k = 0; k < overview.size(); ++k) {
      double ms = sessions.Call(overview[k], overview[k].arguments(random));
      each[k].push_back(ms);
      sum += ms;
    }
    sums.push_back(sum);
  }
  report.timings.push_back({"overview of a street: its " + std::to_string(overview.size()) +
                                " statements one after another",
                            Summarise(sums)});
  for (size_t k = 0; k < overview.size(); ++k) {
    report.timings.push_back({"  overview: " + overview[k].database + " " + overview[k].query->name,
                              Summarise(each[k])});
    check(overview[k]);
  }
  return report;
}

}  // namespace tongxin::bench
