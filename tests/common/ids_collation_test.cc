// Every service's ids and keys compare as bytes (COLLATE "C", the *__ids_collate_c migrations):
// exactly the text columns that hold ids, codes and keys have collation "C", human-language
// text keeps the database's default, and rows written before the migration are the same rows
// after it, found through indexes that amcheck finds in order.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/common/crypto.h"
#include "services/common/migrations.h"
#include "tests/support/test_db.h"

namespace tongxin {
namespace {

namespace fs = std::filesystem;

// Which text columns hold ids, codes and keys: region, account, volunteer, request and caller
// ids, who acted (`*_by`, actor), post type codes, pickup codes, period keys and source
// references. Every other text column (names, titles, descriptions, reasons, masks, payload
// metadata) keeps the default collation.
constexpr char kIdColumn[] =
    "(column_name ~ '(_id|_account|_ref|_key|_code|_by)$' OR column_name IN ('caller', "
    "'actor', 'period', 'code', 'earned_volunteer', 'client', 'reference', 'serial'))";

std::string MigrationsOf(const std::string& service) {
  return std::string(TONGXIN_SOURCE_DIR) + "/migrations/" + service;
}

// The version of the service's collation migration.
int CollationVersion(const std::string& service) {
  auto files = LoadMigrations(MigrationsOf(service));
  if (!files.ok()) return 0;
  for (const Migration& migration : *files) {
    if (migration.description == "ids_collate_c") return migration.version;
  }
  return 0;
}

// Rows in every table the migration changes, written as the services write them.
const std::map<std::string, std::vector<std::string>>& Seeds() {
  static const auto* seeds = new std::map<std::string, std::vector<std::string>>{
      {"volunteer",
       {"INSERT INTO idempotency_keys (caller, request_id, fingerprint) VALUES ('admin:a', 'r1', "
        "'f'), ('admin:b', 'r1', 'g')",
        "INSERT INTO outbox_events (event_id, destination, method, payload, region_id, dead_at) "
        "VALUES (gen_random_uuid(), 'points', 'Award', '\\x00', '411502001001', now())",
        "INSERT INTO streets (street_id, name) VALUES ('411502001', '五星街道'), ('411502002', "
        "'东方红街道')",
        "INSERT INTO communities (community_id, street_id, name) VALUES ('411502001001', "
        "'411502001', '一社区'), ('411502001002', '411502001', '二社区'), ('411502002001', "
        "'411502002', '三社区')",
        "INSERT INTO grids (grid_id, community_id, name) VALUES ('411502001001001', "
        "'411502001001', '一网格')",
        "INSERT INTO volunteers (volunteer_id, name, id_number_sealed, id_number_index, "
        "id_number_masked, phone_sealed, phone_index, phone_masked, gender, birth_year, "
        "community_id, grid_id, political_status, party_branch, status, reported_community_id, "
        "reported_at) VALUES ('v-1', '张三', '\\x01', '\\x02', '41**************12', '\\x03', "
        "'\\x04', '138****0000', 1, 1980, '411502001001', '411502001001001', 1, '第一支部', 2, "
        "'411502001002', now()), ('v-2', '李四', '\\x05', '\\x06', '41**************34', "
        "'\\x07', '\\x08', '139****0000', 2, 1990, '411502002001', NULL, 3, '', 1, NULL, NULL)",
        "INSERT INTO teams (community_id, name) VALUES ('411502001001', '红马甲')",
        "INSERT INTO team_members (team_id, volunteer_id) SELECT team_id, 'v-1' FROM teams",
        "INSERT INTO service_records (volunteer_id, hours, service_date, organiser, "
        "organiser_region_id, source, source_ref, recorded_by) VALUES ('v-1', 2, '2026-05-01', "
        "'一社区', '411502001001', 1, 'log:1', 'admin:a')",
        "INSERT INTO community_reports (volunteer_id, community_id, state, requested_by, "
        "decided_by, decided_at) VALUES ('v-1', '411502001002', 2, 'v-1', 'admin:a', now())",
        "INSERT INTO id_number_lookups (caller, caller_role, caller_scope, looked_up_at, result, "
        "volunteer_id, hit_community_id) VALUES ('admin:a', 'street_admin', '{411502001}', "
        "now(), 1, 'v-1', '411502001001')"}},
      {"wishes",
       {"INSERT INTO idempotency_keys (caller, request_id, fingerprint) VALUES ('v-1', 'r1', "
        "'f')",
        "INSERT INTO outbox_events (event_id, destination, method, payload, region_id) VALUES "
        "(gen_random_uuid(), 'points', 'Award', '\\x00', '411502001001')",
        "INSERT INTO wishes (community_id, grid_id, category, description, estimated_value, "
        "wisher_name_sealed, wisher_name_masked, wisher_contact_sealed, state, claimer_id, "
        "claimer_name, submitted_by, created_at, published_at, claimed_at) VALUES "
        "('411502001001', '411502001001001', 1, '一个书包', 50, '\\x01', '王*', '\\x02', 4, "
        "'v-1', '张三', 'admin:a', now(), now(), now()), ('411502002001', NULL, 2, '一本字典', "
        "30, '\\x03', '赵*', '\\x04', 2, NULL, '', 'admin:b', now(), now(), NULL)",
        "INSERT INTO wish_events (wish_id, from_state, to_state, actor, at) SELECT wish_id, 2, "
        "4, 'v-1', now() FROM wishes WHERE state = 4",
        "INSERT INTO wisher_access_log (wish_id, community_id, grid_id, reader_id, reason, at) "
        "SELECT wish_id, community_id, grid_id, 'v-1', 1, now() FROM wishes WHERE state = 4"}},
      {"posts",
       {"INSERT INTO idempotency_keys (caller, request_id, fingerprint) VALUES ('v-1', 'r1', "
        "'f')",
        "INSERT INTO outbox_events (event_id, destination, method, payload, region_id) VALUES "
        "(gen_random_uuid(), 'volunteer', 'RecordService', '\\x00', '411502001001')",
        "INSERT INTO post_types (code, name, category) VALUES ('ZZ_LOCAL', '本地岗位', '治理')",
        "INSERT INTO posts (community_id, grid_id, type_code, title, capacity, adopted, "
        "created_by) VALUES ('411502001001', '411502001001001', 'ENV_CLEANUP', '清扫楼道', 3, "
        "1, 'admin:a'), ('411502002001', NULL, 'ZZ_LOCAL', '看护花园', 2, 0, 'admin:b')",
        "INSERT INTO units (community_id, name, agreement_date) VALUES ('411502001001', "
        "'市第一医院', '2026-01-01')",
        "INSERT INTO adoptions (post_id, adopter_kind, adopter_id, adopter_name, party_member) "
        "SELECT post_id, 1, 'v-1', '张三', true FROM posts WHERE adopted = 1",
        "INSERT INTO service_logs (adoption_id, post_id, community_id, adopter_id, service_date, "
        "hours, summary, status, reviewed_by, reviewed_at) SELECT adoption_id, post_id, "
        "'411502001001', 'v-1', '2026-05-01', 2, '打扫了三栋楼', 2, 'admin:a', now() FROM "
        "adoptions"}},
      {"points",
       {"INSERT INTO idempotency_keys (caller, request_id, fingerprint) VALUES ('system', 'r1', "
        "'f')",
        "INSERT INTO accounts (account_id, kind, owner_id, community_id, party_member, "
        "display_name, balance) VALUES ('issuing:411502001001', 2, '411502001001', '', false, "
        "'', -5), ('store:411502001001', 3, '411502001001', '', false, '', 2), "
        "('volunteer:v-1', 1, 'v-1', '411502001001', true, '张三', 3)",
        "INSERT INTO transfers (transfer_id, from_account, to_account, amount, kind, source_ref, "
        "actor, region_id, earned_delta, earned_volunteer, earned_at, created_at) VALUES (1, "
        "'issuing:411502001001', 'volunteer:v-1', 5, 1, 'log:1', 'system', '411502001001', 5, "
        "'v-1', now(), now()), (2, 'volunteer:v-1', 'store:411502001001', 2, 3, 'order:1', "
        "'v-1', '411502001001', 0, NULL, now(), now())",
        "INSERT INTO earned_points (period, region_id, volunteer_id, party_member, points) "
        "VALUES ('2026-05', '411502001001', 'v-1', true, 5), ('2026-Q2', '411502001', 'v-1', "
        "true, 5), ('all', '', 'v-1', true, 5)",
        "INSERT INTO earning_rules (region_id, points_per_hour, wish_points, activity_cap, "
        "updated_by) VALUES ('411502001', 2, 5, 50, 'admin:a')",
        "INSERT INTO earning_rule_changes (region_id, actor, reason, after) VALUES "
        "('411502001', 'admin:a', '街道统一', '{}')",
        "INSERT INTO rewards (region_id, name, price, stock, active_from) VALUES "
        "('411502001001', '毛巾', 2, 3, now())",
        "INSERT INTO orders (reward_id, region_id, volunteer_id, quantity, points, status, "
        "pickup_code, limit_period_key, hold_transfer_id, created_at) SELECT reward_id, "
        "'411502001001', 'v-1', 1, 2, 1, '4821', '', 2, now() FROM rewards",
        "INSERT INTO rounds (round_id, title, region_id, period_kind, period, "
        "party_members_only, rule, status, created_by, created_at, final_at) VALUES "
        "('00000000-0000-0000-0000-000000000001', '2026年度优秀志愿者', '411502001', 3, "
        "'2026', false, 1, 3, 'admin:a', now(), now())",
        "INSERT INTO round_candidates (round_id, volunteer_id, rank, points, name, community_id, "
        "decision) SELECT round_id, 'v-1', 1, 5, '张三', '411502001001', 2 FROM rounds",
        "INSERT INTO objections (round_id, volunteer_id, lodged_by, text, created_at) SELECT "
        "round_id, 'v-1', 'v-2', '他没来', now() FROM rounds",
        "INSERT INTO commendations (round_id, volunteer_id, title, region_id, period, points, "
        "rank, final_at) SELECT round_id, 'v-1', title, region_id, period, 5, 1, now() FROM "
        "rounds"}},
  };
  return *seeds;
}

// Each table's rows as text, in a fixed order: "table: count: md5".
std::vector<std::string> Contents(pqxx::nontransaction& tx) {
  std::vector<std::string> contents;
  for (const auto& table :
       tx.exec("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
               "'schema_migrations' ORDER BY 1")) {
    const std::string name = table[0].as<std::string>();
    contents.push_back(
        name + ": " +
        tx.exec1("SELECT count(*) || ': ' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                 "t::text)), '') FROM " +
                 tx.quote_name(name) + " t")[0]
            .as<std::string>());
  }
  return contents;
}

