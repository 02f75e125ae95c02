// The transactional outbox end to end: events written in a business transaction reach another
// service through an idempotent call, and a relay killed with SIGKILL in the middle of a
// delivery leaves every event delivered with exactly one effect.
#include "services/common/outbox.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <condition_variable>
#include <mutex>

#include "services/common/auth.h"
#include "tests/support/test_db.h"
#include "tongxin/testing/v1/receiver.grpc.pb.h"

extern char** environ;

namespace tongxin {
namespace {

namespace pb = ::tongxin::testing::v1;
constexpr char kSecret[] = "outbox-test-secret-0123456789abcdef";
constexpr char kApply[] = "/tongxin.testing.v1.Receiver/Apply";

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
                                  EnqueueCall(tx, ApplyMethod(), request);
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

TEST_F(OutboxTest, AnEnqueuedCallNamesItsMethodAndCarriesItsEventIdAsRequestId) {
  std::string event_id;
  ASSERT_TRUE(db_->Transact({},
                            [&](Tx& tx) {
                              pb::ApplyRequest request;
                              request.set_request_id("the caller's own id is replaced");
                              request.set_payload("one");
                              event_id = EnqueueCall(tx, ApplyMethod(), request);
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
                                    EnqueueCall(tx, ApplyMethod(), wrong);
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
  // effect is applied, i.e. inside the second batch's uncommitted transaction.
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
  // Waits (on the row locks, not a timer) until PostgreSQL has ended the dead relay's
  // transaction.
  database_->Scalar("SELECT count(*) FROM (SELECT 1 FROM outbox_events FOR UPDATE) locked");

  // The killed relay's transaction died with it: its batch is due again.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events WHERE delivered_at IS NOT NULL"),
            "2");
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

}  // namespace
}  // namespace tongxin
