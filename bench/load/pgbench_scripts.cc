// tongxin-pgbench-scripts: writes, for every write scenario of tongxin-load, a pgbench script of
// the very transaction the service runs: the statements come from where the service keeps them
// (the typed Query constants of services/*/repository/*_queries.h, and Db::StatementSql for the
// idempotency and lock statements that services/common registers), in the order the domain and
// repository run them, with pgbench variables for their parameters. BEGIN (Db::BeginCommand: with
// a caller's deadline further off than the session's statement timeout, as the bench's are, no
// SET LOCAL goes with it) and COMMIT are the round trips Db::Transact adds; the request id's
// answer stored at the end (or, when the work refuses, the key taken to find an earlier answer,
// then ROLLBACK) the one IdempotencyStore adds. Award and Redeem are one statement each (a
// server-side call that stores its own request id and commits itself), run as the service runs
// them: no BEGIN, no COMMIT.
//
// It also prepares the bench databases for them: a lookup of the bench community's rewards by
// number (pgbench has no arrays of UUIDs; the lookup is a primary-key read inside reward_get's
// own statement, no extra round trip), and 1,000 pgbench volunteers with points, credited through
// the ledger's own transfer_post so that the ledger stays balanced.
//
//   tongxin-pgbench-scripts POINTS_URL WISHES_URL POSTS_URL OUT_DIR
//
// Writes OUT_DIR/{award,redeem_spread,redeem_hot,claim_storm,adopt_storm,wall}.sql.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/server.h"
#include "services/points/domain/model.h"
#include "services/points/domain/periods.h"
#include "services/points/domain/ranking.h"
#include "services/points/repository/ledger_queries.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/settings_queries.h"
#include "services/points/repository/settings_repository.h"
#include "services/points/repository/store_queries.h"
#include "services/posts/repository/adoption_queries.h"
#include "services/posts/repository/post_queries.h"
#include "services/wishes/repository/wish_queries.h"

namespace {

using namespace tongxin;

constexpr char kCommunity[] = "411502099001";
constexpr int kPgbenchVolunteers = 1000;

// The statement with $N replaced by pgbench expressions (highest numbers first, so $1 never
// eats the start of $10).
std::string Bind(std::string sql, const std::map<int, std::string>& args) {
  for (auto it = args.rbegin(); it != args.rend(); ++it) {
    const std::string token = absl::StrCat("$", it->first);
    for (size_t at = sql.find(token); at != std::string::npos; at = sql.find(token, at)) {
      size_t end = at + token.size();
      if (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) {
        at = end;
        continue;
      }
      const std::string value = "(" + it->second + ")";
      sql.replace(at, token.size(), value);
      at += value.size();
    }
  }
  // A parameter left unbound means the service's statement gained one that this script does not
  // know of: pgbench would only fail at run time, and the bench would print no comparison.
  for (size_t at = sql.find('$'); at != std::string::npos; at = sql.find('$', at + 1)) {
    if (at + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[at + 1]))) {
      std::cerr << "tongxin-pgbench-scripts: parameter " << sql.substr(at, 3)
                << " left unbound in: " << sql.substr(0, 120) << "\n";
      std::exit(1);
    }
  }
  return sql;
}

std::string Quote(const std::string& text) { return "'" + text + "'"; }

// pgbench turns every ":name" of a script into a parameter, also inside a string literal; the
// scripts' own literals therefore never put a letter right after a colon ('volunteer:' || ...).
struct Script {
  std::string text;
  void Line(const std::string& line) { text += line + "\n"; }
  void Sql(const std::string& sql) { Line(sql + ";"); }
  void SqlGset(const std::string& sql) { Line(sql + " \\gset"); }
  // Like SqlGset, but a statement that returns no row sets nothing (pgbench's \aset).
  void SqlAset(const std::string& sql) { Line(sql + " \\aset"); }
};

// What Db::Transact and IdempotencyStore::Run put around every mutation: BEGIN, the work, the
// request id stored with its answer, COMMIT; a refused request takes the key (to find an earlier
// answer), then rolls back.
struct Frame {
  std::string begin, store;
  void Begin(Script& s) const {
    s.Line("\\set rid random(1, 9000000000000000)");
    s.Sql(begin);
  }
  void Store(Script& s, const std::string& caller, const std::string& response) const {
    s.Sql(Bind(store, {{1, caller},
                       {2, "'pgb-' || :rid::text"},
                       {3, Quote(std::string(64, 'f'))},
                       {4, response}}));
  }
  void Commit(Script& s, const std::string& caller) const {
    // A serialised answer of about the size of the service's (an Order or Wish: ~200 bytes).
    Store(s, caller, "decode(repeat('0a', 200), 'hex')");
    s.Sql("END");
  }
  void Refuse(Script& s, const std::string& caller) const {
    Store(s, caller, "''::bytea");
    s.Sql("ROLLBACK");
  }
};

