// The pool, the error mapping and the idempotency store, on a real PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <set>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

#include "google/protobuf/wrappers.pb.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "tests/support/test_db.h"

namespace tongxin {
namespace {

class DbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new testing::TestDatabase("db", "");
    auto db = database_->Open(2);
    ASSERT_TRUE(db->Transact({}, [](Tx& tx) {
                    tx.exec0(
                        "CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL "
                        "CONSTRAINT items_qty_positive CHECK (qty >= 0))");
                    tx.exec0(
                        "CREATE TABLE idempotency_keys (caller text NOT NULL, request_id text, "
                        "fingerprint text NOT NULL, response bytea, created_at timestamptz NOT "
                        "NULL DEFAULT now(), PRIMARY KEY (caller, request_id))");
                    tx.exec0("CREATE TABLE effects (n serial PRIMARY KEY, note text)");
                    return absl::OkStatus();
                  }).ok());
  }
  static void TearDownTestSuite() { delete database_; }
  static testing::TestDatabase* database_;
};
testing::TestDatabase* DbTest::database_ = nullptr;

TEST_F(DbTest, UniqueViolationIsAlreadyExistsWithTheRegisteredMessage) {
  auto db = database_->Open(2);
  db->RegisterConstraintMessages({{"items_pkey", "id: an item with this id exists"}});
  auto insert = [](Tx& tx) {
    tx.exec0("INSERT INTO items VALUES (1, 1)");
    return absl::OkStatus();
  };
  ASSERT_TRUE(db->Transact({}, insert).ok());
  absl::Status second = db->Transact({}, insert);
  EXPECT_EQ(second.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(second.message(), "id: an item with this id exists");
}

TEST_F(DbTest, CheckViolationIsFailedPreconditionAndRollsBack) {
  auto db = database_->Open(2);
  absl::Status status = db->Transact({}, [](Tx& tx) {
    tx.exec0("INSERT INTO items VALUES (2, 5)");
    tx.exec0("UPDATE items SET qty = qty - 10 WHERE id = 2");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(status.message()).find("items_qty_positive"), std::string::npos);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM items WHERE id = 2"), "0");
}

TEST_F(DbTest, ErrorStatusFromWorkRollsBack) {
  auto db = database_->Open(2);
  absl::Status status = db->Transact({}, [](Tx& tx) {
    tx.exec0("INSERT INTO items VALUES (3, 1)");
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM items WHERE id = 3"), "0");
}

TEST_F(DbTest, SerializationFailureIsRetriedThenSucceeds) {
  auto db = database_->Open(2);
  int attempts = 0;
  absl::Status status = db->Transact({}, [&](Tx& tx) {
    if (++attempts < 3) {
      tx.exec0("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$");
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(attempts, 3);
}

TEST_F(DbTest, DeadlocksExhaustingRetriesAreAborted) {
  auto db = database_->Open(2);
  int attempts = 0;
  absl::Status status = db->Transact({}, [&](Tx& tx) {
    ++attempts;
    tx.exec0("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(attempts, db->options().max_attempts);
}

TEST_F(DbTest, StatementTimeoutIsDeadlineExceeded) {
  DbOptions options;
  options.url = database_->url();
  options.statement_timeout = std::chrono::milliseconds(50);
  auto db = *Db::Open(options);
  absl::Status status = db->Transact({}, [](Tx& tx) {
    tx.exec0("SELECT pg_sleep(5)");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(DbTest, CallerDeadlineBoundsTheStatement) {
  auto db = database_->Open(2);
  auto started = std::chrono::steady_clock::now();
  TxOptions tx_options;
  tx_options.deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(100);
  absl::Status status = db->Transact(tx_options, [](Tx& tx) {
    tx.exec0("SELECT pg_sleep(5)");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
}

// BEGIN goes in one round trip with the isolation level, and with a SET LOCAL statement_timeout
// only when the caller's deadline is nearer than the session's statement timeout.
TEST_F(DbTest, OneBeginCarriesTheIsolationLevelAndANearDeadline) {
  auto db = database_->Open(1);
  auto now = std::chrono::system_clock::now();
  EXPECT_EQ(db->BeginCommand({}), "BEGIN");
  EXPECT_EQ(db->BeginCommand({now + std::chrono::seconds(60)}), "BEGIN");
  EXPECT_EQ(db->BeginCommand({std::nullopt, Isolation::kSerializable}),
            "BEGIN ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(db->BeginCommand({std::chrono::system_clock::now() + std::chrono::seconds(2),
                              Isolation::kRepeatableRead})
                .rfind("BEGIN ISOLATION LEVEL REPEATABLE READ; SET LOCAL statement_timeout = ", 0),
            0u);
  std::string isolation, far;
  int near_ms = 0;
  ASSERT_TRUE(db->Transact({std::nullopt, Isolation::kSerializable}, [&](Tx& tx) {
                  isolation = tx.exec1("SHOW transaction_isolation")[0].as<std::string>();
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(isolation, "serializable");
  ASSERT_TRUE(
      db->Transact({std::chrono::system_clock::now() + std::chrono::seconds(2)}, [&](Tx& tx) {
          near_ms = tx.exec1(
                          "SELECT setting::int FROM pg_settings WHERE name = "
                          "'statement_timeout'")[0]
                        .as<int>();
          return absl::OkStatus();
        }).ok());
  // What is left of the 2 s when BEGIN was sent: no more, and not nothing.
  EXPECT_GT(near_ms, 0);
  EXPECT_LE(near_ms, 2000);
  ASSERT_TRUE(db->Transact({now + std::chrono::seconds(60)}, [&](Tx& tx) {
                  far = tx.exec1("SHOW statement_timeout")[0].as<std::string>();
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(far, "5s");  // the session's, set at connect
}

// A READ COMMITTED read sends no BEGIN and COMMIT (each statement is its own transaction: two
// statements get two transaction ids); a repeatable read or a read under a near deadline gets a
// block, as every Transact does.
TEST_F(DbTest, AReadCommittedReadRunsWithoutATransactionBlock) {
  auto db = database_->Open(1);
  auto transactions_in = [&](const TxOptions& options, bool read) {
    std::set<std::string> ids;
    auto work = [&](Tx& tx) {
      for (int i = 0; i < 2; ++i) {
        ids.insert(tx.exec1("SELECT pg_current_xact_id()::text")[0].as<std::string>());
      }
      return absl::OkStatus();
    };
    EXPECT_TRUE((read ? db->Read(options, work) : db->Transact(options, work)).ok());
    return ids.size();
  };
  auto now = std::chrono::system_clock::now();
  EXPECT_EQ(transactions_in({}, true), 2u);
  EXPECT_EQ(transactions_in({now + std::chrono::seconds(60)}, true), 2u);
  EXPECT_EQ(transactions_in({std::chrono::system_clock::now() + std::chrono::seconds(2)}, true),
            1u);
  EXPECT_EQ(transactions_in({std::nullopt, Isolation::kRepeatableRead}, true), 1u);
  EXPECT_EQ(transactions_in({}, false), 1u);
}

// An advisory lock lasts until its transaction ends: in a READ COMMITTED Read there is none, so
// it would end with its own statement and protect nothing. Refused every time, not only when no
// near deadline happens to open a block.
TEST_F(DbTest, LockKeyIsRefusedOutsideATransactionBlock) {
  auto db = database_->Open(2);
  auto lock = [](Tx& tx) {
    LockKey(tx, "claimer:v-1");
    return absl::OkStatus();
  };
  EXPECT_EQ(db->Read({}, lock).code(), absl::StatusCode::kInternal);
  // A near deadline opens a block for its SET LOCAL; the lock is refused all the same.
  EXPECT_EQ(db->Read({std::chrono::system_clock::now() + std::chrono::seconds(2)}, lock).code(),
            absl::StatusCode::kInternal);
  EXPECT_TRUE(db->Transact({}, lock).ok());
  EXPECT_TRUE(db->Read(TxOptions{.isolation = Isolation::kRepeatableRead}, lock).ok());
  // The mark is the work's own: a Read inside a Transact's work (a second connection) has none.
  EXPECT_TRUE(db->Transact({}, [&](Tx&) {
                  EXPECT_EQ(db->Read({}, lock).code(), absl::StatusCode::kInternal);
                  return absl::OkStatus();
                }).ok());
}

// Db opens and ends the transaction block itself: a statement that failed, a refusal and a
// retried conflict all leave the one connection outside any transaction, ready for the next.
TEST_F(DbTest, EveryEndLeavesTheConnectionOutsideATransaction) {
  auto db = database_->Open(1);
  EXPECT_EQ(db->Transact({},
                         [](Tx& tx) {
                           tx.exec0("INSERT INTO items VALUES (40, 1)");
                           tx.exec0("UPDATE items SET qty = -1 WHERE id = 40");
                           return absl::OkStatus();
                         })
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(db->Transact({},
                         [](Tx& tx) {
                           tx.exec0("INSERT INTO items VALUES (41, 1)");
                           return absl::NotFoundError("no");
                         })
                .code(),
            absl::StatusCode::kNotFound);
  int attempts = 0;
  ASSERT_TRUE(db->Transact({}, [&](Tx& tx) {
                  tx.exec0("INSERT INTO items VALUES (42, 1)");
                  if (++attempts < 2) {
                    tx.exec0("DO $$ BEGIN RAISE EXCEPTION 'c' USING ERRCODE = '40001'; END $$");
                  }
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(db->Transact({}, [&](Tx& tx) {
                  tx.exec0("INSERT INTO items VALUES (43, 1)");
                  return absl::OkStatus();
                }).ok());
  EXPECT_EQ(database_->Scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM items WHERE id "
                              "BETWEEN 40 AND 43"),
            "42,43");
}

// A statement timeout that fires just as a transaction's last statement ends is delivered to
// its COMMIT, which then fails before it starts and leaves the block open and aborted. Found by
// the auditor (the next caller's BEGIN got "current transaction is aborted" as INTERNAL). The
// window is a fraction of a millisecond, so the test walks the work's length along the edge of a
// near deadline (about one transaction in 200 lands in it here; before the fix this failed within a
// second) and checks after every one that the pooled connection serves the next caller.
TEST_F(DbTest, ACommitHitByALateStatementTimeoutLeavesNoBlockBehind) {
  auto db = database_->Open(1);
  int sleep_us = 3500;
  int timed_out = 0, committed = 0;
  // Transactions whose work finished but whose end was refused: the window itself. The walk goes
  // on until it has been in the window a few times (or the time is up), so that a regression is
  // met nearly every run, not one in a few.
  int commits_hit = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(6);
  for (int i = 0; commits_hit < 3 && std::chrono::steady_clock::now() < until; ++i) {
    TxOptions near;
    near.deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(5);
    bool work_done = false;
    absl::Status status = db->Transact(near, [&](Tx& tx) {
      tx.exec(absl::StrCat("SELECT pg_sleep(", sleep_us / 1e6, ")"));
      work_done = true;
      return absl::OkStatus();
    });
    ASSERT_TRUE(status.ok() || status.code() == absl::StatusCode::kDeadlineExceeded) << status;
    // Walk along the edge: shorter after a timeout, longer after a commit.
    if (status.ok()) {
      ++committed;
      sleep_us += 50;
    } else {
      ++timed_out;
      if (work_done) ++commits_hit;
      sleep_us = std::max(0, sleep_us - 50);
    }
    absl::Status next = db->Read({}, [](Tx& tx) {
      tx.exec1("SELECT 1");
      return absl::OkStatus();
    });
    ASSERT_TRUE(next.ok()) << "after transaction " << i << ": " << next;
  }
  // Both sides of the edge were reached (how often the window itself was is up to the machine).
  EXPECT_GT(timed_out, 0);
  EXPECT_GT(committed, 0);
  std::printf("COMMITs refused after their work: %d\n", commits_hit);
}

TEST_F(DbTest, PassedDeadlineNeverReachesTheDatabase) {
  auto db = database_->Open(2);
  TxOptions tx_options;
  tx_options.deadline = std::chrono::system_clock::now() - std::chrono::seconds(1);
  bool ran = false;
  absl::Status status = db->Transact(tx_options, [&](Tx&) {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(ran);
}

TEST_F(DbTest, ExhaustedPoolIsUnavailableNotAHang) {
  DbOptions options;
  options.url = database_->url();
  options.pool_size = 1;
  options.acquire_timeout = std::chrono::milliseconds(100);
  auto db = *Db::Open(options);
  std::promise<void> holding, release;
  std::thread holder([&] {
    (void)db->Transact({}, [&](Tx&) {
      holding.set_value();
      release.get_future().wait();
      return absl::OkStatus();
    });
  });
  holding.get_future().wait();
  EXPECT_EQ(db->PoolStats().in_use, 1);
  absl::Status status = db->Transact({}, [](Tx&) { return absl::OkStatus(); });
  release.set_value();
  holder.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(db->Transact({}, [](Tx&) { return absl::OkStatus(); }).ok());
  // What operators see: one wait, and it ended without a connection (the pool-exhausted alert).
  DbPoolStats stats = db->PoolStats();
  EXPECT_EQ(stats.size, 1);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.waits, 1u);
  EXPECT_EQ(stats.timeouts, 1u);
  EXPECT_GE(stats.wait_seconds, 0.09);
}

// A migration that changes a prepared statement's result type (here a column's collation) under
// a running process: the next use reconnects, prepares anew and answers, instead of INTERNAL.
TEST_F(DbTest, StatementsPreparedBeforeAMigrationChangedTheirResultAreReprepared) {
  auto db = database_->Open(1);
  auto run = [&](const std::string& sql) {
    ASSERT_TRUE(db->Transact({}, [&](Tx& tx) {
                    tx.exec0(sql);
                    return absl::OkStatus();
                  }).ok());
  };
  run("CREATE TABLE codes (code text NOT NULL)");
  run("INSERT INTO codes VALUES ('411502001')");
  const Query read_code{"read_code", "SELECT code FROM codes"};
  db->Register({read_code});
  auto read = [&](Tx& tx) {
    EXPECT_EQ(Exec1(tx, read_code)[0].as<std::string>(), "411502001");
    return absl::OkStatus();
  };
  ASSERT_TRUE(db->Read({}, read).ok());
  // What the ids_collate_c migrations do, by another session (the migration runner's).
  auto other = database_->Open(1);
  ASSERT_TRUE(other
                  ->Transact({},
                             [](Tx& tx) {
                               tx.exec0(
                                   "ALTER TABLE codes ALTER COLUMN code TYPE text COLLATE \"C\"");
                               return absl::OkStatus();
                             })
                  .ok());
  EXPECT_TRUE(db->Read({}, read).ok());
}

TEST_F(DbTest, BrokenConnectionIsUnavailableAndReplaced) {
  DbOptions options;
  options.url = database_->url();
  options.pool_size = 1;
  auto db = *Db::Open(options);
  absl::Status status = db->Transact({}, [](Tx& tx) {
    tx.exec0("SELECT pg_terminate_backend(pg_backend_pid())");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  // The one slot got a new connection.
  EXPECT_TRUE(db->Transact({}, [](Tx& tx) {
                  tx.exec("SELECT 1");
                  return absl::OkStatus();
                }).ok());
}

TEST_F(DbTest, UnreachableServerIsUnavailable) {
  DbOptions options;
  options.url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1";
  EXPECT_EQ(Db::Open(options).status().code(), absl::StatusCode::kUnavailable);
}

TEST(WithDatabase, ReplacesTheDatabaseOfUrlsAndKeywordStrings) {
  EXPECT_EQ(WithDatabase("postgresql://u@h:5/a?sslmode=disable", "b"),
            "postgresql://u@h:5/b?sslmode=disable");
  EXPECT_EQ(WithDatabase("postgresql://u@h:5", "b"), "postgresql://u@h:5/b");
  EXPECT_EQ(WithDatabase("host=/tmp dbname=a", "b"), "host=/tmp dbname=a dbname=b");
}

// ---- idempotency ----

class IdempotencyTest : public DbTest {};

absl::Status AddEffect(Tx& tx, google::protobuf::StringValue* response, const std::string& note) {
  auto row = tx.exec_params1("INSERT INTO effects (note) VALUES ($1) RETURNING n", note);
  response->set_value(note + "#" + row[0].as<std::string>());
  return absl::OkStatus();
}

TEST_F(IdempotencyTest, RetryReturnsTheFirstAnswerAndChangesNothing) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request;
  request.set_value("retry");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  google::protobuf::StringValue first, second;
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-1", fingerprint, &first,
                       [&](Tx& tx) { return AddEffect(tx, &first, "retry"); })
                  .ok());
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-1", fingerprint, &second,
                       [&](Tx& tx) { return AddEffect(tx, &second, "retry"); })
                  .ok());
  EXPECT_EQ(first.value(), second.value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'retry'"), "1");
}

TEST_F(IdempotencyTest, SameIdForADifferentRequestIsInvalidArgument) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue a, b, response;
  a.set_value("a");
  b.set_value("b");
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-2", RequestFingerprint("Add", "alice", a),
                       &response, [&](Tx& tx) { return AddEffect(tx, &response, "a"); })
                  .ok());
  absl::Status status =
      store.Run({}, "volunteer:alice", "req-2", RequestFingerprint("Add", "alice", b), &response,
                [&](Tx& tx) { return AddEffect(tx, &response, "b"); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'b'"), "0");
}

// Issue 11 hole 8: another caller's id is not this caller's: bob using alice's id gets his own
// first answer, and alice's retry still gets hers.
TEST_F(IdempotencyTest, RequestIdsAreScopedToTheirCaller) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, alice, bob, retry;
  request.set_value("scoped");
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-scoped",
                       RequestFingerprint("Add", "alice", request), &alice,
                       [&](Tx& tx) { return AddEffect(tx, &alice, "scoped"); })
                  .ok());
  ASSERT_TRUE(store
                  .Run({}, "volunteer:bob", "req-scoped", RequestFingerprint("Add", "bob", request),
                       &bob, [&](Tx& tx) { return AddEffect(tx, &bob, "scoped"); })
                  .ok());
  EXPECT_NE(alice.value(), bob.value());
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-scoped",
                       RequestFingerprint("Add", "alice", request), &retry,
                       [&](Tx& tx) { return AddEffect(tx, &retry, "scoped"); })
                  .ok());
  EXPECT_EQ(retry.value(), alice.value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'scoped'"), "2");
}

// A key stored before keys had callers (caller '') still answers its own caller's retry — the
// fingerprint covers the caller — and blocks nobody else.
TEST_F(IdempotencyTest, KeysFromBeforeCallerScopingStillAnswerTheirRetry) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, legacy, retry, other;
  request.set_value("legacy");
  legacy.set_value("legacy#0");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  ASSERT_TRUE(db->Transact({}, [&](Tx& tx) {
                  tx.exec_params0(
                      "INSERT INTO idempotency_keys (caller, request_id, fingerprint, "
                      "response) VALUES ('', 'req-legacy', $1, $2)",
                      fingerprint, Bytea(legacy.SerializeAsString()));
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-legacy", fingerprint, &retry,
                       [&](Tx& tx) { return AddEffect(tx, &retry, "legacy"); })
                  .ok());
  EXPECT_EQ(retry.value(), "legacy#0");
  ASSERT_TRUE(store
                  .Run({}, "volunteer:bob", "req-legacy", RequestFingerprint("Add", "bob", request),
                       &other, [&](Tx& tx) { return AddEffect(tx, &other, "legacy"); })
                  .ok());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'legacy'"), "1");
}

// Keys are kept for the retention period, then purged oldest first in batches.
TEST_F(IdempotencyTest, ExpiredKeysArePurgedInBatches) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  ASSERT_TRUE(db->Transact({}, [&](Tx& tx) {
                  tx.exec0("DELETE FROM idempotency_keys");
                  tx.exec0(
                      "INSERT INTO idempotency_keys (caller, request_id, fingerprint, "
                      "created_at) SELECT 'volunteer:x', 'old-' || n, 'f', "
                      "'2026-01-01'::timestamptz + n * interval '1 second' "
                      "FROM generate_series(1, 5) n");
                  tx.exec0(
                      "INSERT INTO idempotency_keys (caller, request_id, fingerprint, "
                      "created_at) VALUES ('volunteer:x', 'fresh', 'f', '2026-01-08')");
                  return absl::OkStatus();
                }).ok());
  // Seven days after 2026-01-01 12:00: the five keys of 2026-01-01 00:00 are expired.
  auto now = std::chrono::system_clock::from_time_t(1767268800) + std::chrono::hours(24 * 7);
  auto week = std::chrono::hours(24 * 7);
  EXPECT_EQ(store.PurgeExpired(now, week, 3).value(), 3);
  EXPECT_EQ(database_->Scalar("SELECT string_agg(request_id, ',' ORDER BY request_id) FROM "
                              "idempotency_keys"),
            "fresh,old-4,old-5");
  EXPECT_EQ(store.PurgeExpired(now, week, 3).value(), 2);
  EXPECT_EQ(store.PurgeExpired(now, week, 3).value(), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM idempotency_keys"), "1");
}

TEST_F(IdempotencyTest, FailedFirstAttemptStoresNothing) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, response;
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  EXPECT_EQ(store
                .Run({}, "volunteer:alice", "req-3", fingerprint, &response,
                     [](Tx&) { return absl::FailedPreconditionError("no"); })
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store
                  .Run({}, "volunteer:alice", "req-3", fingerprint, &response,
                       [&](Tx& tx) { return AddEffect(tx, &response, "later"); })
                  .ok());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'later'"), "1");
}

// The work runs before the key is stored: a retry after success gets the first answer even when
// redoing the work now fails (sold out), whether the work refuses or the database does.
TEST_F(IdempotencyTest, ARetryAfterSuccessGetsTheFirstAnswerWhenTheWorkNowFails) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, first, refused, failed, other;
  request.set_value("sold out later");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-later", fingerprint, &first,
                       [&](Tx& tx) { return AddEffect(tx, &first, "later-fail"); })
                  .ok());
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-later", fingerprint, &refused,
                       [](Tx&) { return absl::FailedPreconditionError("sold out"); })
                  .ok());
  EXPECT_EQ(refused.value(), first.value());
  absl::Status by_database =
      store.Run({}, "volunteer:alice", "req-later", fingerprint, &failed, [](Tx& tx) {
        tx.exec0("INSERT INTO items VALUES (50, -1)");  // items_qty_positive
        return absl::OkStatus();
      });
  ASSERT_TRUE(by_database.ok()) << by_database;
  EXPECT_EQ(failed.value(), first.value());
  // The same id for another request still says so, and a new id gets the refusal.
  google::protobuf::StringValue different;
  different.set_value("different");
  EXPECT_EQ(
      store
          .Run({}, "volunteer:alice", "req-later", RequestFingerprint("Add", "alice", different),
               &other, [](Tx&) { return absl::FailedPreconditionError("sold out"); })
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store
                .Run({}, "volunteer:alice", "req-later-2", fingerprint, &other,
                     [](Tx&) { return absl::FailedPreconditionError("sold out"); })
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'later-fail'"), "1");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM items WHERE id = 50"), "0");
}

// Found by the auditor under a PostgreSQL crash: a retry whose work failed in the database (the
// first attempt's own effect refusing it) and whose look-up of the first answer then failed too
// answered with the refusal — a definite "no" for a request that had taken effect. It must
// answer with the look-up's failure, which the caller retries.
TEST_F(IdempotencyTest, ARefusalIsNoAnswerWhenTheFirstAnswerCouldNotBeLookedUp) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, first, retry;
  request.set_value("unique later");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-lookup", fingerprint, &first,
                       [&](Tx& tx) {
                         tx.exec0("INSERT INTO items VALUES (60, 1)");
                         return AddEffect(tx, &first, "lookup");
                       })
                  .ok());
  // The retry's deadline passes while its work runs, so that the look-up cannot be made.
  TxOptions near;
  near.deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(200);
  absl::Status answered =
      store.Run(near, "volunteer:alice", "req-lookup", fingerprint, &retry, [&](Tx& tx) {
        std::this_thread::sleep_until(*near.deadline + std::chrono::milliseconds(5));
        tx.exec0("INSERT INTO items VALUES (60, 1)");  // the first attempt's row: refused
        return AddEffect(tx, &retry, "lookup");
      });
  EXPECT_EQ(answered.code(), absl::StatusCode::kDeadlineExceeded) << answered;
  // Retried in time, it gets the first answer.
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-lookup", fingerprint, &retry,
                       [&](Tx& tx) {
                         tx.exec0("INSERT INTO items VALUES (60, 1)");
                         return AddEffect(tx, &retry, "lookup");
                       })
                  .ok());
  EXPECT_EQ(retry.value(), first.value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'lookup'"), "1");
}

// Two attempts of one request at once: the one that stores its answer first wins; the other's
// work is rolled back and it answers with the winner's answer.
TEST_F(IdempotencyTest, ADuplicateThatStoresFirstWinsAndTheOtherRollsBack) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, slow, fast;
  request.set_value("duel");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  std::promise<void> slow_worked, fast_done;
  std::thread slow_attempt([&] {
    ASSERT_TRUE(store
                    .Run({}, "volunteer:alice", "req-duel", fingerprint, &slow,
                         [&](Tx& tx) {
                           absl::Status status = AddEffect(tx, &slow, "duel");
                           slow_worked.set_value();
                           fast_done.get_future().wait();
                           return status;
                         })
                    .ok());
  });
  slow_worked.get_future().wait();
  ASSERT_TRUE(store
                  .Run({}, "volunteer:alice", "req-duel", fingerprint, &fast,
                       [&](Tx& tx) { return AddEffect(tx, &fast, "duel"); })
                  .ok());
  fast_done.set_value();
  slow_attempt.join();
  EXPECT_EQ(slow.value(), fast.value());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'duel'"), "1");
}

// Whether an idempotency key INSERT of some session comes to wait for a lock (another
// attempt's uncommitted key) within 10 s.
bool WaitsForALock(const testing::TestDatabase& database) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    if (database.Scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "
                        "idempotency_keys%'") == "1") {
      return true;
    }
    std::this_thread::yield();
  }
  return false;
}

// An attempt that finds the same key stored by another, not yet committed, waits for it: when
// that one commits, its answer is given and this attempt's work rolled back; when it rolls back,
// this attempt's own answer is stored.
TEST_F(IdempotencyTest, AnAttemptWaitsForAnUncommittedKeyThenGivesItsAnswerOrStoresItsOwn) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, held;
  request.set_value("held");
  held.set_value("held#0");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  for (bool holder_commits : {true, false}) {
    SCOPED_TRACE(holder_commits ? "the holder commits" : "the holder rolls back");
    std::string request_id = holder_commits ? "req-held-commit" : "req-held-rollback";
    pqxx::connection holder_connection(database_->url());
    pqxx::work holder(holder_connection);
    holder.exec_params0(
        "INSERT INTO idempotency_keys (caller, request_id, fingerprint, response) VALUES "
        "('volunteer:alice', $1, $2, $3)",
        request_id, fingerprint, Bytea(held.SerializeAsString()));
    google::protobuf::StringValue answer;
    std::future<absl::Status> attempt = std::async(std::launch::async, [&] {
      return store.Run({}, "volunteer:alice", request_id, fingerprint, &answer,
                       [&](Tx& tx) { return AddEffect(tx, &answer, request_id); });
    });
    ASSERT_TRUE(WaitsForALock(*database_));
    if (holder_commits) {
      holder.commit();
    } else {
      holder.abort();
    }
    absl::Status status = attempt.get();
    ASSERT_TRUE(status.ok()) << status;
    std::string effects =
        database_->Scalar("SELECT count(*) FROM effects WHERE note = '" + request_id + "'");
    if (holder_commits) {
      EXPECT_EQ(answer.value(), "held#0");
      EXPECT_EQ(effects, "0");
    } else {
      EXPECT_EQ(answer.value().rfind(request_id + "#", 0), 0u) << answer.value();
      EXPECT_EQ(effects, "1");
    }
  }
}