// Applies the service's migrations up to `last_version` (from a copy of those files: the runner
// checks the applied files' checksums later; they are the same bytes).
auto MigrateUpTo(const std::string& url, const std::string& service, int last_version) {
  const fs::path upto = fs::temp_directory_path() /
                        ("tongxin_collation_" + service + "_" + HexEncode(RandomBytes(4)));
  fs::create_directories(upto);
  for (const auto& file : fs::directory_iterator(MigrationsOf(service))) {
    const std::string name = file.path().filename().string();
    if (std::stoi(name.substr(1, 4)) <= last_version) fs::copy_file(file.path(), upto / name);
  }
  auto applied = Migrate(url, upto.string());
  fs::remove_all(upto);
  return applied;
}

class IdsCollationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(IdsCollationTest, IdColumnsAreCAndRowsSurviveTheMigration) {
  const std::string& service = GetParam();
  const int version = CollationVersion(service);
  ASSERT_GT(version, 1) << "no V000N__ids_collate_c.sql in " << MigrationsOf(service);

  // The service's migrations before the collation one.
  testing::TestDatabase database("collation_" + service, "");
  auto partial = MigrateUpTo(database.url(), service, version - 1);
  ASSERT_TRUE(partial.ok()) << partial.status();

  pqxx::connection connection(database.url());
  pqxx::nontransaction tx(connection);
  for (const std::string& sql : Seeds().at(service)) tx.exec0(sql);
  const std::vector<std::string> written = Contents(tx);

