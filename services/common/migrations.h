// Forward-only migrations: plain SQL files named Flyway-style, V0001__what.sql, applied in
// version order. Each file runs in its own transaction together with its row in
// schema_migrations (version, description, checksum). A session advisory lock serialises runners,
// so replicas starting at once apply each file once. An applied file whose checksum changed, or
// that has disappeared, stops the runner: history is never rewritten.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tongxin {

struct Migration {
  int version = 0;
  std::string description;
  std::string path;
  std::string sql;
  std::string checksum;  // sha256 hex of the file's bytes
};

// Reads and validates the files of one directory (sorted by version, no gaps or duplicates).
absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& directory);

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run
  int current_version = 0;   // the newest version now in the database
};

// Applies what is pending. `database_url` names the service's own database.
absl::StatusOr<MigrationReport> Migrate(const std::string& database_url,
                                        const std::string& directory);

// Creates the database named in `database_url` when it does not exist, connecting to the
// server's `postgres` database to do so. Safe when several callers race.
absl::Status CreateDatabaseIfMissing(const std::string& database_url);

}  // namespace tongxin
