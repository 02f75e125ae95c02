// A commendation round's snapshot for a street, as the CreateRound RPC takes it: the points
// domain reads the street's standings and freezes the top 100 as candidates, in one transaction.
#include <chrono>
#include <cstdio>
#include <random>

#include "bench/city/city_shape.h"
#include "bench/city/probes.h"
#include "services/common/clock.h"
#include "services/points/domain/rounds_domain.h"
#include "services/points/events.h"
#include "services/points/repository/round_repository.h"
#include "services/points/repository/settings_repository.h"

namespace tongxin::bench {

Percentiles TimeSnapshots(const std::string& points_url, int rounds) {
  using namespace tongxin::points;
  DbOptions options;
  options.url = points_url;
  options.pool_size = 1;
  auto db = Db::Open(options);
  if (!db.ok()) {
    std::fprintf(stderr, "city bench: %s\n", db.status().ToString().c_str());
    std::exit(1);
  }
  RoundRepository round_repository(**db);
  SettingsRepository settings(**db);
  OutboxPointsEvents events(**db);  // the service's own: a draft round enqueues none
  RoundsDomain domain(round_repository, settings, events, Clock::System(), PointsOptions{});
  const Principal system{"city-bench", Role::kSystem, {}};
  std::mt19937 random(7);
  std::vector<double> samples;
  for (int i = 0; i < rounds; ++i) {
    Round in;
    in.title = "2026年度优秀志愿者";
    in.region_id = StreetId(static_cast<int>(random() % kStreets));
    in.period_kind = PeriodKind::kYear;
    in.period = "2026";
    in.rule = RuleKind::kTopN;
    in.rule_value = 100;
    auto started = std::chrono::steady_clock::now();
    absl::Status status =
        (*db)->Transact({}, [&](Tx& tx) { return domain.CreateRound(tx, system, in).status(); });
    samples.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    if (!status.ok()) {
      std::fprintf(stderr, "city bench: CreateRound: %s\n", status.ToString().c_str());
      std::exit(1);
    }
  }
  return Summarise(samples);
}

}  // namespace tongxin::bench
