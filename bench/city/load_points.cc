// The points database: every volunteer's account, each community's issuing account, the ledger
// of awards, the earned-points summary, and balances that equal the ledger.
//
// The transfers are a pure function of their number t, so the server makes them from
// generate_series, twice and at once on two connections: once aggregated to (volunteer,
// community where earned, month) — a hash aggregate over integers, which the balances and the
// summary are built from — and once written to the ledger with its indexes and foreign keys
// off. The summary is never aggregated from the ledger (that pass was most of the old bench's
// 26 minutes).
#include <cstdio>
#include <future>
#include <thread>

#include "bench/city/loaders.h"

namespace tongxin::bench {
namespace {

// Awards from 2026-01-01 to 2026-11-29 (China time), 08:00-20:00; 30 % of the volunteers earn,
// half of the awards going to the most active fifth of them; one in twenty is earned in the
// next community of the volunteer's street (points stay where they were earned).
std::string Generated(const CityScale& scale) {
  const long long active = std::max(1LL, scale.volunteers * 3 / 10);
  std::string month_of_day = "ARRAY[";
  const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30};
  for (int m = 0; m < 11; ++m) {
    for (int d = 0; d < days[m]; ++d)
      month_of_day += (month_of_day.size() > 6 ? "," : "") + std::to_string(m + 1);
  }
  month_of_day += "]";
  return "SELECT t, v, v % 100 AS street, (v / 100 % 10 + (t % 20 = 0)::int) % 10 AS community, "
         "(" +
         month_of_day +
         ")[d + 1] AS month, "
         "to_timestamp(1767196800 + d * 86400 + 28800 + t * 7919 % 43200) AS at, "
         "1 + t * 31 % 8 AS amount FROM (SELECT t, (t * 7 % 333)::int AS d, floor(CASE WHEN "
         "t % 2 = 0 THEN " +
         std::to_string(active) + " ELSE " + std::to_string(std::max(1LL, active / 5)) +
         " END * ((t * 2654435761) % 1000003)::float8 / 1000003)::bigint AS v FROM "
         "generate_series(1::bigint, " +
         std::to_string(scale.transfers) + ") AS t) g";
}

std::string SqlCommunityAt(const std::string& street, const std::string& community) {
  return "((411502 + " + street + " / 20)::text || lpad((1 + " + street +
         " % 20)::text, 3, '0') || lpad((1 + " + community + ")::text, 3, '0'))";
}

}  // namespace