TEST_F(IdempotencyTest, ConcurrentDuplicatesMakeOneEffect) {
  auto db = database_->Open(8);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request;
  request.set_value("race");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  constexpr int kCallers = 16;
  std::vector<std::string> answers(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      google::protobuf::StringValue response;
      absl::Status status = store.Run({}, "volunteer:alice", "req-race", fingerprint, &response,
                                      [&](Tx& tx) { return AddEffect(tx, &response, "race"); });
      answers[i] = status.ok() ? response.value() : status.ToString();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'race'"), "1");
  for (const auto& answer : answers) EXPECT_EQ(answer, answers[0]);
}

// A refusal with a record commits what was written before it (an access-log row), answers the
// refusal, and leaves the request id unused: the retry runs again.
TEST_F(IdempotencyTest, ARefusalWithARecordCommitsTheRecordButNotTheAnswer) {
  auto db = database_->Open(2);
  IdempotencyStore store(*db);
  google::protobuf::StringValue request, response;
  request.set_value("refused");
  std::string fingerprint = RequestFingerprint("Add", "alice", request);
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::Status status =
        store.Run({}, "volunteer:alice", "req-refused", fingerprint, &response, [&](Tx& tx) {
          tx.exec0("INSERT INTO effects (note) VALUES ('refusal record')");
          return RefusalWithRecord(absl::AlreadyExistsError("phone: in use"));
        });
    EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
    EXPECT_EQ(status.message(), "phone: in use");
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM effects WHERE note = 'refusal record'"), "2");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM idempotency_keys WHERE request_id = "
                              "'req-refused'"),
            "0");
}

TEST(RequestId, IsRequiredAndBounded) {
  EXPECT_EQ(ValidateRequestId("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateRequestId(std::string(129, 'a')).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateRequestId("has space").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateRequestId("6f1c2b7e-1d2a-4c1e-9b7a-0a1b2c3d4e5f").ok());
}

}  // namespace
}  // namespace tongxin
