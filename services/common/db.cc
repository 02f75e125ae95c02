#include "services/common/db.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tongxin {

struct Db::Slot {
  std::unique_ptr<pqxx::connection> connection;
  size_t prepared = 0;  // how many of statements_ this connection has declared
};

namespace {

constexpr char kQueryCanceled[] = "57014";
// "cached plan must not change result type": a migration changed a prepared statement's result
// (e.g. a column's collation) under a running process. The connection's statements are stale.
constexpr char kFeatureNotSupported[] = "0A000";
constexpr char kLockNotAvailable[] = "55P03";

// The constraint named in a PostgreSQL error message: ... constraint "name" ...
std::string ConstraintName(const std::string& what) {
  const std::string marker = "constraint \"";
  auto start = what.find(marker);
  if (start == std::string::npos) return "";
  start += marker.size();
  auto end = what.find('"', start);
  return end == std::string::npos ? "" : what.substr(start, end - start);
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

absl::StatusOr<std::unique_ptr<Db>> Db::Open(DbOptions options) {
  if (options.pool_size < 1) return absl::InvalidArgumentError("db pool size must be at least 1");
  std::unique_ptr<Db> db(new Db(std::move(options)));
  // Prove the database is reachable now rather than on the first call.
  Slot* slot = nullptr;
  {
    std::lock_guard lock(db->mu_);
    slot = db->free_.back();
    db->free_.pop_back();
  }
  absl::Status status = db->EnsureConnected(*slot);
  db->Release(slot, !status.ok());
  if (!status.ok()) return status;
  return db;
}

namespace {
const Query kLockKey{"lock_key", "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"};

// Whether the work running on this thread is inside a transaction block (Db::Run sets it). A
// Read at READ COMMITTED has none, so a lock taken there would end with its own statement.
thread_local bool t_in_transaction_block = false;

class InTransactionBlock {
 public:
  explicit InTransactionBlock(bool block) : before_(t_in_transaction_block) {
    t_in_transaction_block = block;
  }
  ~InTransactionBlock() { t_in_transaction_block = before_; }
  InTransactionBlock(const InTransactionBlock&) = delete;
  InTransactionBlock& operator=(const InTransactionBlock&) = delete;

 private:
  bool before_;
};
}  // namespace

void LockKey(Tx& tx, const std::string& key) {
  // A programming error, refused on every call rather than only when no near deadline happens
  // to open a block: the lock would protect nothing.
  if (!t_in_transaction_block) {
    throw std::logic_error("LockKey outside a transaction block (use Transact, not Read)");
  }
  Exec(tx, kLockKey, key);
}

Db::Db(DbOptions options) : options_(std::move(options)), statements_{kLockKey} {
  for (int i = 0; i < options_.pool_size; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    free_.push_back(slots_.back().get());
  }
}

Db::~Db() = default;

void Db::Register(const std::vector<Query>& statements) {
  std::lock_guard lock(mu_);
  for (const auto& statement : statements) {
    bool known = std::any_of(statements_.begin(), statements_.end(),
                             [&](const Query& s) { return s.name == statement.name; });
    if (!known) statements_.push_back(statement);
  }
}

std::optional<std::string> Db::StatementSql(const std::string& name) {
  std::lock_guard lock(mu_);
  for (const auto& statement : statements_) {
    if (statement.name == name) return statement.sql;
  }
  return std::nullopt;
}

void Db::RegisterConstraintMessages(const std::map<std::string, std::string>& messages) {
  std::lock_guard lock(mu_);
  constraint_messages_.insert(messages.begin(), messages.end());
}

absl::Status Db::EnsureConnected(Slot& slot) {
  try {
    if (!slot.connection || !slot.connection->is_open()) {
      slot.connection.reset();
      slot.prepared = 0;
      auto conninfo = ConnectionString(options_);
      if (!conninfo.ok()) return conninfo.status();
      auto connection = std::make_unique<pqxx::connection>(*conninfo);
      pqxx::nontransaction setup(*connection);
      setup.exec0(absl::StrCat("SET statement_timeout = ", options_.statement_timeout.count()));
      setup.exec0("SET application_name = " + setup.quote(options_.application_name));
      setup.commit();
      slot.connection = std::move(connection);
    }
    std::vector<Query> pending;
    {
      std::lock_guard lock(mu_);
      pending.assign(statements_.begin() + static_cast<long>(slot.prepared), statements_.end());
    }
    for (const auto& statement : pending) {
      slot.connection->prepare(statement.name, statement.sql);
      ++slot.prepared;
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    slot.connection.reset();
    slot.prepared = 0;
    spdlog::warn("database connection failed: {}", FirstLine(e.what()));
    return absl::UnavailableError("database unavailable");
  }
}

absl::StatusOr<Db::Slot*> Db::Acquire(const std::optional<Deadline>& deadline) {
  auto until = std::chrono::system_clock::now() + options_.acquire_timeout;
  bool deadline_first = deadline && *deadline < until;
  if (deadline_first) until = *deadline;
  std::unique_lock lock(mu_);
  if (free_.empty()) {
    // Counted only when it happens: a free connection costs nothing more than before.
    ++waits_;
    auto started = std::chrono::steady_clock::now();
    bool got = available_.wait_until(lock, until, [&] { return !free_.empty(); });
    wait_seconds_ +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!got) {
      ++wait_timeouts_;
      if (deadline_first)
        return absl::DeadlineExceededError("deadline passed waiting for database");
      return absl::UnavailableError("no database connection free in time");
    }
  }
  Slot* slot = free_.back();
  free_.pop_back();
  return slot;
}

DbPoolStats Db::PoolStats() {
  std::lock_guard lock(mu_);
  return DbPoolStats{.size = options_.pool_size,
                     .in_use = options_.pool_size - static_cast<int>(free_.size()),
                     .waits = waits_,
                     .timeouts = wait_timeouts_,
                     .wait_seconds = wait_seconds_};
}

void Db::Release(Slot* slot, bool broken) {
  if (broken && slot->connection) {
    slot->connection.reset();
    slot->prepared = 0;
  }
  {
    std::lock_guard lock(mu_);
    free_.push_back(slot);
  }
  available_.notify_one();
}

absl::Status Db::MapException(const std::exception& e) const {
  const std::string what = e.what();
  auto constraint_message = [&](absl::string_view fallback) -> std::string {
    std::string name = ConstraintName(what);
    auto it = constraint_messages_.find(name);
    if (it != constraint_messages_.end()) return it->second;
    return name.empty() ? std::string(fallback) : absl::StrCat(fallback, " (", name, ")");
  };
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) {
    return absl::AlreadyExistsError(constraint_message("already exists"));
  }
  if (dynamic_cast<const pqxx::check_violation*>(&e) ||
      dynamic_cast<const pqxx::foreign_key_violation*>(&e) ||
      dynamic_cast<const pqxx::not_null_violation*>(&e) ||
      dynamic_cast<const pqxx::restrict_violation*>(&e)) {
    return absl::FailedPreconditionError(constraint_message("constraint violated"));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
    return absl::UnavailableError("database connection lost");
  }
  if (dynamic_cast<const pqxx::data_exception*>(&e)) {
    // A value the database cannot take (bad encoding, out-of-range date): the caller's input.
    return absl::InvalidArgumentError("a value is not valid for its field");
  }
  if (auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    if (sql->sqlstate() == kQueryCanceled) {
      return absl::DeadlineExceededError("database statement timed out");
    }
    if (sql->sqlstate() == kLockNotAvailable) return absl::AbortedError("row is locked, retry");
  }
  spdlog::error("database error: {}", FirstLine(what));
  return absl::InternalError("database error");
}

std::string Db::BeginCommand(const TxOptions& options) const {
  std::string begin = "BEGIN";
  if (options.isolation == Isolation::kSerializable) {
    begin += " ISOLATION LEVEL SERIALIZABLE";
  } else if (options.isolation == Isolation::kRepeatableRead) {
    begin += " ISOLATION LEVEL REPEATABLE READ";
  }
  if (auto timeout = LocalTimeout(options)) {
    absl::StrAppend(&begin, "; SET LOCAL statement_timeout = ", timeout->count());
  }
  return begin;
}

std::optional<std::chrono::milliseconds> Db::LocalTimeout(const TxOptions& options) const {
  if (!options.deadline) return std::nullopt;
  // The statement timeout never outlives the caller's deadline. The session's own timeout
  // already does when at least that much time is left.
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      *options.deadline - std::chrono::system_clock::now());
  if (remaining >= options_.statement_timeout) return std::nullopt;
  return std::max<std::chrono::milliseconds>(std::chrono::milliseconds(1), remaining);
}