void LoadPoints(const std::string& url, const CityScale& scale, LoadLog& log) {
  const std::string generated = Generated(scale);
  // The ledger on a connection of its own, at the same time as the summary below (each is one
  // core's work); its foreign keys wait for the accounts.
  std::promise<void> accounts_ready;
  std::shared_future<void> accounts = accounts_ready.get_future().share();
  std::thread ledger([&] {
    pqxx::connection connection(url);
    PrepareForBulk(connection);
    DeferredIndexes transfer_indexes(connection, "points", "transfers");
    Timed(log, connection, "points", "transfers",
          "INSERT INTO transfers (transfer_id, from_account, to_account, amount, kind, "
          "source_ref, actor, region_id, earned_delta, earned_volunteer, earned_at, created_at) "
          "SELECT t, 'issuing:' || r, 'volunteer:' || vid, amount, 1, 'log:' || t, 'system', r, "
          "amount, vid, at, at FROM (SELECT *, " +
              SqlCommunityAt("street", "community") + " AS r, " + SqlVolunteerId("v") +
              " AS vid FROM (" + generated + ") x) g");
    Exec(connection,
         "SELECT setval('transfers_transfer_id_seq', " + std::to_string(scale.transfers) + ")");
    accounts.wait();
    transfer_indexes.Rebuild(log);
  });
  pqxx::connection connection(url);
  PrepareForBulk(connection);
  Timed(log, connection, "points", "earned per volunteer, community, month",
        "CREATE UNLOGGED TABLE city_earned AS SELECT v, street, community, month, "
        "sum(amount)::bigint AS points FROM (" +
            generated + ") x GROUP BY 1, 2, 3, 4");
  Timed(log, connection, "points", "accounts (volunteers)",
        "INSERT INTO accounts (account_id, kind, owner_id, community_id, party_member, "
        "display_name, balance) SELECT 'volunteer:' || " +
            SqlVolunteerId("i") + ", 1, " + SqlVolunteerId("i") + ", " + SqlCommunityId("i") +
            ", " + SqlPartyMember("i") + ", " + SqlVolunteerName("i") +
            ", coalesce(b.points, 0) FROM generate_series(0, " +
            std::to_string(scale.volunteers - 1) +
            ") AS i LEFT JOIN (SELECT v, sum(points) AS points FROM city_earned GROUP BY 1) b "
            "ON b.v = i");
  Timed(log, connection, "points", "accounts (issuing)",
        "INSERT INTO accounts (account_id, kind, owner_id, balance) SELECT 'issuing:' || c, 2, "
        "c, -coalesce(b.points, 0) FROM (SELECT k, " +
            SqlCommunityAt("(k % 100)", "(k / 100)") + " AS c FROM generate_series(0, " +
            std::to_string(kCommunities - 1) +
            ") AS k) kc LEFT JOIN (SELECT street, community, sum(points) AS points FROM "
            "city_earned GROUP BY 1, 2) b ON b.street = k % 100 AND b.community = k / 100");

  accounts_ready.set_value();

  // The summary the service keeps as it posts: per period (month, quarter, year, all) and
  // region (the community where earned, its street, the city ''). A volunteer earns only in
  // their own street, so their street's and the city's rows carry the same sums.
  DeferredIndexes summary_indexes(connection, "points", "earned_points", true);
  Timed(log, connection, "points", "earned_points",
        "INSERT INTO earned_points (period, region_id, volunteer_id, party_member, points) "
        "SELECT p.period, r.region, " +
            SqlVolunteerId("v") + ", " + SqlPartyMember("v") +
            ", points FROM (SELECT v, street, community, month, quarter, sum(points) AS points "
            "FROM (SELECT *, "
            "(month + 2) / 3 AS quarter FROM city_earned) e GROUP BY GROUPING SETS ((v, street, "
            "community, month), (v, street, community, quarter), (v, street, community), (v, "
            "street, month), (v, street, quarter), (v, street))) s, "
            "LATERAL (SELECT unnest(CASE WHEN month IS NOT NULL THEN ARRAY['2026-' || "
            "lpad(month::text, 2, '0')] WHEN quarter IS NOT NULL THEN ARRAY['2026-Q' || "
            "quarter] ELSE ARRAY['2026', 'all'] END) AS period) p, "
            "LATERAL (SELECT unnest(CASE WHEN community IS NOT NULL THEN ARRAY[" +
            SqlCommunityAt("street", "community") + "] ELSE ARRAY[" + SqlStreetId("v") +
            ", ''] END) AS region) r");
  summary_indexes.Rebuild(log);
  Exec(connection, "DROP TABLE city_earned");
  ledger.join();
  // The read tables as autovacuum keeps them (visibility map set: index-only scans), the ledger
  // only analysed (no hot read scans it).
  Timed(log, connection, "points", "VACUUM ANALYZE summary, accounts",
        "VACUUM (ANALYZE) earned_points, accounts", 0);
  Timed(log, connection, "points", "ANALYZE transfers", "ANALYZE transfers", 0);

  // Every balance is its account's transfers in less out, and the city's all-time earned points
  // are the ledger's: one pass over the ledger.
  auto started = Stopwatch::now();
  pqxx::row check =
      Exec(connection,
           "SELECT (SELECT count(*) FROM accounts a FULL JOIN (SELECT account, "
           "sum(delta) AS total FROM transfers, LATERAL (VALUES (to_account, amount), "
           "(from_account, -amount)) x(account, delta) GROUP BY 1) l ON l.account = "
           "a.account_id WHERE coalesce(a.balance, 0) <> coalesce(l.total, 0)) AS "
           "wrong, (SELECT coalesce(sum(points), 0) FROM earned_points WHERE period = "
           "'all' AND region_id = '') AS summary, (SELECT coalesce(sum(earned_delta), "
           "0) FROM transfers) AS ledger, (SELECT count(*) FROM transfers) AS n")[0];
  log.Add({"points", "check: balances = ledger", 0, Seconds(Stopwatch::now() - started)});
  if (check["wrong"].as<long long>() != 0 ||
      check["summary"].as<long long>() != check["ledger"].as<long long>() ||
      check["n"].as<long long>() != scale.transfers) {
    std::fprintf(stderr,
                 "city bench: BALANCES DO NOT EQUAL THE LEDGER: %lld accounts differ; earned "
                 "summary %lld, ledger %lld; %lld transfers\n",
                 check["wrong"].as<long long>(), check["summary"].as<long long>(),
                 check["ledger"].as<long long>(), check["n"].as<long long>());
    std::exit(3);
  }
  std::fprintf(stderr, "  balances equal the ledger (%lld transfers, %lld points earned)\n",
               check["n"].as<long long>(), check["ledger"].as<long long>());
}

}  // namespace tongxin::bench
