// The PostgreSQL edge shared by every repository: a fixed-size pool of libpqxx connections with
// prepared statements, a statement timeout bounded by the caller's deadline, and transactions
// retried on serialization failure or deadlock. libpqxx exceptions are caught here, once, and
// mapped to absl::Status; nothing above this file sees them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/pagination.h"

namespace tongxin {

using Deadline = std::chrono::system_clock::time_point;
// The transaction handle repositories receive; code above them only passes it along.
using Tx = pqxx::transaction_base;

struct DbOptions {
  std::string url;
  int pool_size = 8;
  std::chrono::milliseconds statement_timeout{5000};
  std::chrono::milliseconds acquire_timeout{2000};
  // A lost database host must not hang a worker for the kernel's minutes: libpq gives up
  // connecting after connect_timeout (whole seconds, at least 2), probes an idle connection
  // after keepalive_idle every keepalive_interval, drops it after keepalive_count unanswered
  // probes, and drops it when sent data stays unacknowledged for tcp_user_timeout.
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::seconds keepalive_idle{10};
  std::chrono::seconds keepalive_interval{5};
  int keepalive_count = 3;
  std::chrono::milliseconds tcp_user_timeout{10000};
  int max_attempts = 4;  // for serialization failures and deadlocks
  std::string application_name = "tongxin";
};

// A prepared statement, declared once as a constant in its repository's queries file (the
// pattern of userver's sql/queries.hpp) and run only through that constant with Exec below, so a
// misspelt statement name does not compile. Repositories register their constants with the pool.
struct Query {
  std::string name;
  std::string sql;
};

// What a pool has done since it opened, read by the metrics endpoint at each scrape.
struct DbPoolStats {
  int size = 0;
  int in_use = 0;
  uint64_t waits = 0;     // acquisitions that found no connection free and waited
  uint64_t timeouts = 0;  // waits that ended without one (UNAVAILABLE: the pool was exhausted;
                          // a caller's own deadline passing first is not counted)
  double wait_seconds = 0;
};

enum class Isolation { kReadCommitted, kRepeatableRead, kSerializable };

struct TxOptions {
  std::optional<Deadline> deadline;
  Isolation isolation = Isolation::kReadCommitted;
};

// Work done inside one transaction. Returning a non-OK status rolls the transaction back.
using TxWork = std::function<absl::Status(pqxx::transaction_base&)>;

class Db {
 public:
  static absl::StatusOr<std::unique_ptr<Db>> Open(DbOptions options);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Statements are prepared on each connection before its first use after registration.
  void Register(const std::vector<Query>& statements);
  // User-facing messages for named constraints, used when a violation maps to a status: e.g.
  // {"volunteers_id_number_index_key", "id_number: a volunteer with this ID number is registered"}.
  void RegisterConstraintMessages(const std::map<std::string, std::string>& messages);

  // Runs `work` in a transaction and commits it. Serialization failures and deadlocks are
  // retried (work must be safe to re-run); other errors map once:
  //   unique violation → ALREADY_EXISTS, check / foreign key / not null → FAILED_PRECONDITION,
  //   statement timeout → DEADLINE_EXCEEDED, lost connection → UNAVAILABLE,
  //   retries exhausted → ABORTED, anything else → INTERNAL.
  absl::Status Transact(const TxOptions& options, const TxWork& work) {
    return Run(options, work, /*read=*/false);
  }

  // The same for a read-only unit of work. At READ COMMITTED each statement takes its own
  // snapshot inside a transaction block or not, so such a read runs without one — no BEGIN and
  // COMMIT round trips — unless the caller's deadline needs a SET LOCAL statement timeout.
  // A work that writes (an access-log row) commits each statement as it runs.
  absl::Status Read(const TxOptions& options, const TxWork& work) {
    return Run(options, work, /*read=*/true);
  }

  // For a unit of work that is one statement committing itself — a server-side function doing a
  // whole mutation, its request id included: no BEGIN and COMMIT round trips unless the
  // caller's deadline needs a SET LOCAL statement timeout (or the isolation a block). Retried
  // on serialization failure and deadlock like Transact.
  absl::Status OneStatement(const TxOptions& options, const TxWork& work) {
    return Run(options, work, /*read=*/true);
  }

  // What Transact sends to open a transaction, in one round trip: BEGIN with the isolation
  // level, and a SET LOCAL statement_timeout when the caller's deadline is nearer than the
  // session's statement timeout (so that a benchmark sends what the service sends).
  std::string BeginCommand(const TxOptions& options) const;

