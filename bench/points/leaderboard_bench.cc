// City-scale rankings: 1 million volunteers, millions of transfers. Builds the data with SQL,
// then times the leaderboard reads and the award write path through the real repositories and
// domain (the same prepared statements the service runs). Prints a Markdown table.
//
//   points_leaderboard_bench DATABASE_URL [volunteers=1000000] [transfers=10000000]
//                            [pgbench_script_out]
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "services/common/migrations.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/ledger_domain.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/settings_repository.h"

namespace {

using Stopwatch = std::chrono::steady_clock;

double Ms(Stopwatch::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  double p50, p95, p99, max;
};

Stats Summarise(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[static_cast<size_t>(q * (samples.size() - 1))]; };
  return {at(0.50), at(0.95), at(0.99), samples.back()};
}

void Exec(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\nin: %.120s\n", e.what(), sql.c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::points;
  if (argc < 2) {
    std::fprintf(stderr, "usage: points_leaderboard_bench DATABASE_URL [volunteers] [transfers]\n");
    return 2;
  }
  const std::string url = argv[1];
  const long long volunteers = argc > 2 ? std::atoll(argv[2]) : 1000000;
  const long long transfers = argc > 3 ? std::atoll(argv[3]) : 10000000;
  // 100 streets × 10 communities: 1000 volunteers per community at a million.
  auto migrated = Migrate(url, std::string(TONGXIN_SOURCE_DIR) + "/migrations/points");
  if (!migrated.ok()) {
    std::fprintf(stderr, "%s\n", migrated.status().ToString().c_str());
    return 1;
  }
  auto started = Stopwatch::now();
  const std::string n = std::to_string(volunteers);
  // Community of volunteer i: street 411502100+(i%100), community (i/100)%10+1.
  const std::string community =
      "(411502100 + (i % 100))::text || lpad(((i / 100) % 10 + 1)::text, 3, '0')";
  Exec(url,
       "INSERT INTO accounts (account_id, kind, owner_id, community_id, party_member, "
       "display_name, balance) SELECT 'volunteer:v' || i, 1, 'v' || i, " +
           community + ", i % 3 = 0, '志愿者' || i, 0 FROM generate_series(1, " + n +
           ") AS i "
           "ON CONFLICT DO NOTHING");
  Exec(url, "INSERT INTO accounts (account_id, kind, owner_id) SELECT DISTINCT 'issuing:' || " +
                community + ", 2, " + community +
                " FROM generate_series(1, 1000) AS i "
                "ON CONFLICT DO NOTHING");
  // Transfers: awards spread over the volunteers and the year; balances follow.
  Exec(url,
       "INSERT INTO transfers (from_account, to_account, amount, kind, source_ref, actor, "
       "region_id, earned_delta, earned_volunteer, earned_at, created_at) SELECT "
       "'issuing:' || c, 'volunteer:v' || v, 1 + (t % 7), 1, 'bench:' || t, 'bench', c, "
       "1 + (t % 7), 'v' || v, ts, ts FROM (SELECT t, 1 + (t::bigint * 7919) % " +
           n +
           " AS v, "
           "timestamptz '2026-01-01 00:00+08' + (t % 330) * interval '1 day' AS ts FROM "
           "generate_series(1, " +
           std::to_string(transfers) +
           ") AS t) s, LATERAL (SELECT "
           "(411502100 + (v % 100))::text || lpad(((v / 100) % 10 + 1)::text, 3, '0') AS c) cc");
  Exec(url,
       "UPDATE accounts a SET balance = s.total FROM (SELECT to_account, sum(amount) AS "
       "total FROM transfers GROUP BY 1) s WHERE a.account_id = s.to_account");
  Exec(url,
       "UPDATE accounts a SET balance = -s.total FROM (SELECT from_account, sum(amount) AS "
       "total FROM transfers GROUP BY 1) s WHERE a.account_id = s.from_account");
  // The summary the service keeps as it posts, built here in one pass: each transfer's points
  // in the community where they were earned, its street and the city ('').
  Exec(url,
       "INSERT INTO earned_points SELECT p.period, r.region, t.earned_volunteer, "
       "bool_or(a.party_member), sum(t.earned_delta) FROM transfers t JOIN accounts a ON "
       "a.account_id = 'volunteer:' || t.earned_volunteer CROSS JOIN LATERAL "
       "(VALUES (to_char(t.earned_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')), "
       "(to_char(t.earned_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-\"Q\"Q')), "
       "(to_char(t.earned_at AT TIME ZONE 'Asia/Shanghai', 'YYYY')), ('all')) p(period) "
       "CROSS JOIN LATERAL (VALUES (t.region_id), (left(t.region_id, 9)), ('')) r(region) "
       "WHERE t.earned_volunteer IS NOT NULL GROUP BY 1, 2, 3 "
       "ON CONFLICT DO NOTHING");
  Exec(url, "VACUUM ANALYZE");
  double build_s = Ms(Stopwatch::now() - started) / 1000;

  DbOptions options;
  options.url = url;
  options.pool_size = 2;
  auto db = Db::Open(options);
  if (!db.ok()) return 1;
  // The ledger's repository and domain area alone: the read is timed at the repository (the
  // statement itself), the write through the domain, as the Award RPC runs it.
  LedgerRepository ledger(**db);
  SettingsRepository settings(**db);
  Accounts accounts(ledger);
  LedgerDomain domain(ledger, settings, accounts, tongxin::Clock::System(), PointsOptions{});
  std::mt19937 random(42);

  struct Case {
    const char* name;
    bool street;
    const char* period;
    bool party;
  };
  const Case cases[] = {{"community, month, top 20", false, "2026-05", false},
                        {"street, year, top 20", true, "2026", false},
                        {"street, all time, party members, top 20", true, "all", true}};
  std::printf("| query | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    std::vector<double> samples;
    for (int i = 0; i < 2000; ++i) {
      int s = static_cast<int>(random() % 100), k = static_cast<int>(random() % 10) + 1;
      char region[16];
      std::snprintf(region, sizeof region, "%d%s", 411502100 + s,
                    c.street ? "" : (k < 10 ? ("00" + std::to_string(k)).c_str() : "010"));
      auto t0 = Stopwatch::now();
      absl::Status status = (*db)->Read({}, [&](Tx& tx) {
        return ledger.Leaderboard(tx, region, c.period, c.party, 20).status();
      });
      samples.push_back(Ms(Stopwatch::now() - t0));
      if (!status.ok()) return 1;
    }
    Stats st = Summarise(samples);
    std::printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", c.name, st.p50, st.p95, st.p99, st.max);
  }

  // The write path at this size: one award = transfer + two balances + twelve summary rows
  // (four periods × community, street, city) and its request id, in one call.
  std::vector<double> award_samples;
  for (int i = 0; i < 2000; ++i) {
    Principal system{"bench", Role::kSystem, {}};
    AwardInput in;
    in.volunteer_id = "v" + std::to_string(1 + random() % volunteers);
    in.community_id = "411502100001";
    in.activity = Activity::kPostService;
    in.hours = 2;
    in.source_ref = "bench-award:" + std::to_string(i) + ":" + std::to_string(random());
    auto t0 = Stopwatch::now();
    const RequestKey key{"system:bench", "bench-award-" + std::to_string(i) + "-" + in.source_ref,
                         in.source_ref};
    absl::Status status =
        (*db)->OneStatement({}, [&](Tx& tx) { return domain.Award(tx, system, key, in).status(); });
    award_samples.push_back(Ms(Stopwatch::now() - t0));
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.ToString().c_str());
      return 1;
    }
  }
  Stats st = Summarise(award_samples);
  std::printf("| Award (write path, one client) | %.2f | %.2f | %.2f | %.2f |\n", st.p50, st.p95,
              st.p99, st.max);

  // The same statement for pgbench, with pgbench's variables for its parameters.
  if (argc > 4) {
    std::string sql = *(*db)->StatementSql("leaderboard_street");
    auto replace = [&](const std::string& from, const std::string& to) {
      sql.replace(sql.find(from), from.size(), to);
    };
    replace("$1", "'2026'");
    replace("$2", "(:street)::text");
    replace("$3", "20");
    std::FILE* out = std::fopen(argv[4], "w");
    std::fprintf(out, "\\set street random(411502100, 411502199)\n%s;\n", sql.c_str());
    std::fclose(out);
  }

  // For contrast: the same street ranking computed from the ledger instead of the summary.
  auto t0 = Stopwatch::now();
  Exec(url,
       "SELECT earned_volunteer, sum(earned_delta) AS p FROM transfers WHERE region_id LIKE "
       "'411502150%' AND earned_at >= timestamptz '2026-01-01 00:00+08' GROUP BY 1 "
       "ORDER BY p DESC, 1 LIMIT 20");
  std::printf("| street, year, from the ledger (no summary), once | %.0f | | | |\n",
              Ms(Stopwatch::now() - t0));
  std::printf("\nvolunteers %lld, transfers %lld, data built in %.0f s\n", volunteers, transfers,
              build_s);
  return 0;
}
