// tongxin-audit: a seeded, reproducible workload against a running stack (scripts/up's), checked
// against a model of every request it made (docs/reliability.md). Many clients at once do a
// seeded random mix of awards, redeems, cancels, collections, adjustments and reversals, wishes
// submitted, approved, claimed, released, fulfilled, confirmed and sent back, posts adopted and
// withdrawn, service logged, approved and rejected — through the services and, for some
// attempts, the gateway — each retrying with the same request id. During the run the ledger and
// posts' places are checked; afterwards, once the outboxes drained, everything (checks.h).
//
//   tongxin-audit --seed=N --database_url_base=postgresql://tongxin@127.0.0.1:PORT
//                 [--port_base=B (scripts/up's TONGXIN_PORT_BASE)] [--var_dir=var]
//                 [--duration_s=10] [--clients=12] [--commit=REV] [--summary_out=FILE]
//                 [--fault_at_s=S --fault_command='CMD' --fault_name=NAME] [--drain_s=120]
//
// --fault_command runs (sh -c) S seconds into the run while the clients go on, e.g. a script
// that kills a service with SIGKILL and starts it again; its failure is a violation.
// Exit status: 0 no violation; 1 violations (the seed and commit that reproduce them are
// printed); 2 a usage or set-up error.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/audit/checks.h"
#include "tests/audit/setup.h"

#ifndef TONGXIN_AUDIT_BUILD_COMMIT
#define TONGXIN_AUDIT_BUILD_COMMIT "unknown"
#endif

