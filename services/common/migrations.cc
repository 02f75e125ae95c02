#include "services/common/migrations.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/db.h"

namespace tongxin {
namespace {

// Any constant shared by all runners of all services; each service has its own database, so
// the lock only serialises runners of the same database.
constexpr long long kMigrationLockKey = 0x746f6e6778696e;  // "tongxin"

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// The database name of a URL or keyword/value connection string.
std::string DatabaseName(const std::string& url) {
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (url.rfind(scheme, 0) != 0) continue;
    size_t path = url.find('/', std::string(scheme).size());
    if (path == std::string::npos) return "";
    size_t query = url.find('?', path);
    return url.substr(path + 1, query == std::string::npos ? std::string::npos : query - path - 1);
  }
  std::smatch match;
  static const std::regex kDbname(R"((?:^|\s)dbname\s*=\s*'?([^'\s]+))");
  std::string result;
  for (auto it = std::sregex_iterator(url.begin(), url.end(), kDbname);
       it != std::sregex_iterator(); ++it) {
    result = (*it)[1];  // the last one wins, as in libpq
  }
  return result;
}

}  // namespace

absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return absl::NotFoundError(absl::StrCat("migrations directory not found: ", directory));
  }
  static const std::regex kName(R"(V(\d+)__([A-Za-z0-9_]+)\.sql)");
  std::vector<Migration> migrations;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    std::smatch match;
    if (!std::regex_match(name, match, kName)) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file name must look like V0001__what.sql: ", name));
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    Migration migration;
    if (!absl::SimpleAtoi(std::string(match[1]), &migration.version) || migration.version < 1) {
      return absl::InvalidArgumentError(absl::StrCat("migration version out of range: ", name));
    }
    migration.description = match[2];
    migration.path = entry.path().string();
    migration.sql = content.str();
    migration.checksum = Sha256Hex(migration.sql);
    migrations.push_back(std::move(migration));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations must be numbered 1, 2, 3... without gaps or repeats; found V",
                       migrations[i].version, " at position ", i + 1, " in ", directory));
    }
  }
  return migrations;
}

absl::StatusOr<MigrationReport> Migrate(const std::string& database_url,
                                        const std::string& directory) {
  auto migrations_or = LoadMigrations(directory);
  if (!migrations_or.ok()) return migrations_or.status();
  const std::vector<Migration>& migrations = *migrations_or;
  MigrationReport report;
  try {
    pqxx::connection connection(database_url);
    {
      pqxx::nontransaction lock(connection);
      lock.exec(absl::StrCat("SELECT pg_advisory_lock(", kMigrationLockKey, ")"));
      lock.exec0(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version integer PRIMARY KEY,"
          " description text NOT NULL,"
          " checksum text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
    }
    std::map<int, std::string> applied;
    {
      pqxx::read_transaction read(connection);
      for (const auto& row : read.exec("SELECT version, checksum FROM schema_migrations")) {
        applied[row[0].as<int>()] = row[1].as<std::string>();
      }
    }
    for (const auto& [version, checksum] : applied) {
      if (version > static_cast<int>(migrations.size())) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration V", version, " is applied but its file is missing from ", directory));
      }
      const Migration& migration = migrations[version - 1];
      if (migration.checksum != checksum) {
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", migration.path,
                         " was edited after it was applied; add a new migration instead"));
      }
    }
    for (const Migration& migration : migrations) {
      if (applied.count(migration.version)) continue;
      pqxx::work tx(connection);
      tx.exec(migration.sql);
      tx.exec_params0(
          "INSERT INTO schema_migrations (version, description, checksum) VALUES ($1, $2, $3)",
          migration.version, migration.description, migration.checksum);
      tx.commit();
      spdlog::info("applied migration V{:04d} {}", migration.version, migration.description);
      report.applied.push_back(migration.version);
    }
    report.current_version = static_cast<int>(migrations.size());
    pqxx::nontransaction unlock(connection);
    unlock.exec(absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLockKey, ")"));
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("cannot reach the database: ", FirstLine(e.what())));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("migration failed: ", FirstLine(e.what())));
  }
  return report;
}

absl::Status CreateDatabaseIfMissing(const std::string& database_url) {
  const std::string name = DatabaseName(database_url);
  if (name.empty()) return absl::InvalidArgumentError("database url names no database");
  try {
    pqxx::connection admin(WithDatabase(database_url, "postgres"));
    pqxx::nontransaction tx(admin);
    auto exists = tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name);
    if (!exists.empty()) return absl::OkStatus();
    try {
      tx.exec0("CREATE DATABASE " + tx.quote_name(name));
    } catch (const pqxx::sql_error& e) {
      // Another runner created it between our check and our CREATE.
      if (e.sqlstate() != "42P04" && e.sqlstate() != "23505") throw;
    }
    return absl::OkStatus();
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("cannot reach the database: ", FirstLine(e.what())));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("creating database failed: ", FirstLine(e.what())));
  }
}

}  // namespace tongxin
