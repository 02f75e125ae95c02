// The transactional outbox end to end: events written in a business transaction reach another
// service through an idempotent call, and a relay killed with SIGKILL in the middle of a
// delivery leaves every event delivered with exactly one effect.
#include "services/common/outbox.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <condition_variable>
#include <future>
#include <mutex>

#include "services/common/auth.h"
#include "services/common/metrics.h"
#include "services/common/outbox_listener.h"
#include "tests/support/test_db.h"
#include "tongxin/testing/v1/receiver.grpc.pb.h"

extern char** environ;

namespace tongxin {
namespace {

namespace pb = ::tongxin::testing::v1;
constexpr char kSecret[] = "outbox-test-secret-0123456789abcdef";
constexpr char kApply[] = "/tongxin.testing.v1.Receiver/Apply";
constexpr char kRegion[] = "411502001001";

const google::protobuf::MethodDescriptor& ApplyMethod() { return RpcMethod<pb::Receiver>("Apply"); }

// The far end: applies each request_id's effect once (a unique key), counts every call, and can
// hold one call after applying its effect, so the relay can be killed while waiting for it.
class Receiver final : public pb::Receiver::CallbackService {
 public:
  explicit Receiver(std::string database_url) : database_url_(std::move(database_url)) {
    pqxx::connection connection(database_url_);
    pqxx::work tx(connection);
    tx.exec0(
        "CREATE TABLE IF NOT EXISTS receiver_effects (request_id text PRIMARY KEY, payload "
        "text NOT NULL)");
    tx.commit();
    verifier_ = TokenVerifier::Hs256(kSecret, &Clock::System());
  }

  grpc::ServerUnaryReactor* Apply(grpc::CallbackServerContext* context,
                                  const pb::ApplyRequest* request,
                                  pb::ApplyResponse* response) override {
    auto* reactor = context->DefaultReactor();
    auto auth = context->client_metadata().find("authorization");
    std::string header = auth == context->client_metadata().end()
                             ? ""
                             : std::string(auth->second.data(), auth->second.size());
    auto principal = verifier_->Verify(header);
    if (!principal.ok() || principal->role != Role::kSystem) {
      reactor->Finish(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "system token required"));
      return reactor;
    }
    pqxx::connection connection(database_url_);
    pqxx::work tx(connection);
    auto rows = tx.exec_params(
        "INSERT INTO receiver_effects VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1",
        request->request_id(), request->payload());
    tx.commit();
    response->set_first_time(!rows.empty());
    std::unique_lock lock(mu_);
    ++calls_;
    changed_.notify_all();
    if (calls_ == hold_call_) {
      holding_ = true;
      changed_.notify_all();
      changed_.wait(lock, [this] { return released_; });
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  void HoldCall(int n) {
    std::lock_guard lock(mu_);
    hold_call_ = n;
  }
  void WaitUntilHolding() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [this] { return holding_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }
  // Whether `n` calls have arrived within `limit` (a relay that sends one at a time never gets
  // a second call to a receiver holding the first).
  bool WaitForCalls(int n, std::chrono::seconds limit) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, limit, [&] { return calls_ >= n; });
  }

 private:
  std::string database_url_;
  std::unique_ptr<TokenVerifier> verifier_;
  std::mutex mu_;
  std::condition_variable changed_;
  int calls_ = 0;
  int hold_call_ = -1;
  bool holding_ = false;
  bool released_ = false;
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>("outbox", "volunteer");
    db_ = database_->Open(4);
    receiver_ = std::make_unique<Receiver>(database_->url());
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(receiver_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port_, 0);
    PrepareOutbox(*db_);
  }
  void TearDown() override {
    receiver_->Release();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  }

  std::string Target() const { return "127.0.0.1:" + std::to_string(port_); }

