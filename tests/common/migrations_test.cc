// The migration runner on a real PostgreSQL: fresh apply, no-op re-run, edited or missing files
// refused, two runners at once apply once.
#include "services/common/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>

#include "services/common/crypto.h"
#include "tests/support/test_db.h"

namespace tongxin {
namespace {

namespace fs = std::filesystem;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tongxin_migrations_" + HexEncode(RandomBytes(4)));
    fs::create_directories(dir_);
    Write("V0001__create_counter.sql",
          "CREATE TABLE counter (n int NOT NULL);\nINSERT INTO counter VALUES (1);\n");
    Write("V0002__bump.sql", "UPDATE counter SET n = n + 1;\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& sql) { std::ofstream(dir_ / name) << sql; }
  fs::path dir_;
};

TEST_F(MigrationsTest, FreshDatabaseGetsEveryFileThenReRunIsANoOp) {
  testing::TestDatabase database("mig_fresh", "");
  auto first = Migrate(database.url(), dir_);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->applied, (std::vector<int>{1, 2}));
  EXPECT_EQ(database.Scalar("SELECT n FROM counter"), "2");
  auto second = Migrate(database.url(), dir_);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->current_version, 2);
  EXPECT_EQ(database.Scalar("SELECT n FROM counter"), "2");
  EXPECT_EQ(database.Scalar("SELECT count(*) FROM schema_migrations"), "2");
  EXPECT_EQ(database.Scalar("SELECT checksum FROM schema_migrations WHERE version = 2"),
            Sha256Hex("UPDATE counter SET n = n + 1;\n"));
}

TEST_F(MigrationsTest, NewFileIsAppliedLater) {
  testing::TestDatabase database("mig_new", "");
  ASSERT_TRUE(Migrate(database.url(), dir_).ok());
  Write("V0003__bump_again.sql", "UPDATE counter SET n = n + 10;\n");
  auto report = Migrate(database.url(), dir_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->applied, (std::vector<int>{3}));
  EXPECT_EQ(database.Scalar("SELECT n FROM counter"), "12");
}

TEST_F(MigrationsTest, EditedAppliedFileIsRefused) {
  testing::TestDatabase database("mig_edit", "");
  ASSERT_TRUE(Migrate(database.url(), dir_).ok());
  Write("V0002__bump.sql", "UPDATE counter SET n = n + 100;\n");
  auto report = Migrate(database.url(), dir_);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(report.status().message()).find("V0002__bump.sql"), std::string::npos);
  EXPECT_EQ(database.Scalar("SELECT n FROM counter"), "2");
}