  // Through the collation migration: the rows are the same rows. (Later migrations may add
  // columns and tables; they run below, before the collations are checked.)
  auto through = MigrateUpTo(database.url(), service, version);
  ASSERT_TRUE(through.ok()) << through.status();
  ASSERT_FALSE(through->applied.empty());
  EXPECT_EQ(through->applied.front(), version);

  // Every seeded table has its rows, and every table the same rows as before (tables that later
  // migrations create, such as the volunteer service's certificates, are not compared).
  std::vector<std::string> after;
  for (const std::string& line : Contents(tx)) {
    const std::string table = line.substr(0, line.find(':') + 1);
    for (const std::string& was : written) {
      if (was.rfind(table, 0) == 0) after.push_back(line);
    }
  }
  EXPECT_EQ(after, written);
  for (const std::string& line : written) {
    if (line.find("schema_migrations") == std::string::npos) {
      EXPECT_EQ(line.find(": 0: "), std::string::npos) << "not seeded: " << line;
    }
  }

  // Exactly the id columns are C, in the tables of every migration since too.
  auto full = Migrate(database.url(), MigrationsOf(service));
  ASSERT_TRUE(full.ok()) << full.status();
  std::vector<std::string> wrong;
  for (const auto& row :
       tx.exec(std::string("SELECT table_name || '.' || column_name || ' ' || "
                           "coalesce(collation_name, 'default') FROM information_schema.columns "
                           "WHERE table_schema = 'public' AND data_type = 'text' AND "
                           "table_name <> 'schema_migrations' AND (coalesce(collation_name, '') "
                           "= 'C') <> ") +
               kIdColumn + " ORDER BY 1")) {
    wrong.push_back(row[0].as<std::string>());
  }
  EXPECT_TRUE(wrong.empty()) << ::testing::PrintToString(wrong);

  // Every B-tree was rebuilt in the new order and holds every row (amcheck: keys in order,
  // every heap tuple found).
  tx.exec0("CREATE EXTENSION IF NOT EXISTS amcheck");
  auto checked = tx.exec1(
      "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = "
      "i.indexrelid JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND "
      "c.relnamespace = 'public'::regnamespace");
  EXPECT_GT(checked[0].as<int>(), 5);
}

INSTANTIATE_TEST_SUITE_P(EveryService, IdsCollationTest,
                         ::testing::Values("volunteer", "wishes", "posts", "points"));

}  // namespace
}  // namespace tongxin