  // A business transaction that writes `n` events (and nothing else here).
  void Enqueue(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(db_->Transact({},
                                [&](Tx& tx) {
                                  pb::ApplyRequest request;
                                  request.set_payload("award " + std::to_string(i));
                                  EnqueueCall(tx, ApplyMethod(), kRegion, request);
                                  return absl::OkStatus();
                                })
                      .ok());
    }
  }

  OutboxDeliverer Deliverer() {
    auto channel = grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials());
    return GrpcOutboxDeliverer({{"testing", channel}}, [] {
      TokenClaims claims;
      claims.subject = "outbox-relay";
      claims.role = Role::kSystem;
      return *MintHs256(claims, kSecret, Clock::System());
    });
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Receiver> receiver_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(OutboxTest, EventsAreDeliveredOnceAndMarked) {
  Enqueue(5);
  OutboxRelay relay(*db_, Deliverer());
  auto delivered = relay.RunOnce();
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  EXPECT_EQ(*delivered, 5);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM receiver_effects"), "5");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"),
            "0");
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(receiver_->calls(), 5);
}

// The database goes away after the deliveries (a crash, pg_terminate_backend): the answers are
// kept and marked at the next run, not left for the lease (30 s) to end and sent again.
TEST_F(OutboxTest, AnswersThatCouldNotBeMarkedAreMarkedAtTheNextRun) {
  Enqueue(2);
  DbOptions options;
  options.url = database_->url();
  options.pool_size = 1;
  options.application_name = "relay-under-test";
  auto relay_db = *Db::Open(options);
  OutboxDeliverer deliver = Deliverer();
  bool cut = false;
  OutboxRelay relay(*relay_db, [&](const OutboxEvent& event, Deadline deadline, auto done) {
    if (!cut) {
      // The relay's one connection ends while it waits for the answers.
      cut = true;
      database_->Scalar(
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
          "WHERE application_name = 'relay-under-test'");
    }
    deliver(event, deadline, std::move(done));
  });
  EXPECT_EQ(relay.RunOnce().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(receiver_->calls(), 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"),
            "2");
  // The next run reconnects and marks both; nothing is sent twice.
  EXPECT_EQ(*relay.RunOnce(), 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"),
            "0");
  EXPECT_EQ(receiver_->calls(), 2);
}

TEST_F(OutboxTest, AnEnqueuedCallNamesItsMethodAndCarriesItsEventIdAsRequestId) {
  std::string event_id;
  ASSERT_TRUE(db_->Transact({},
                            [&](Tx& tx) {
                              pb::ApplyRequest request;
                              request.set_request_id("the caller's own id is replaced");
                              request.set_payload("one");
                              event_id = EnqueueCall(tx, ApplyMethod(), kRegion, request);
                              EXPECT_EQ(request.request_id(), event_id);
                              return absl::OkStatus();
                            })
                  .ok());
  EXPECT_EQ(database_->Scalar("SELECT destination || ' ' || method FROM outbox_events WHERE "
                              "event_id = '" +
                              event_id + "'"),
            std::string("testing ") + kApply);
  OutboxRelay relay(*db_, Deliverer());
  EXPECT_EQ(*relay.RunOnce(), 1);
  EXPECT_EQ(database_->Scalar("SELECT request_id || ' ' || payload FROM receiver_effects"),
            event_id + " one");
}

TEST_F(OutboxTest, ACommitWakesTheRelayThroughTheListenerWithoutWaitingForItsPoll) {
  // An hour between polls: only the commit's notification can bring the event out in time.
  OutboxRelayOptions options;
  options.poll_interval = std::chrono::hours(1);
  OutboxRelay relay(*db_, Deliverer(), options);
  std::mutex mu;
  std::condition_variable woken;
  int wakes = 0;
  DbOptions listen;
  listen.url = database_->url();
  OutboxListener listener(listen, [&] {
    relay.Notify();
    std::lock_guard lock(mu);
    ++wakes;
    woken.notify_all();
  });
  relay.Start();
  listener.Start();
  {
    // The first wake-up comes once it listens (and covers what committed before).
    std::unique_lock lock(mu);
    ASSERT_TRUE(woken.wait_for(lock, std::chrono::seconds(10), [&] { return wakes >= 1; }));
  }
  Enqueue(1);
  EXPECT_TRUE(receiver_->WaitForCalls(1, std::chrono::seconds(10)));
  {
    // The commit's own notification arrived (the run the first wake-up started may have found
    // the event too, so delivery alone would not show it).
    std::unique_lock lock(mu);
    EXPECT_TRUE(woken.wait_for(lock, std::chrono::seconds(10), [&] { return wakes >= 2; }));
  }
  listener.Stop();
  relay.Stop();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM receiver_effects"), "1");
}

TEST(OutboxEventsTest, TheDestinationIsTheServicesPackage) {
  EXPECT_EQ(DestinationOf(*ApplyMethod().service()), "testing");
}

TEST(OutboxEventsDeathTest, AMisspeltMethodStopsTheService) {
  EXPECT_EXIT(RpcMethod<pb::Receiver>("Aply"), ::testing::KilledBySignal(SIGABRT), "");
}

TEST_F(OutboxTest, ARequestOfAnotherMethodStopsTheService) {
  EXPECT_EXIT((void)db_->Transact({},
                                  [&](Tx& tx) {
                                    pb::ApplyResponse wrong;
                                    EnqueueCall(tx, ApplyMethod(), kRegion, wrong);
                                    return absl::OkStatus();
                                  }),
              ::testing::KilledBySignal(SIGABRT), "");
}

TEST_F(OutboxTest, UnreachableDestinationIsRetriedWithBackoffAndSurvives) {
  Enqueue(2);
  auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  OutboxRelayOptions options;
  options.call_timeout = std::chrono::milliseconds(200);
  options.min_backoff = std::chrono::milliseconds(0);
  {
    OutboxRelay relay(*db_, GrpcOutboxDeliverer({{"testing", dead}}, [] { return ""; }), options);
    EXPECT_EQ(*relay.RunOnce(), 0);
  }
  EXPECT_EQ(database_->Scalar("SELECT min(attempts) FROM outbox_events"), "1");
  EXPECT_NE(database_->Scalar("SELECT max(last_error) FROM outbox_events"), "");
  // A later relay (the service restarted) delivers them.
  OutboxRelay relay(*db_, Deliverer(), options);
  EXPECT_EQ(*relay.RunOnce(), 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM receiver_effects"), "2");
}

TEST_F(OutboxTest, BackoffGrowsWithAttempts) {
  Enqueue(1);
  auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  OutboxRelayOptions options;
  options.call_timeout = std::chrono::milliseconds(200);
  options.min_backoff = std::chrono::milliseconds(60000);
  OutboxRelay relay(*db_, GrpcOutboxDeliverer({{"testing", dead}}, [] { return ""; }), options);
  EXPECT_EQ(*relay.RunOnce(), 0);
  // Not due again for a minute: the next pass finds nothing to send.
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(database_->Scalar("SELECT attempts FROM outbox_events"), "1");
  EXPECT_EQ(database_->Scalar(
                "SELECT next_attempt_at > now() + interval '50 seconds' FROM outbox_events"),
            "t");
}

TEST_F(OutboxTest, RelayKilledMidDeliveryLeavesExactlyOneEffectPerEvent) {
  constexpr int kEvents = 7;
  Enqueue(kEvents);
  // The relay process delivers in batches of two; the receiver holds the 4th call after its
  // effect is applied, i.e. while the second batch is out and not yet marked.
  receiver_->HoldCall(4);
  std::string relay_path = OUTBOX_TEST_RELAY;
  std::string url = database_->url();
  std::string target = Target();
  std::string secret = kSecret;
  char* args[] = {relay_path.data(), url.data(), target.data(), secret.data(), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, relay_path.c_str(), nullptr, nullptr, args, environ), 0);
  receiver_->WaitUntilHolding();
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(pid, &wait_status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  receiver_->Release();

  // The killed relay had committed its first batch's marks; its second batch is claimed, hidden
  // from other relays until its lease ends. The lease ends (as time would end it):
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NOT NULL"),
            "2");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL "
                              "AND next_attempt_at > now() + interval '20 seconds'"),
            "2");
  EXPECT_EQ(database_->Scalar("WITH ended AS (UPDATE outbox_events SET next_attempt_at = now() "
                              "WHERE delivered_at IS NULL RETURNING 1) SELECT count(*) FROM ended"),
            std::to_string(kEvents - 2));
  OutboxRelay relay(*db_, Deliverer());
  int delivered = 0;
  for (int pass = 0; pass < 10; ++pass) {
    auto n = relay.RunOnce();
    ASSERT_TRUE(n.ok()) << n.status();
    if (*n == 0) break;
    delivered += *n;
  }
  EXPECT_EQ(delivered, kEvents - 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"),
            "0");
  // At least once on the wire (calls 3 and 4 went twice), exactly once in effect.
  EXPECT_EQ(receiver_->calls(), kEvents + 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM receiver_effects"), std::to_string(kEvents));
  EXPECT_EQ(database_->Scalar("SELECT count(DISTINCT payload) FROM receiver_effects"),
            std::to_string(kEvents));
}