absl::Status Db::Run(const TxOptions& options, const TxWork& work, bool read) {
  for (int attempt = 1;; ++attempt) {
    if (options.deadline && *options.deadline <= std::chrono::system_clock::now()) {
      return absl::DeadlineExceededError("deadline passed before the database was reached");
    }
    auto slot_or = Acquire(options.deadline);
    if (!slot_or.ok()) return slot_or.status();
    Slot* slot = *slot_or;
    if (absl::Status connected = EnsureConnected(*slot); !connected.ok()) {
      Release(slot, true);
      return connected;
    }
    bool broken = false;
    bool retry = false;
    // Whether this connection is inside a transaction block that an error left open.
    bool open = false;
    absl::Status result;
    // See Read: a READ COMMITTED read needs a block only for a SET LOCAL.
    const bool block =
        !read || options.isolation != Isolation::kReadCommitted || LocalTimeout(options);
    try {
      // The transaction block is ours, not libpqxx's: its BEGIN (which would be one round trip)
      // goes with the isolation level and the statement timeout in one simple query.
      pqxx::nontransaction tx(*slot->connection);
      if (block) {
        // Open from before BEGIN: if its SET LOCAL part fails after BEGIN took, the block must
        // still be rolled back (a ROLLBACK outside one is only a warning).
        open = true;
        tx.exec0(BeginCommand(options));
      }
      {
        // Not `block`: a near deadline opens one for a READ COMMITTED Read too, and a lock there
        // must be refused whatever the deadline.
        InTransactionBlock marked(!read || options.isolation != Isolation::kReadCommitted);
        result = work(tx);
      }
      if (block) {
        tx.exec0(result.ok() ? "COMMIT" : "ROLLBACK");
        // Closed only once COMMIT has answered: a statement timeout that fired as the last
        // statement ended is delivered to the COMMIT, which then fails before it begins and
        // leaves the block open and aborted, for the next user of this connection to inherit.
        open = false;
      }
    } catch (const pqxx::serialization_failure&) {
      retry = true;
    } catch (const pqxx::deadlock_detected&) {
      retry = true;
    } catch (const pqxx::broken_connection& e) {
      broken = true;
      result = MapException(e);
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() == kFeatureNotSupported && attempt < options_.max_attempts) {
        // Prepared before a migration changed their result types: a fresh connection prepares
        // them anew, and the work runs again (as after a serialization failure).
        spdlog::warn("prepared statements are stale ({}); reconnecting", FirstLine(e.what()));
        broken = true;
        retry = true;
      } else {
        result = MapException(e);
        broken = !slot->connection || !slot->connection->is_open();
      }
    } catch (const std::exception& e) {
      result = MapException(e);
      broken = !slot->connection || !slot->connection->is_open();
    }
    if (open && !broken) broken = !RollBack(*slot);
    Release(slot, broken);
    if (!retry) return result;
    if (attempt >= options_.max_attempts) {
      return absl::AbortedError("transaction conflicted with concurrent changes; retry");
    }
    // A short, growing pause lets the competing transaction finish before the retry.
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt * attempt));
  }
}

