#include "bench/city/bulk_load.h"

#include <cstdio>
#include <cstdlib>

namespace tongxin::bench {

void LoadLog::Add(LoadStep step) {
  std::lock_guard lock(mutex_);
  std::fprintf(stderr, "  %-9s %-42s %10lld rows %7.1f s\n", step.database.c_str(),
               step.what.c_str(), step.rows, step.seconds);
  steps_.push_back(std::move(step));
}

std::vector<LoadStep> LoadLog::Steps() const {
  std::lock_guard lock(mutex_);
  return steps_;
}

void PrepareForBulk(pqxx::connection& connection) {
  // Index builds sort in 256 MB runs and merge them: a 20 M-row build took half to two thirds of
  // the CPU it took with 1 GB (bigger runs miss the caches more than a merge of ten runs costs),
  // and with 3 GB (no spill at all) it was slower still (bench/RESULTS.md, ids in COLLATE "C").
  Exec(connection,
       "SET maintenance_work_mem = '256MB'; SET work_mem = '1GB'; "
       "SET max_parallel_maintenance_workers = 0; SET synchronous_commit = off");
}

pqxx::result Exec(pqxx::connection& connection, const std::string& sql) {
  try {
    pqxx::nontransaction tx(connection);
    return tx.exec(sql);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "city bench: %s\nin: %.300s\n", e.what(), sql.c_str());
    std::exit(1);
  }
}

void Timed(LoadLog& log, pqxx::connection& connection, const std::string& database,
           const std::string& what, const std::string& sql, long long rows) {
  auto started = Stopwatch::now();
  pqxx::result result = Exec(connection, sql);
  log.Add({database, what, rows >= 0 ? rows : static_cast<long long>(result.affected_rows()),
           Seconds(Stopwatch::now() - started)});
}

DeferredIndexes::DeferredIndexes(pqxx::connection& connection, std::string database,
                                 std::string table, bool primary_key_too)
    : connection_(connection), database_(std::move(database)), table_(std::move(table)) {
  const std::string quoted = connection_.quote(table_);
  std::vector<std::string> drop;
  // Unique constraints first on the way back (a foreign key may need one), foreign keys last.
  for (const char* kind : {"p", "u", "f"}) {
    if (*kind == 'p' && !primary_key_too) continue;
    for (const auto& row :
         Exec(connection_,
              "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE "
              "conrelid = " +
                  quoted + "::regclass AND contype = '" + kind + "' ORDER BY 1")) {
      drop.push_back("ALTER TABLE " + table_ + " DROP CONSTRAINT " + row[0].as<std::string>());
      rebuild_.push_back("ALTER TABLE " + table_ + " ADD CONSTRAINT " + row[0].as<std::string>() +
                         " " + row[1].as<std::string>());
    }
    if (*kind == 'u') {
      for (const auto& row :
           Exec(connection_,
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = " +
                    quoted +
                    "::regclass AND NOT indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conindid = indexrelid) ORDER BY 1")) {
        drop.push_back("DROP INDEX " + row[0].as<std::string>());
        rebuild_.push_back(row[1].as<std::string>());
      }
    }
  }
  for (const std::string& sql : drop) Exec(connection_, sql);
}

void DeferredIndexes::Rebuild(LoadLog& log) {
  for (const std::string& sql : rebuild_) {
    // The name of what is built: "CREATE [UNIQUE] INDEX name ON …" or "… ADD CONSTRAINT name …".
    auto named = sql.find(" INDEX ");
    std::string what = named != std::string::npos
                           ? sql.substr(named + 7, sql.find(' ', named + 7) - named - 7)
                           : sql.substr(sql.find("CONSTRAINT ") + 11);
    what = what.substr(0, what.find(' '));
    Timed(log, connection_, database_, "  " + what, sql, 0);
  }
}

std::string ByteaText(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + 2 * bytes.size());
  for (unsigned char b : bytes) {
    text.push_back(kHex[b >> 4]);
    text.push_back(kHex[b & 15]);
  }
  return text;
}

}  // namespace tongxin::bench