TEST_F(OutboxTest, TwoRelaysNeverSendTheSameEventAtOnce) {
  Enqueue(20);
  OutboxRelayOptions options;
  options.batch_size = 3;
  OutboxRelay a(*db_, Deliverer(), options), b(*db_, Deliverer(), options);
  std::thread other([&] {
    for (int i = 0; i < 20; ++i) (void)b.RunOnce();
  });
  for (int i = 0; i < 20; ++i) (void)a.RunOnce();
  other.join();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"),
            "0");
  // SKIP LOCKED: each event was sent by one relay only.
  EXPECT_EQ(receiver_->calls(), 20);
}

TEST_F(OutboxTest, NoTransactionOrRowLockIsHeldWhileTheCallsAreOut) {
  Enqueue(2);
  receiver_->HoldCall(1);
  OutboxRelay relay(*db_, Deliverer());
  auto running = std::async(std::launch::async, [&] { return relay.RunOnce(); });
  receiver_->WaitUntilHolding();
  // Claimed and committed: the rows are not locked, and another relay does not take them.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM (SELECT 1 FROM outbox_events FOR UPDATE "
                              "NOWAIT) unlocked"),
            "2");
  // The relay's pool (application_name tongxin) holds no transaction open meanwhile.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND application_name = 'tongxin' AND state "
                              "LIKE 'idle in transaction%'"),
            "0");
  EXPECT_EQ(*OutboxRelay(*db_, Deliverer()).RunOnce(), 0);
  receiver_->Release();
  EXPECT_EQ(*running.get(), 2);
  EXPECT_EQ(receiver_->calls(), 2);
}

