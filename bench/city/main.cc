// A city at scale: fills each service's own database (after its migrations) with volunteers,
// wishes, posts and the points ledger, checks that balances equal the ledger, then times the hot
// reads and checks their plans. Prints Markdown; exits non-zero when a balance is wrong (3) or
// a plan scans a large table or has no index to use (4).
//
//   tongxin-city-bench URL_BASE [scale=1] [iterations=500] [baseline]
//     URL_BASE   postgresql://user@host:port (the databases tongxin_<service> are made there)
//     scale      1 = 1 M volunteers, 100 k wishes, 50 k posts, 20 M transfers; 0.001 or 1/1000
//     baseline   e.g. volunteer=5,wishes=4: load and probe with those services' migrations only
//                up to those versions, then apply the rest (timed) and probe again: a before
//                and after of new migrations on the same data
//
// Loaders run on two threads: the volunteers' and wishes' sealing is the client's work, the
// ledger is the server's, so the two cores are both busy.
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include <unistd.h>

#include "bench/city/loaders.h"
#include "bench/city/probes.h"
#include "services/common/migrations.h"

namespace {

using namespace tongxin::bench;

double ParseScale(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::stod(text);
  return std::stod(text.substr(0, slash)) / std::stod(text.substr(slash + 1));
}

// service → the newest migration version to apply before the first probes.
std::map<std::string, int> ParseBaseline(const std::string& text) {
  std::map<std::string, int> baseline;
  size_t at = 0;
  while (at < text.size()) {
    size_t comma = text.find(',', at);
    std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    size_t eq = item.find('=');
    if (eq != std::string::npos) baseline[item.substr(0, eq)] = std::stoi(item.substr(eq + 1));
    at = comma == std::string::npos ? text.size() : comma + 1;
  }
  return baseline;
}

// Applies a service's migrations, only up to `up_to` when it is positive (from a copy of those
// files: the runner checks the applied files' checksums later, and they are the same bytes).
void MigrateService(const std::string& url, const std::string& service, int up_to) {
  namespace fs = std::filesystem;
  std::string directory = std::string(TONGXIN_SOURCE_DIR) + "/migrations/" + service;
  fs::path partial;
  if (up_to > 0) {
    partial =
        fs::temp_directory_path() / ("tongxin-city-" + service + "-" + std::to_string(::getpid()));
    fs::create_directories(partial);
    for (const auto& file : fs::directory_iterator(directory)) {
      const std::string name = file.path().filename().string();
      if (name.size() > 5 && name[0] == 'V' && std::stoi(name.substr(1, 4)) <= up_to) {
        fs::copy_file(file.path(), partial / name, fs::copy_options::overwrite_existing);
      }
    }
    directory = partial.string();
  }
  absl::Status created = tongxin::CreateDatabaseIfMissing(url);
  auto migrated = created.ok() ? tongxin::Migrate(url, directory)
                               : absl::StatusOr<tongxin::MigrationReport>(created);
  if (!partial.empty()) fs::remove_all(partial);
  if (!migrated.ok()) {
    std::fprintf(stderr, "city bench: %s: %s\n", service.c_str(),
                 migrated.status().ToString().c_str());
    std::exit(1);
  }
}

void PrintLoad(const LoadLog& log, double total_s) {
  std::printf("| database | step | rows | s | rows/s |\n|---|---|---|---|---|\n");
  for (const LoadStep& step : log.Steps()) {
    std::printf("| %s | %s | %lld | %.1f | %s |\n", step.database.c_str(), step.what.c_str(),
                step.rows, step.seconds,
                step.rows > 0 && step.seconds > 0
                    ? std::to_string(static_cast<long long>(step.rows / step.seconds)).c_str()
                    : "");
  }
  std::printf("| all | wall time, two loaders at once | | %.1f | |\n\n", total_s);
}

std::string Join(const std::vector<std::string>& scans) {
  if (scans.empty()) return "none";
  std::string out;
  for (const auto& s : scans) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void PrintTimings(const ProbeReport& report, const Percentiles& snapshot, int rounds) {
  std::printf("| query | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
  for (const auto& [label, p] : report.timings) {
    std::printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", label.c_str(), p.p50, p.p95, p.p99, p.max);
  }
  std::printf(
      "| commendation snapshot: CreateRound, street, year, top 100 (%d rounds) | %.1f | "
      "%.1f | %.1f | %.1f |\n\n",
      rounds, snapshot.p50, snapshot.p95, snapshot.p99, snapshot.max);
  if (!report.not_run.empty()) {
    std::printf("Not run before the new migrations (they read what those add): %s\n\n",
                Join(report.not_run).c_str());
  }
}

void PrintPlans(const ProbeReport& report) {
  std::printf(
      "| statement | runs | seq scans in the running plan | whole-index scans in it | custom | "
      "generic | custom, seq scans off |\n|---|---|---|---|---|---|---|\n");
  for (const PlanFinding& f : report.plans) {
    std::printf("| %s %s | %s | %s | %s | %s | %s | %s |\n", f.database.c_str(),
                f.statement.c_str(), f.running.c_str(), Join(f.running_scans).c_str(),
                Join(f.whole_index_scans).c_str(), Join(f.custom_scans).c_str(),
                Join(f.generic_scans).c_str(), Join(f.unavoidable_scans).c_str());
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tongxin-city-bench URL_BASE [scale=1] [iterations=500]\n");
    return 2;
  }
  const std::string base = argv[1];
  const double scale_factor = argc > 2 ? ParseScale(argv[2]) : 1.0;
  const int iterations = argc > 3 ? std::atoi(argv[3]) : 500;
  const CityScale scale = CityScale::Of(scale_factor);

  const std::map<std::string, int> baseline = ParseBaseline(argc > 4 ? argv[4] : "");
  std::map<std::string, std::string> urls;
  for (const char* service : {"volunteer", "wishes", "posts", "points"}) {
    urls[service] = base + "/tongxin_" + service;
    auto up_to = baseline.find(service);
    MigrateService(urls[service], service, up_to == baseline.end() ? 0 : up_to->second);
  }
  std::printf("## City scale: %lld volunteers, %lld wishes, %lld posts, %lld transfers\n\n",
              scale.volunteers, scale.wishes, scale.posts, scale.transfers);

  LoadLog log;
  auto started = Stopwatch::now();
  std::thread ledger([&] { LoadPoints(urls["points"], scale, log); });
  LoadVolunteers(urls["volunteer"], scale, log);
  LoadWishes(urls["wishes"], scale, log);
  LoadPosts(urls["posts"], scale, log);
  ledger.join();
  PrintLoad(log, Seconds(Stopwatch::now() - started));
  std::fflush(stdout);

  const int rounds = std::max(5, iterations / 25);
  if (!baseline.empty()) {
    std::printf("### Before the new migrations (%s)\n\n", argv[4]);
    ProbeReport before = RunProbes(urls, iterations, /*migrations_pending=*/true);
    PrintTimings(before, TimeSnapshots(urls["points"], rounds), rounds);
    PrintPlans(before);
    std::printf("### The new migrations on this data\n\n| database | s |\n|---|---|\n");
    for (const auto& [service, version] : baseline) {
      auto migrating = Stopwatch::now();
      MigrateService(urls.at(service), service, 0);
      std::printf("| %s (after V%04d) | %.1f |\n", service.c_str(), version,
                  Seconds(Stopwatch::now() - migrating));
    }
    std::printf("\n### After\n\n");
    std::fflush(stdout);
  }
  ProbeReport report = RunProbes(urls, iterations);
  Percentiles snapshot = TimeSnapshots(urls["points"], rounds);
  PrintTimings(report, snapshot, rounds);
  PrintPlans(report);
  if (!report.plans_ok) {
    std::fprintf(stderr,
                 "city bench: a hot statement scans a large table, or has no index to "
                 "use (see the plans above)\n");
    return 4;
  }
  return 0;
}
