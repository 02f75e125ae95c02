// What every loader needs: a connection to one service's database with bulk-load settings, the
// statements run and timed step by step, and a table's secondary indexes and foreign keys taken
// off around its bulk load (built once at the end instead of maintained row by row).
#pragma once

#include <pqxx/pqxx>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace tongxin::bench {

// One timed step of the load, as the report prints it.
struct LoadStep {
  std::string database;
  std::string what;  // a table, or "indexes on <table>", …
  long long rows = 0;
  double seconds = 0;
};

// The steps of every loader (they run on two threads).
class LoadLog {
 public:
  void Add(LoadStep step);
  std::vector<LoadStep> Steps() const;

 private:
  mutable std::mutex mutex_;
  std::vector<LoadStep> steps_;
};

// A session for bulk work: large hash and sort memory for queries, sort runs of a cache-friendly
// size for index builds; no parallel index builds (the loaders already keep both cores busy).
void PrepareForBulk(pqxx::connection& connection);

// Runs one statement; a failure ends the program with the statement's head (a generator that
// half-loads is of no use).
pqxx::result Exec(pqxx::connection& connection, const std::string& sql);
// Runs `sql`, records it as a step of `rows` rows (the statement's affected rows when -1).
void Timed(LoadLog& log, pqxx::connection& connection, const std::string& database,
           const std::string& what, const std::string& sql, long long rows = -1);

// The secondary indexes (unique or not) and foreign keys of a table, dropped on construction and
// rebuilt by Rebuild(), each build timed as a step. The primary key stays unless asked (most
// loaders append to it in order, and other tables' foreign keys hang on it).
class DeferredIndexes {
 public:
  DeferredIndexes(pqxx::connection& connection, std::string database, std::string table,
                  bool primary_key_too = false);
  void Rebuild(LoadLog& log);

 private:
  pqxx::connection& connection_;
  std::string database_;
  std::string table_;
  std::vector<std::string> rebuild_;  // in order: keys, unique constraints, indexes, foreign keys
};

using Stopwatch = std::chrono::steady_clock;
inline double Seconds(Stopwatch::duration d) { return std::chrono::duration<double>(d).count(); }

// A COPY field that may be NULL (pqxx 6.4's stream_to knows no std::optional).
struct Nullable {
  bool null = true;
  std::string text;
};
inline Nullable NullIf(bool null, std::string text) { return {null, null ? "" : std::move(text)}; }

// bytea's input form, \x<hex> (stream_to escapes the backslash for COPY).
std::string ByteaText(std::string_view bytes);

}  // namespace tongxin::bench

namespace pqxx {
template <>
struct string_traits<tongxin::bench::Nullable> {
  static constexpr const char* name() noexcept { return "tongxin::bench::Nullable"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const tongxin::bench::Nullable& v) { return v.null; }
  static tongxin::bench::Nullable null() { return {}; }
  static void from_string(const char str[], tongxin::bench::Nullable& v) { v = {false, str}; }
  static std::string to_string(const tongxin::bench::Nullable& v) { return v.text; }
};
}  // namespace pqxx