namespace {

using namespace tongxin::audit;
using Clock = std::chrono::steady_clock;

int Usage(const std::string& why) {
  std::cerr << "tongxin-audit: " << why << " (see the comment at the top of tests/audit/main.cc)\n";
  return 2;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags = {
      {"duration_s", "10"},  {"clients", "12"},    {"port_base", "0"},
      {"host", "127.0.0.1"}, {"var_dir", "var"},   {"drain_s", "120"},
      {"fault_at_s", "0"},   {"volunteers", "32"}, {"commit", TONGXIN_AUDIT_BUILD_COMMIT}};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
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
  uint64_t seed = 0;
  if (!flags.count("seed") || !absl::SimpleAtoi(flags["seed"], &seed)) {
    return Usage("--seed: a whole number is required");
  }
  if (!flags.count("database_url_base")) return Usage("--database_url_base is required");
  const int clients = std::max(1, static_cast<int>(number("clients")));
  const auto duration = std::chrono::milliseconds(static_cast<long>(number("duration_s") * 1000));
  const std::string commit = flags["commit"];
  int port_base = static_cast<int>(number("port_base"));
  auto tokens = tongxin::bench::Tokens::FromSecretFile(
      flags.count("secret_file") ? flags["secret_file"] : flags["var_dir"] + "/secrets/jwt.secret");
  if (!tokens.ok()) return Usage(std::string(tokens.status().message()));

  Audit audit;
  World world;
  // The run's tag keeps ids apart between runs on one stack; the choices come from the seed.
  world.run =
      flags.count("run")
          ? flags["run"]
          : absl::StrCat("s", seed, "-",
                         absl::Hex(std::chrono::system_clock::now().time_since_epoch().count() /
                                   1000000 % 0xFFFFFF));
  world.street = "411502098";
  world.community = "411502098001";
  world.system_token = tokens->Mint("tongxin-audit", tongxin::Role::kSystem);
  world.mint_volunteer_token = [&tokens](const std::string& subject) {
    return tokens->Mint(subject, tongxin::Role::kVolunteer);
  };
  world.admin_token =
      tokens->Mint("tongxin-audit-admin", tongxin::Role::kStreetAdmin, {world.street});
  if (port_base <= 0) return Usage("--port_base: scripts/up's TONGXIN_PORT_BASE is required");
  // Stubs over a few connections per target, shared by the clients round-robin.
  std::vector<std::unique_ptr<Stubs>> stubs;
  for (int i = 0; i < std::min(clients, 4); ++i) {
    stubs.push_back(std::make_unique<Stubs>(flags["host"], port_base));
  }

  std::printf("tongxin-audit: seed %llu, commit %s, run %s, %d clients for %.1f s\n",
              static_cast<unsigned long long>(seed), commit.c_str(), world.run.c_str(), clients,
              Seconds(duration));
  Policy calm;
  calm.short_deadline_p = calm.abandon_p = calm.gateway_p = 0;
  Client setup(1 << 20, seed, audit, world, *stubs[0], calm);
  SetupSizes sizes;
  sizes.volunteers = std::max(2, static_cast<int>(number("volunteers")));
  // The persons a run registers fit in its 1,000 (workload_volunteer.cc): set-up's below 100,
  // then 50 a client.
  if (sizes.volunteers > 100) return Usage("--volunteers: at most 100");
  if (clients > 18) return Usage("--clients: at most 18");
  if (auto status = MakeWorld(sizes, *tokens, *stubs[0], setup, world); !status.ok()) {
    std::cerr << "set-up: " << status << "\n";
    return 2;
  }

  // The run: clients, the live checks, and the fault at its time.
  const auto start = Clock::now(), end = start + duration;
  std::atomic<bool> done{false};
  std::atomic<long long> live_facts{0}, live_rounds{0}, live_skipped{0};
  const std::string url_base = flags["database_url_base"];
  const std::string fault_command = flags.count("fault_command") ? flags["fault_command"] : "";
  const std::string fault_name = flags["fault_name"];
  std::thread live([&] {
    Checker checker(url_base, audit, world);
    while (!done) {
      long long facts = checker.Live();
      if (facts < 0) {
        ++live_skipped;
      } else {
        live_facts += facts;
        ++live_rounds;
      }
      for (int i = 0; i < 10 && !done; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::thread fault;
  std::string fault_note = "none";
  if (!fault_command.empty()) {
    const auto at =
        start + std::chrono::milliseconds(static_cast<long>(number("fault_at_s") * 1000));
    fault = std::thread([&, at] {
      std::this_thread::sleep_until(at);
      auto began = Clock::now();
      int rc = std::system(fault_command.c_str());
      fault_note = absl::StrFormat("%s at %.1f s, took %.1f s", fault_name, Seconds(began - start),
                                   Seconds(Clock::now() - began));
      std::printf("fault: '%s' at %.1f s exited %d\n", fault_command.c_str(),
                  Seconds(began - start), rc);
      if (rc != 0) audit.Violation("the fault command failed: " + fault_command);
    });
  }
  std::vector<std::unique_ptr<Client>> workers;
  for (int i = 0; i < clients; ++i) {
    workers.push_back(std::make_unique<Client>(
        i, seed, audit, world, *stubs[static_cast<size_t>(i) % stubs.size()], Policy{}));
  }
  std::vector<std::thread> threads;
  for (auto& worker : workers) {
    threads.emplace_back([&worker, end] { worker->Run(end); });
  }
  for (auto& t : threads) t.join();
  const double ran = Seconds(Clock::now() - start);
  if (fault.joinable()) fault.join();
  done = true;
  live.join();
  // Unreachable databases are a fault's doing; with none, or when no round read at all, they
  // are a finding.
  if (live_skipped > 0 && (fault_command.empty() || live_rounds == 0)) {
    audit.Violation(absl::StrCat(live_skipped.load(), " live check rounds found the databases ",
                                 "unreachable", fault_command.empty() ? " with no fault" : "",
                                 ", and ", live_rounds.load(), " read them"));
  }

  // An unanswered attempt may still land until its deadline; the outboxes then deliver.
  std::this_thread::sleep_until(audit.LatestOpenDeadline() + std::chrono::seconds(1));
  Checker checker(url_base, audit, world);
  const auto drain_start = Clock::now();
  checker.WaitForOutboxes(std::chrono::seconds(static_cast<long>(number("drain_s"))));
  const double drained = Seconds(Clock::now() - drain_start);
  const auto history = audit.History();
  const long long facts = checker.Final(history);

  // The report.
  long long by[kOpCount][3] = {};
  long long outcomes[3] = {}, gateway = 0;
  for (const auto& r : history) {
    ++by[static_cast<int>(r.op)][static_cast<int>(r.outcome)];
    ++outcomes[static_cast<int>(r.outcome)];
    gateway += r.via_gateway;
  }
  const auto violations = audit.Violations();
  std::printf(
      "requests %zu in %.1f s (%.0f/s): ok %lld, failed %lld, unknown %lld; retries %lld "
      "(%lld after an answer cut off by a stream reset); %lld through the gateway (%lld "
      "attempts)\n",
      history.size(), ran, static_cast<double>(history.size()) / ran, outcomes[0], outcomes[1],
      outcomes[2], audit.retries.load(), audit.resets.load(), gateway,
      audit.gateway_attempts.load());
  std::string per_op;
  for (int op = 0; op < kOpCount; ++op) {
    absl::StrAppend(&per_op, " ", OpName(static_cast<Op>(op)), " ", by[op][0], "/", by[op][1], "/",
                    by[op][2]);
  }
  std::printf("by kind (ok/failed/unknown):%s\n", per_op.c_str());
  std::printf(
      "checks: %lld live in %lld rounds (%lld rounds found the database unreachable), %lld final "
      "(outboxes drained in %.1f s); violations %zu\n",
      live_facts.load(), live_rounds.load(), live_skipped.load(), facts, drained,
      violations.size());
  if (flags.count("summary_out")) {
    std::ofstream out(flags["summary_out"], std::ios::app);
    out << seed << '\t' << commit << '\t' << clients << '\t' << ran << '\t' << history.size()
        << '\t' << static_cast<double>(history.size()) / ran << '\t' << outcomes[0] << '\t'
        << outcomes[1] << '\t' << outcomes[2] << '\t' << audit.retries.load() << '\t' << drained
        << '\t' << violations.size() << '\t' << fault_note << '\n';
  }
  if (!violations.empty()) {
    std::printf(
        "AUDIT FAILED: %zu violations. Reproduce at commit %s with seed %llu: "
        "scripts/audit --seed=%llu --duration_s=%s --clients=%d%s\n",
        violations.size(), commit.c_str(), static_cast<unsigned long long>(seed),
        static_cast<unsigned long long>(seed), flags["duration_s"].c_str(), clients,
        flags.count("fault_command") ? " (with its fault)" : "");
    return 1;
  }
  std::printf("audit passed: seed %llu, commit %s\n", static_cast<unsigned long long>(seed),
              commit.c_str());
  return 0;
}