TEST_F(MigrationsTest, MissingAppliedFileIsRefused) {
  testing::TestDatabase database("mig_missing", "");
  ASSERT_TRUE(Migrate(database.url(), dir_).ok());
  fs::remove(dir_ / "V0002__bump.sql");
  EXPECT_EQ(Migrate(database.url(), dir_).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrationsTest, FailingFileRollsBackAndIsNotRecorded) {
  testing::TestDatabase database("mig_fail", "");
  Write("V0003__broken.sql", "UPDATE counter SET n = 99;\nSELECT * FROM no_such_table;\n");
  auto report = Migrate(database.url(), dir_);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(database.Scalar("SELECT n FROM counter"), "2");
  EXPECT_EQ(database.Scalar("SELECT max(version) FROM schema_migrations"), "2");
}

TEST_F(MigrationsTest, BadNamesAndGapsAreRefused) {
  Write("V0004__gap.sql", "SELECT 1;\n");
  EXPECT_EQ(LoadMigrations(dir_).status().code(), absl::StatusCode::kInvalidArgument);
  fs::remove(dir_ / "V0004__gap.sql");
  Write("create.sql", "SELECT 1;\n");
  EXPECT_EQ(LoadMigrations(dir_).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MigrationsTest, RunnersStartingTogetherApplyEachFileOnce) {
  testing::TestDatabase database("mig_race", "");
  constexpr int kRunners = 6;
  std::vector<std::thread> runners;
  std::vector<absl::StatusOr<MigrationReport>> reports(kRunners, absl::UnknownError("not run"));
  for (int i = 0; i < kRunners; ++i) {
    runners.emplace_back([&, i] { reports[i] = Migrate(database.url(), dir_); });
  }
  for (auto& runner : runners) runner.join();
  size_t applied = 0;
  for (const auto& report : reports) {
    ASSERT_TRUE(report.ok()) << report.status();
    applied += report->applied.size();
  }
  EXPECT_EQ(applied, 2u);
  EXPECT_EQ(database.Scalar("SELECT n FROM counter"), "2");
}

TEST_F(MigrationsTest, CreateDatabaseIfMissingIsIdempotent) {
  std::string name = "tongxin_test_created_" + HexEncode(RandomBytes(4));
  std::string url = WithDatabase(testing::TestServerUrl(), name);
  ASSERT_TRUE(CreateDatabaseIfMissing(url).ok());
  ASSERT_TRUE(CreateDatabaseIfMissing(url).ok());
  ASSERT_TRUE(Migrate(url, dir_).ok());
  pqxx::connection admin(testing::TestServerUrl());
  pqxx::nontransaction tx(admin);
  tx.exec0("DROP DATABASE " + tx.quote_name(name) + " WITH (FORCE)");
}

TEST(VolunteerMigrations, ApplyToAFreshDatabase) {
  testing::TestDatabase database("mig_volunteer", "volunteer");
  // Every file of migrations/volunteer, and only those.
  auto files = LoadMigrations(std::string(TONGXIN_SOURCE_DIR) + "/migrations/volunteer");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_GE(files->size(), 2u);
  EXPECT_EQ(database.Scalar("SELECT count(*) FROM schema_migrations"),
            std::to_string(files->size()));
}

// Every service's epoch_micros is inlined by the planner — the plan shows its body, not a call:
// an SQL function that is not inlined is parsed and planned again on every execution — and
// gives the microseconds since 1970 for instants before, at and long after it.
TEST(EpochMicros, IsInlinedAndExactInEveryService) {
  for (const std::string service :
       {"volunteer", "posts", "wishes", "points", "activities", "notifications"}) {
    SCOPED_TRACE(service);
    testing::TestDatabase database("mig_epoch_" + service, service);
    pqxx::connection connection(database.url());
    pqxx::nontransaction tx(connection);
    std::string plan;
    for (const auto& row : tx.exec(
             "EXPLAIN (VERBOSE, COSTS OFF) SELECT epoch_micros(t) FROM (VALUES (now())) v(t)")) {
      plan += row[0].as<std::string>() + "\n";
    }
    EXPECT_EQ(plan.find("epoch_micros"), std::string::npos) << plan;
    EXPECT_NE(plan.find("EXTRACT"), std::string::npos) << plan;
    EXPECT_EQ(tx.exec1("SELECT epoch_micros('1970-01-01 00:00:00+00')")[0].as<long long>(), 0);
    EXPECT_EQ(tx.exec1("SELECT epoch_micros('1960-05-05 12:00:00.000001+08')")[0].as<long long>(),
              -304804799999999LL);
    EXPECT_EQ(tx.exec1("SELECT epoch_micros('2300-01-01 00:00:00.999999+00')")[0].as<long long>(),
              10413792000999999LL);
  }
}

// A transfer is reversed once (transfers_reversed_once, the name LedgerRepository maps), and only
// reversals are in that index: the awards' NULLs are not (points V0007).
TEST(PointsMigrations, TransfersReversedOnceIndexesOnlyReversals) {
  testing::TestDatabase database("mig_reversed_once", "points");
  pqxx::connection connection(database.url());
  pqxx::nontransaction tx(connection);
  tx.exec0(
      "INSERT INTO accounts (account_id, kind, owner_id) VALUES ('issuing:411502001001', 2, "
      "'411502001001'), ('volunteer:v-1', 1, 'v-1')");
  tx.exec0(
      "INSERT INTO transfers (from_account, to_account, amount, kind, source_ref, "
      "actor, region_id, earned_at, created_at) SELECT 'issuing:411502001001', "
      "'volunteer:v-1', 1, 1, 'log:' || t, 'system', '411502001001', now(), now() FROM "
      "generate_series(1, 3) t");
  const std::string reversal =
      "INSERT INTO transfers (from_account, to_account, amount, kind, source_ref, actor, "
      "region_id, reverses_transfer_id, earned_at, created_at) VALUES ('volunteer:v-1', "
      "'issuing:411502001001', 1, 6, 'reversal', 'admin:a', '411502001001', (SELECT "
      "min(transfer_id) FROM transfers), now(), now())";
  tx.exec0(reversal);
  try {
    tx.exec0(reversal);
    ADD_FAILURE() << "a transfer was reversed twice";
  } catch (const pqxx::unique_violation& e) {
    EXPECT_NE(std::string(e.what()).find("transfers_reversed_once"), std::string::npos) << e.what();
  }
  EXPECT_NE(tx.exec1("SELECT pg_get_indexdef('transfers_reversed_once'::regclass)")[0]
                .as<std::string>()
                .find("WHERE (reverses_transfer_id IS NOT NULL)"),
            std::string::npos);
}

}  // namespace
}  // namespace tongxin