TEST_F(OutboxTest, ABatchIsDeliveredConcurrently) {
  Enqueue(3);
  receiver_->HoldCall(1);
  OutboxRelay relay(*db_, Deliverer());
  auto running = std::async(std::launch::async, [&] { return relay.RunOnce(); });
  receiver_->WaitUntilHolding();
  // The first call is held; the others arrive meanwhile.
  EXPECT_TRUE(receiver_->WaitForCalls(3, std::chrono::seconds(10)));
  receiver_->Release();
  EXPECT_EQ(*running.get(), 3);
}

TEST_F(OutboxTest, AnEventThatAlwaysFailsBecomesADeadLetterAndIsCounted) {
  Enqueue(1);
  MetricsRegistry metrics;
  OutboxRelayOptions options;
  options.min_backoff = std::chrono::milliseconds(0);
  options.max_attempts = 3;
  options.metrics = &metrics;
  // The receiver refuses a relay without a `system` token: the same answer every time.
  auto channel = grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials());
  OutboxRelay relay(*db_, GrpcOutboxDeliverer({{"testing", channel}}, [] { return "poison"; }),
                    options);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    EXPECT_EQ(*relay.RunOnce(), 0);
    EXPECT_EQ(database_->Scalar("SELECT attempts FROM outbox_events"), std::to_string(attempt));
  }
  EXPECT_EQ(database_->Scalar("SELECT dead_at IS NOT NULL AND last_error LIKE '%UNAUTHENTICATED%' "
                              "FROM outbox_events"),
            "t");
  EXPECT_EQ(metrics.Value("tongxin_outbox_events_total", {{"outcome", "failed"}}), 2);
  EXPECT_EQ(metrics.Value("tongxin_outbox_events_total", {{"outcome", "dead_lettered"}}), 1);
  // Never due again, however long one waits.
  database_->Scalar(
      "UPDATE outbox_events SET next_attempt_at = now() - interval '1 day' "
      "RETURNING 1");
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(database_->Scalar("SELECT attempts FROM outbox_events"), "3");
  metrics.Scrape();  // the backlog gauges are read at each scrape
  EXPECT_EQ(metrics.Value("tongxin_outbox_dead_letters", {}), 1);
  EXPECT_EQ(metrics.Value("tongxin_outbox_pending", {}), 0);
  EXPECT_NE(metrics.Render().find("tongxin_outbox_events_total{outcome=\"dead_lettered\"} 1"),
            std::string::npos)
      << metrics.Render();
}