const std::string kNowMicros = "(extract(epoch from clock_timestamp()) * 1000000)::bigint";

void Write(const std::string& dir, const std::string& name, const Script& script) {
  std::ofstream out(dir + "/" + name + ".sql");
  out << script.text;
}

int Fail(const std::string& what) {
  std::cerr << "tongxin-pgbench-scripts: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5)
    return Fail("usage: tongxin-pgbench-scripts POINTS_URL WISHES_URL POSTS_URL OUT_DIR");
  const std::string dir = argv[4];
  std::map<std::string, std::unique_ptr<Db>> dbs;
  std::map<std::string, Frame> frames;
  for (auto [name, url] : {std::pair{"points", argv[1]}, {"wishes", argv[2]}, {"posts", argv[3]}}) {
    DbOptions options;
    options.url = url;
    options.pool_size = 1;
    auto db = Db::Open(options);
    if (!db.ok()) return Fail(std::string(db.status().message()));
    IdempotencyStore registers(**db);  // registers the idempotency statements with the pool
    // The services' default deadline (RpcRunnerOptions): tongxin-load sets none.
    const std::string begin = (*db)->BeginCommand(
        TxOptions{std::chrono::system_clock::now() + RpcRunnerOptions{}.default_deadline});
    if (begin.find(';') != std::string::npos) return Fail("BEGIN is not one statement: " + begin);
    frames[name] = Frame{begin, *(*db)->StatementSql("idempotency_store")};
    dbs[name] = std::move(*db);
  }
  const std::string lock_key = *dbs["wishes"]->StatementSql("lock_key");
  using points::AccountKind;
  using points::TransferKind;
  const std::string store = points::StoreAccount(kCommunity);
  const std::string issuing = points::IssuingAccount(kCommunity);
  const points::Time now = std::chrono::system_clock::now();

  points::LedgerRepository ledger(*dbs["points"]);  // registers the ledger's statements
  // ---- set-up: the rewards by number, the pgbench volunteers with points ----
  std::string hot_reward, storm_wish, storm_post;
  long long rewards = 0;
  absl::Status prepared = dbs["points"]->Transact({}, [&](Tx& tx) -> absl::Status {
    tx.exec0("DROP TABLE IF EXISTS pgbench_pick_rewards");
    tx.exec0(absl::StrCat(
        "CREATE TABLE pgbench_pick_rewards AS SELECT row_number() OVER (ORDER BY reward_id) AS n, "
        "reward_id AS id FROM rewards WHERE region_id = '",
        kCommunity, "' AND stock >= 100000"));
    tx.exec0("ALTER TABLE pgbench_pick_rewards ADD PRIMARY KEY (n)");
    // None before a Redeem scenario has run: the Redeem scripts are then not written.
    auto first = tx.exec("SELECT id::text FROM pgbench_pick_rewards ORDER BY n LIMIT 1");
    if (!first.empty()) hot_reward = first[0][0].as<std::string>();
    rewards = tx.exec1("SELECT count(*) FROM pgbench_pick_rewards")[0].as<long long>();
    for (int i = 1; i <= kPgbenchVolunteers; ++i) {
      const std::string id = absl::StrCat("pgbench-v", i);
      Exec0(tx, points::kVolunteerAccountEnsure, points::VolunteerAccount(id), id, kCommunity,
            false, "pgbench", true);
      if (!Exec(tx, points::kAccountGet, points::VolunteerAccount(id))[0]["balance"]
               .as<long long>()) {
        Exec0(tx, points::kAccountEnsure, issuing, static_cast<int>(AccountKind::kIssuing),
              kCommunity);
        Exec(tx, points::kTransferPost, issuing, points::VolunteerAccount(id), 100000000LL,
             static_cast<int>(TransferKind::kAdjustment), "pgbench-funds:" + id, "pgbench",
             "pgbench's volunteers", kCommunity, 0LL, 0LL, "", ToEpochMicros(now),
             ToEpochMicros(now));
      }
    }
    return absl::OkStatus();
  });
  if (!prepared.ok()) return Fail(std::string(prepared.message()));
  // The version of the rules the service's award call names (it reads them once, then keeps
  // them while the version holds).
  std::string rules_version;
  points::SettingsRepository settings(*dbs["points"]);
  absl::Status versioned = dbs["points"]->Read({}, [&](Tx& tx) -> absl::Status {
    auto chain = settings.RulesChainWithVersion(tx, kCommunity);
    if (!chain.ok()) return chain.status();
    rules_version = chain->version;
    return absl::OkStatus();
  });
  if (!versioned.ok()) return Fail(std::string(versioned.message()));
  (void)dbs["wishes"]->Read({}, [&](Tx& tx) {
    auto row =
        tx.exec(absl::StrCat("SELECT wish_id::text FROM wishes WHERE community_id = '", kCommunity,
                             "' AND state = 2 ORDER BY created_at DESC LIMIT 1"));
    if (!row.empty()) storm_wish = row[0][0].as<std::string>();
    return absl::OkStatus();
  });
  (void)dbs["posts"]->Read({}, [&](Tx& tx) {
    auto row = tx.exec(absl::StrCat("SELECT post_id::text FROM posts WHERE community_id = '",
                                    kCommunity, "' AND adopted = 0 AND capacity <= 5 LIMIT 1"));
    if (!row.empty()) storm_post = row[0][0].as<std::string>();
    return absl::OkStatus();
  });

  const std::string volunteer = "'pgbench-v' || :v::text";
  const std::string account = "'volunteer:' || 'pgbench-v' || :v::text";
  const std::string periods = TextArrayLiteral(points::AllPeriodKeys(now));
  const std::string regions = TextArrayLiteral(points::EarnedRegions(kCommunity));

  // ---- Award (LedgerDomain::Award, as the posts service's outbox calls it: system) and Redeem
  // (StoreDomain::Redeem by the volunteer): each one call that commits itself with its request
  // id, as the service sends it — no BEGIN, no COMMIT ----
  const std::string fingerprint = Quote(std::string(64, 'f'));
  const std::string request_id = "'pgb-' || :rid::text";
  {
    Script s;
    s.Line(absl::StrCat("\\set v random(1, ", kPgbenchVolunteers, ")"));
    s.Line("\\set rid random(1, 9000000000000000)");
    s.Sql(Bind(points::kAwardCall.sql, {{1, "'system:' || 'pgbench'"},
                                        {2, request_id},
                                        {3, fingerprint},
                                        {4, Quote(rules_version)},
                                        {5, "2"},
                                        {6, "false"},
                                        {7, account},
                                        {8, volunteer},
                                        {9, Quote(kCommunity)},
                                        {10, "false"},
                                        {11, "'压测志愿者'"},
                                        {12, "true"},
                                        {13, Quote(issuing)},
                                        {14, "'pgb-log:' || :rid::text"},
                                        {15, "'pgbench'"},
                                        {16, Quote(kCommunity)},
                                        {17, "''"},
                                        {18, kNowMicros},
                                        {19, kNowMicros},
                                        {20, Quote(periods)},
                                        {21, Quote(regions)}}));
    Write(dir, "award", s);
  }
  std::vector<std::string> limit_keys;
  for (auto period : {points::LimitPeriod::kNone, points::LimitPeriod::kMonth,
                      points::LimitPeriod::kQuarter, points::LimitPeriod::kYear}) {
    limit_keys.push_back(points::LimitPeriodKey(period, now));
  }
  for (bool hot : {false, true}) {
    if (hot_reward.empty()) break;
    Script s;
    const std::string reward =
        hot ? Quote(hot_reward) : "SELECT id FROM pgbench_pick_rewards WHERE n = :r";
    s.Line(absl::StrCat("\\set v random(1, ", kPgbenchVolunteers, ")"));
    s.Line(absl::StrCat("\\set r random(1, ", rewards, ")"));
    s.Line("\\set rid random(1, 9000000000000000)");
    // A refusal (sold out) writes nothing and ends the call, as in the service.
    s.Sql(Bind(points::kRedeemCall.sql, {{1, "'volunteer:' || 'pgbench-v' || :v::text"},
                                         {2, request_id},
                                         {3, fingerprint},
                                         {4, reward},
                                         {5, volunteer},
                                         {6, account},
                                         {7, "1"},
                                         {8, "false"},
                                         {9, "'{}'"},
                                         {10, kNowMicros},
                                         {11, Quote(TextArrayLiteral(limit_keys))},
                                         {12, "'P' || :rid::text"},
                                         {13, volunteer},
                                         {14, "'reward:' || (" + reward + ")::text"},
                                         {15, Quote(store)}}));
    Write(dir, hot ? "redeem_hot" : "redeem_spread", s);
  }
  // ---- ClaimWish (WishesDomain::Claim by the volunteer), 200 at once on one wish: the first
  // claims it, everyone after finds it claimed and rolls back, as in the service's storms ----
  if (!storm_wish.empty()) {
    Script s;
    const Frame& f = frames["wishes"];
    const std::string caller = "'volunteer:' || 'pgbench-v' || :v::text";
    s.Line(absl::StrCat("\\set v random(1, ", kPgbenchVolunteers, ")"));
    f.Begin(s);
    s.Sql(Bind(lock_key, {{1, "'claimer:' || 'pgbench-v' || :v::text"}}));
    s.Sql(Bind(wishes::kClaimerOpenClaims.sql, {{1, volunteer}}));
    s.Sql(Bind(wishes::kClaimerReleases.sql, {{1, volunteer}, {2, kNowMicros + " - 86400000000"}}));
    s.SqlGset(Bind(wishes::kWishGetForUpdate.sql, {{1, Quote(storm_wish)}}));
    s.Line(absl::StrCat("\\if :state = ", static_cast<int>(wishes::WishState::kApproved)));
    const std::string approved = std::to_string(static_cast<int>(wishes::WishState::kApproved));
    const std::string claimed = std::to_string(static_cast<int>(wishes::WishState::kClaimed));
    s.Sql(Bind(wishes::kWishUpdate.sql, {{1, Quote(storm_wish)},
                                         {2, approved},
                                         {3, claimed},
                                         {4, volunteer},
                                         {5, "'压测志愿者'"},
                                         {6, "false"},
                                         {7, kNowMicros},
                                         {8, kNowMicros + " + 604800000000"},
                                         {9, "''"},
                                         {10, "''"},
                                         {11, "0"},
                                         {12, "''"},
                                         {13, ":publish_micros"},
                                         {14, "0"},
                                         // A fresh wish's first claim: first and last are now.
                                         {15, kNowMicros},
                                         {16, kNowMicros}}));
    s.Sql(Bind(wishes::kWishEvent.sql, {{1, Quote(storm_wish)},
                                        {2, approved},
                                        {3, claimed},
                                        {4, volunteer},
                                        {5, "''"},
                                        {6, kNowMicros}}));
    f.Commit(s, caller);
    s.Line("\\else");
    f.Refuse(s, caller);
    s.Line("\\endif");
    Write(dir, "claim_storm", s);
  }

  // ---- AdoptPost (PostsDomain::AdoptPost by a volunteer), 200 at once on one post of small
  // capacity: a fresh adopter each time (a volunteer adopts a post once) ----
  if (!storm_post.empty()) {
    Script s;
    const Frame& f = frames["posts"];
    const std::string adopter = "'pgbench-a' || :rid::text";
    const std::string caller = "'volunteer:' || 'pgbench-a' || :rid::text";
    f.Begin(s);
    s.Sql(Bind(posts::kPostGet.sql, {{1, Quote(storm_post)}}));
    s.Sql(Bind(lock_key, {{1, "'adopter:' || 'pgbench-a' || :rid::text"}}));
    s.Sql(Bind(posts::kAdoptionsActiveCount.sql, {{1, adopter}}));
    s.Sql(Bind(posts::kAdoptionInsert.sql,
               {{1, Quote(storm_post)},
                {2, std::to_string(static_cast<int>(posts::AdopterKind::kVolunteer))},
                {3, adopter},
                {4, "'压测志愿者'"},
                {5, "false"},
                {6, kNowMicros}}));
    s.Line("\\set adopted -1");
    s.SqlAset(Bind(posts::kPostTakePlace.sql, {{1, Quote(storm_post)}}));
    s.Line("\\if :adopted >= 0");
    f.Commit(s, caller);
    s.Line("\\else");
    f.Refuse(s, caller);
    s.Line("\\endif");
    Write(dir, "adopt_storm", s);
  }

  // ---- the wall's read (WishesDomain's ListWall: one statement in a read transaction) ----
  {
    Script s;
    s.Sql(frames["wishes"].begin);
    s.Sql(Bind(wishes::kWishWall.sql, {{1, Quote(kCommunity)}, {2, "0"}, {3, "''"}, {4, "21"}}));
    s.Sql("END");
    Write(dir, "wall", s);
  }

  std::printf("hot reward %s, storm wish %s, storm post %s\n", hot_reward.c_str(),
              storm_wish.c_str(), storm_post.c_str());
  return 0;
}