bool Db::RollBack(Slot& slot) {
  try {
    pqxx::nontransaction tx(*slot.connection);
    tx.exec0("ROLLBACK");
    return true;
  } catch (const std::exception& e) {
    spdlog::warn("rollback failed; dropping the connection: {}", FirstLine(e.what()));
    return false;
  }
}

absl::StatusOr<std::string> ConnectionString(const DbOptions& options) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.url.c_str(), &error);
  if (parsed == nullptr) {
    std::string message = error ? FirstLine(error) : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(absl::StrCat("database_url: ", message));
  }
  auto at_least = [](long long value, long long minimum) {
    return std::to_string(std::max(value, minimum));
  };
  // libpq counts connect_timeout in whole seconds and treats 1 as 2.
  long long connect_s = (options.connect_timeout.count() + 999) / 1000;
  const std::map<std::string, std::string> defaults = {
      {"connect_timeout", at_least(connect_s, 2)},
      {"keepalives", "1"},
      {"keepalives_idle", at_least(options.keepalive_idle.count(), 1)},
      {"keepalives_interval", at_least(options.keepalive_interval.count(), 1)},
      {"keepalives_count", at_least(options.keepalive_count, 1)},
      {"tcp_user_timeout", at_least(options.tcp_user_timeout.count(), 0)},
  };
  std::vector<std::string> words;
  std::set<std::string> given;
  for (PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    given.insert(option->keyword);
    std::string quoted;
    for (const char* c = option->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') quoted.push_back('\\');
      quoted.push_back(*c);
    }
    words.push_back(absl::StrCat(option->keyword, "='", quoted, "'"));
  }
  PQconninfoFree(parsed);
  for (const auto& [keyword, value] : defaults) {
    if (!given.contains(keyword)) words.push_back(absl::StrCat(keyword, "=", value));
  }
  return absl::StrJoin(words, " ");
}

std::vector<std::string> ParseTextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  auto parser = field.as_array();
  for (auto item = parser.get_next(); item.first != pqxx::array_parser::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::string_value) values.push_back(item.second);
  }
  return values;
}

// {"a","b"} with quotes and backslashes escaped.
std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& value : values) {
    std::string escaped;
    for (char c : value) {
      if (c == '"' || c == '\\') escaped.push_back('\\');
      escaped.push_back(c);
    }
    quoted.push_back(absl::StrCat("\"", escaped, "\""));
  }
  return absl::StrCat("{", absl::StrJoin(quoted, ","), "}");
}

pqxx::binarystring Bytea(const std::string& bytes) { return pqxx::binarystring(bytes); }

std::string FromBytea(const pqxx::field& field) {
  if (field.is_null()) return "";
  return pqxx::binarystring(field).str();
}

std::string WithDatabase(const std::string& url, const std::string& database) {
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (url.rfind(scheme, 0) != 0) continue;
    // scheme://[userinfo@]host[:port][/dbname][?params]
    size_t authority_start = std::string(scheme).size();
    size_t path = url.find('/', authority_start);
    size_t query = url.find('?', authority_start);
    std::string params = query == std::string::npos ? "" : url.substr(query);
    size_t authority_end = std::min(path, query);
    std::string authority =
        url.substr(0, authority_end == std::string::npos ? url.size() : authority_end);
    return absl::StrCat(authority, "/", database, params);
  }
  // Keyword/value form: a later keyword overrides an earlier one.
  return absl::StrCat(url, " dbname=", database);
}

}  // namespace tongxin