// The backlog operators watch (the outbox-stuck alert): events waiting, and the oldest one's age.
TEST_F(OutboxTest, TheBacklogAndItsOldestEventsAgeAreGauges) {
  Enqueue(2);
  database_->Scalar(
      "UPDATE outbox_events SET created_at = now() - interval '10 minutes' "
      "WHERE seq = (SELECT min(seq) FROM outbox_events) RETURNING 1");
  MetricsRegistry metrics;
  OutboxRelayOptions options;
  options.metrics = &metrics;
  // Refused every time (no `system` token), so both stay waiting after the run.
  auto channel = grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials());
  OutboxRelay relay(*db_, GrpcOutboxDeliverer({{"testing", channel}}, [] { return "poison"; }),
                    options);
  EXPECT_EQ(*relay.RunOnce(), 0);
  metrics.Scrape();  // read at each scrape, never on the delivery path
  EXPECT_EQ(metrics.Value("tongxin_outbox_pending", {}), 2);
  EXPECT_GE(metrics.Value("tongxin_outbox_oldest_pending_seconds", {}), 600);
  EXPECT_LT(metrics.Value("tongxin_outbox_oldest_pending_seconds", {}), 3600);
}

TEST_F(OutboxTest, ARelayThatDiesDeliveringAnEventAtItsLastAttemptLeavesADeadLetter) {
  Enqueue(1);
  // Three claims whose relays died before marking (their leases ended).
  database_->Scalar("UPDATE outbox_events SET attempts = 3 RETURNING 1");
  OutboxRelayOptions options;
  options.max_attempts = 3;
  OutboxRelay relay(*db_, Deliverer(), options);
  EXPECT_EQ(*relay.RunOnce(), 0);
  EXPECT_EQ(receiver_->calls(), 0);
  EXPECT_EQ(database_->Scalar("SELECT last_error FROM outbox_events WHERE dead_at IS NOT NULL"),
            "the relay stopped while delivering it");
}

TEST_F(OutboxTest, EachEventKeepsTheRegionItConcerns) {
  Enqueue(1);
  EXPECT_EQ(database_->Scalar("SELECT region_id FROM outbox_events"), kRegion);
}

}  // namespace
}  // namespace tongxin
