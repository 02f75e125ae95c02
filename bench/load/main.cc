// tongxin-load: drives one scenario against a running stack (scripts/up's) and prints what it
// measured: answered rate against offered, latency percentiles, answers by status code, and
// the CPU time and memory of every server process.
//
//   tongxin-load --scenario=NAME [--clients=8] [--rate=0 (closed loop) | R per second]
//                [--warmup_s=1] [--duration_s=5] [--quick] [--var_dir=var] [--port_base=N]
//                [--pg_pidfile=PATH] [--spread=1000] [--hot_stock=N] [--post_capacity=3]
//                [--channels=4] [--tsv_out=FILE] [--label=TEXT] [--stats_url=DATABASE_URL]
//
// --stats_url: the service's database, with pg_stat_statements: its counts are reset when the
// measured window opens and read when it closes, and printed per answered request (the round
// trips a request costs, BEGIN and COMMIT included).
//
// Exit status 0 when the scenario ran and requests were answered; 1 when none was; 2 on a
// usage or set-up error.
#include <pqxx/pqxx>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/load/proc_stats.h"
#include "bench/load/scenarios.h"

namespace {

using namespace tongxin::bench;

int Usage(const std::string& why) {
  std::cerr << "tongxin-load: " << why << "\nscenarios:";
  for (const auto& [name, _] : Scenarios()) std::cerr << ' ' << name;
  std::cerr << "\n";
  return 2;
}

double Ms(int64_t micros) { return static_cast<double>(micros) / 1000.0; }

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags = {
      {"clients", "8"},       {"rate", "0"},      {"warmup_s", "1"},    {"duration_s", "5"},
      {"var_dir", "var"},     {"port_base", "0"}, {"spread", "1000"},   {"hot_stock", "10000000"},
      {"post_capacity", "3"}, {"channels", "4"},  {"host", "127.0.0.1"}};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      flags["warmup_s"] = "0.5";
      flags["duration_s"] = "2";
      continue;
    }
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) return Usage("bad argument " + arg);
    flags[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
  }
  auto number = [&](const std::string& name) {
    double value = 0;
    if (!absl::SimpleAtod(flags[name], &value)) {
      std::cerr << "--" << name << ": not a number\n";
      std::exit(2);
    }
    return value;
  };
  const std::string name = flags["scenario"];
  auto scenario = Scenarios().find(name);
  if (scenario == Scenarios().end()) return Usage("--scenario: unknown '" + name + "'");

  Targets targets;
  targets.host = flags["host"];
  if (int base = static_cast<int>(number("port_base")); base > 0) {
    targets.gateway_port = base;
    targets.volunteer_port = base + 1;
    targets.posts_port = base + 2;
    targets.wishes_port = base + 3;
    targets.points_port = base + 4;
  }
  const std::string var = flags["var_dir"];
  auto tokens = Tokens::FromSecretFile(flags.count("secret_file") ? flags["secret_file"]
                                                                  : var + "/secrets/jwt.secret");
  if (!tokens.ok()) return Usage(std::string(tokens.status().message()));

  ScenarioContext context;
  context.targets = targets;
  context.load.concurrency = std::max(1, static_cast<int>(number("clients")));
  context.load.rate = number("rate");
  context.load.warmup = std::chrono::milliseconds(static_cast<long>(number("warmup_s") * 1000));
  context.load.duration = std::chrono::milliseconds(static_cast<long>(number("duration_s") * 1000));
  context.spread = std::max(1, static_cast<int>(number("spread")));
  context.hot_stock = static_cast<int>(number("hot_stock"));
  context.post_capacity = static_cast<int>(number("post_capacity"));
  Services services(targets, *tokens, std::max(1, static_cast<int>(number("channels"))));
  context.services = &services;
  {
    Fixture fixture(services);
    if (auto status = fixture.EnsureStreet(); !status.ok()) {
      std::cerr << "set-up: " << status << "\n";
      return 2;
    }
  }

  std::vector<std::string> pid_specs;
  for (const char* service : {"volunteer", "posts", "wishes", "points", "gateway"}) {
    pid_specs.push_back(absl::StrCat(service, "=", var, "/run/", service, ".pid"));
  }
  if (flags.count("pg_pidfile")) pid_specs.push_back("postgres=" + flags["pg_pidfile"]);
  ProcessSampler sampler(ProcessSampler::FromPidFiles(pid_specs));

  // The database's statements and the processes' CPU time during the measured window.
  std::unique_ptr<pqxx::connection> stats;
  std::vector<std::pair<long long, std::string>> statements;
  std::vector<ProcessUsage> usage;
  bool window_sampled = false;
  if (flags.count("stats_url")) {
    try {
      stats = std::make_unique<pqxx::connection>(flags["stats_url"]);
    } catch (const std::exception& e) {
      return Usage(std::string("--stats_url: ") + e.what());
    }
  }
  context.load.on_measure_start = [&] {
    sampler.Start();
    if (!stats) return;
    pqxx::nontransaction tx(*stats);
    tx.exec("SELECT pg_stat_statements_reset()");
  };
  context.load.on_measure_end = [&] {
    usage = sampler.Stop();
    window_sampled = true;
    if (!stats) return;
    pqxx::nontransaction tx(*stats);
    for (const auto& row :
         tx.exec("SELECT calls, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
                 "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                 "AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC")) {
      statements.emplace_back(row[0].as<long long>(), row[1].as<std::string>());
    }
  };

  LoadResult result;
  absl::Status status;
  if (name == "approval_e2e") {
    // Its own threads, no window hooks: the processes are sampled over the whole run.
    sampler.Start();
    status = scenario->second(context, result);
    usage = sampler.Stop();
  } else {
    status = scenario->second(context, result);
  }
  if (!status.ok()) {
    std::cerr << name << ": " << status << "\n";
    return 2;
  }

  const Histogram& h = result.latency;
  std::string mode = context.load.rate > 0
                         ? absl::StrCat("open loop at ", context.load.rate, "/s over ",
                                        context.load.concurrency, " connections")
                         : absl::StrCat("closed loop, ", context.load.concurrency, " in flight");
  std::vector<std::string> codes;
  for (const auto& [code, count] : result.codes) codes.push_back(absl::StrCat(code, " ", count));
  std::printf("%s: %s, %.1f s measured after %.1f s warm-up%s%s\n", name.c_str(), mode.c_str(),
              result.seconds, number("warmup_s"), context.notes.empty() ? "" : "; ",
              context.notes.c_str());
  std::printf("  answered %llu (%.1f/s; offered %s), sent %llu, dropped %llu%s\n",
              static_cast<unsigned long long>(h.Count()), result.AchievedRate(),
              result.offered_rate > 0 ? absl::StrCat(result.offered_rate, "/s").c_str() : "-",
              static_cast<unsigned long long>(result.sent),
              static_cast<unsigned long long>(result.dropped),
              result.drained ? "" : " (some answers never came)");
  std::printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n",
              Ms(h.ValueAt(0.5)), Ms(h.ValueAt(0.9)), Ms(h.ValueAt(0.99)), Ms(h.ValueAt(0.999)),
              Ms(h.Max()));
  std::printf("  answers: %s\n", absl::StrJoin(codes, ", ").c_str());
  std::printf("  server processes sampled over %s\n",
              window_sampled ? "the measured window" : "the whole run (set-up included)");
  std::vector<std::string> procs;
  for (const auto& u : usage) {
    procs.push_back(absl::StrFormat(
        "%s %.0f µs CPU/answer, %.1f MiB", u.name,
        h.Count() ? 1e6 * u.cpu_seconds / static_cast<double>(h.Count()) : 0.0, u.peak_rss_mib));
    std::printf(
        "  process %-9s CPU %.2f s (%.0f µs per answer), peak RSS %.1f MiB (VmHWM %.1f MiB)\n",
        u.name.c_str(), u.cpu_seconds,
        h.Count() ? 1e6 * u.cpu_seconds / static_cast<double>(h.Count()) : 0.0, u.peak_rss_mib,
        u.high_water_mib);
  }
  std::string round_trips;
  if (!statements.empty() && h.Count() > 0) {
    long long calls = 0;
    for (const auto& [n, _] : statements) calls += n;
    const double per = static_cast<double>(calls) / static_cast<double>(h.Count());
    round_trips = absl::StrFormat("%.1f", per);
    std::printf("  database: %.1f statements per answered request (pg_stat_statements):\n", per);
    for (const auto& [n, query] : statements) {
      double each = static_cast<double>(n) / static_cast<double>(h.Count());
      if (each < 0.05) break;
      std::printf("    %5.2f  %.90s\n", each, query.c_str());
    }
  }
  if (flags.count("tsv_out")) {
    std::ofstream out(flags["tsv_out"], std::ios::app);
    out << flags["label"] << '\t' << name << '\t' << context.load.concurrency << '\t'
        << context.load.rate << '\t' << result.AchievedRate() << '\t' << Ms(h.ValueAt(0.5)) << '\t'
        << Ms(h.ValueAt(0.9)) << '\t' << Ms(h.ValueAt(0.99)) << '\t' << Ms(h.ValueAt(0.999)) << '\t'
        << Ms(h.Max()) << '\t' << absl::StrJoin(codes, ", ") << '\t' << absl::StrJoin(procs, "; ")
        << '\t' << round_trips << '\n';
  }
  return h.Count() > 0 ? 0 : 1;
}