  // The SQL of a registered statement, so that a benchmark (pgbench) runs exactly what the
  // service runs.
  std::optional<std::string> StatementSql(const std::string& name);

  const DbOptions& options() const { return options_; }
  int pool_size() const { return options_.pool_size; }
  DbPoolStats PoolStats();

  // Maps any exception libpqxx threw to a status (exposed for the migration runner).
  absl::Status MapException(const std::exception& e) const;

 private:
  struct Slot;
  explicit Db(DbOptions options);
  absl::Status Run(const TxOptions& options, const TxWork& work, bool read);
  // The statement timeout a transaction must SET LOCAL: none when the session's (set at
  // connect) ends no later than the caller's deadline.
  std::optional<std::chrono::milliseconds> LocalTimeout(const TxOptions& options) const;
  absl::StatusOr<Slot*> Acquire(const std::optional<Deadline>& deadline);
  void Release(Slot* slot, bool broken);
  absl::Status EnsureConnected(Slot& slot);
  // Ends the transaction block an error left open; false when the connection is unusable.
  bool RollBack(Slot& slot);

  DbOptions options_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_;
  uint64_t waits_ = 0;
  uint64_t wait_timeouts_ = 0;
  double wait_seconds_ = 0;
  std::vector<Query> statements_;
  std::map<std::string, std::string> constraint_messages_;
};

// Runs a declared statement in `tx`: any number of rows, no rows, exactly one row.
template <typename... Args>
pqxx::result Exec(Tx& tx, const Query& query, Args&&... args) {
  return tx.exec_prepared(query.name, std::forward<Args>(args)...);
}
template <typename... Args>
void Exec0(Tx& tx, const Query& query, Args&&... args) {
  tx.exec_prepared0(query.name, std::forward<Args>(args)...);
}
template <typename... Args>
pqxx::row Exec1(Tx& tx, const Query& query, Args&&... args) {
  return tx.exec_prepared1(query.name, std::forward<Args>(args)...);
}

// Serialises the transactions that name the same key (an adopter, a claimer, a caller) until
// this one ends: a transaction-scoped advisory lock on the key's 64-bit hash. Every Db prepares
// its statement, so a repository locks with one call, e.g. LockKey(tx, "claimer:" + id).
// Only inside a transaction block (Transact, or a Read above READ COMMITTED): elsewhere it
// throws std::logic_error, which the pool answers as INTERNAL — a programming error.
void LockKey(Tx& tx, const std::string& key);

// The SQL literal of an enum's number, for statements that name a state (`state = 2`): written
// from the domain's enum, so the number lives in one place.
template <typename Enum>
std::string SqlInt(Enum value) {
  return std::to_string(static_cast<int>(value));
}

// Helpers for reading and writing columns.
pqxx::binarystring Bytea(const std::string& bytes);
std::string FromBytea(const pqxx::field& field);
// Turns `limit + 1` rows (read with "key > after ORDER BY key LIMIT limit + 1") into a page:
// the extra row only says that another page exists. `key_of` gives a row's key.
template <typename T, typename Mapper, typename KeyOf>
Page<T> ReadPage(const pqxx::result& rows, int limit, Mapper map, KeyOf key_of) {
  Page<T> page;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    page.items.push_back(map(rows[i]));
  }
  if (static_cast<int>(rows.size()) > limit && limit > 0) {
    page.next_page_token = EncodePageToken(key_of(rows[limit - 1]));
  }
  return page;
}
// The same, keyed by the first column.
template <typename T, typename Mapper>
Page<T> ReadPage(const pqxx::result& rows, int limit, Mapper map) {
  return ReadPage<T>(rows, limit, map,
                     [](const pqxx::row& row) { return row[0].as<std::string>(); });
}

// text[] columns: parse a result field; build a literal for a `$n::text[]` parameter.
std::vector<std::string> ParseTextArray(const pqxx::field& field);
std::string TextArrayLiteral(const std::vector<std::string>& values);

// The libpq connection string a pool opens: `options.url` (a URI or key=value words) with the
// timeouts and keepalives of `options` added where the URL does not set them itself.
absl::StatusOr<std::string> ConnectionString(const DbOptions& options);

// Builds a connection string for the same server and a different database name.
std::string WithDatabase(const std::string& url, const std::string& database);

}  // namespace tongxin
