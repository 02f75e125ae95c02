// The server frame: authentication before work, database work off gRPC's threads, a bounded
// backlog, draining in-flight calls on shutdown, and the real binary's SIGTERM handling.
#include "services/common/server.h"

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <future>

#include "services/common/crypto.h"
#include "services/common/migrations.h"
#include "tests/support/free_port.h"
#include "tests/support/test_db.h"
#include "tongxin/testing/v1/receiver.grpc.pb.h"

extern char** environ;

namespace tongxin {
namespace {

namespace pb = ::tongxin::testing::v1;
constexpr char kSecret[] = "server-test-secret-0000000000000000";

// Apply blocks on its worker until released, so tests can hold workers busy.
class BlockingService final : public pb::Receiver::CallbackService {
 public:
  explicit BlockingService(const RpcRunner& runner) : runner_(runner) {}
  grpc::ServerUnaryReactor* Apply(grpc::CallbackServerContext* context,
                                  const pb::ApplyRequest* request,
                                  pb::ApplyResponse* response) override {
    return runner_.Run(context, "Apply", request->request_id(), [this, response](const auto&) {
      std::unique_lock lock(mu_);
      ++started_;
      changed_.notify_all();
      changed_.wait(lock, [this] { return released_; });
      response->set_first_time(true);
      return absl::OkStatus();
    });
  }
  void WaitStarted(int n) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return started_ >= n; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  const RpcRunner& runner_;
  std::mutex mu_;
  std::condition_variable changed_;
  int started_ = 0;
  bool released_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void Start(int workers, size_t max_queued) {
    verifier_ = TokenVerifier::Hs256(kSecret, &Clock::System());
    workers_ = std::make_unique<WorkerPool>(workers, max_queued);
    runner_ = std::make_unique<RpcRunner>(*verifier_, *workers_);
    service_ = std::make_unique<BlockingService>(*runner_);
    host_ = std::make_unique<ServiceHost>(ServerOptions{});
    host_->AddService(service_.get());
    ASSERT_TRUE(host_->Start().ok());
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(host_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = pb::Receiver::NewStub(channel_);
  }
  void TearDown() override {
    if (service_) service_->Release();
    if (host_) host_->Shutdown();
  }

  std::string Token() {
    TokenClaims claims;
    claims.subject = "tester";
    claims.role = Role::kSystem;
    return *MintHs256(claims, kSecret, Clock::System());
  }

  // Calls Apply on a thread; the future holds its status.
  std::future<grpc::Status> ApplyAsync(const std::string& token) {
    return std::async(std::launch::async, [this, token] {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + token);
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      pb::ApplyRequest request;
      request.set_request_id("r");
      pb::ApplyResponse response;
      return stub_->Apply(&context, request, &response);
    });
  }

  bool Serving() {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                   &response, [&](grpc::Status s) { done.set_value(s); });
    grpc::Status status = done.get_future().get();
    std::vector<grpc::Slice> slices;
    if (!status.ok() || !response.Dump(&slices).ok()) return false;
    std::string bytes;
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    return bytes == std::string("\x08\x01", 2);
  }

  std::unique_ptr<TokenVerifier> verifier_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<RpcRunner> runner_;
  std::unique_ptr<BlockingService> service_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::Receiver::Stub> stub_;
};

TEST_F(ServerTest, UnauthenticatedCallsNeverReachAWorker) {
  Start(1, 8);
  EXPECT_EQ(ApplyAsync("bad").get().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServerTest, BusyWorkersDoNotStarveHealthChecks) {
  Start(2, 8);
  auto first = ApplyAsync(Token());
  auto second = ApplyAsync(Token());
  service_->WaitStarted(2);
  EXPECT_TRUE(Serving());  // answered on gRPC's own threads while every worker is busy
  service_->Release();
  EXPECT_TRUE(first.get().ok());
  EXPECT_TRUE(second.get().ok());
}

TEST_F(ServerTest, FullBacklogIsUnavailable) {
  // No room for a backlog: a call that finds no free place is turned away at once, not queued
  // behind slow work.
  Start(1, 0);
  grpc::Status refused = ApplyAsync(Token()).get();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerTest, ShutdownDrainsInFlightCalls) {
  Start(2, 8);
  EXPECT_TRUE(Serving());
  auto in_flight = ApplyAsync(Token());
  service_->WaitStarted(1);
  auto shutdown = std::async(std::launch::async, [this] { host_->Shutdown(); });
  // Shutdown waits for the call; the call finishes normally once its work is done.
  EXPECT_EQ(shutdown.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  service_->Release();
  EXPECT_TRUE(in_flight.get().ok());
  shutdown.get();
}

TEST(DownstreamContext, CarriesTheCallersDeadlineAndToken) {
  CallContext call;
  call.deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(1500);
  auto context = DownstreamContext(call, "token");
  auto difference = context->deadline() - call.deadline;
  EXPECT_LT(std::chrono::abs(difference), std::chrono::milliseconds(1));
}

// The real binary: migrates its database on start, serves, and exits 0 on SIGTERM.
TEST(VolunteerProcess, StartsServesAndExitsCleanlyOnSigterm) {
  testing::TestDatabase database("volunteer_process", "");
  std::string port = testing::FreeListenPort();
  std::vector<std::string> args = {
      VOLUNTEER_BINARY,
      "--listen=127.0.0.1:" + port,
      "--database_url=" + database.url(),
      "--jwt_secret=" + std::string(kSecret),
      "--data_key=" + HexEncode(RandomBytes(32)),
      "--verify_url=https://tongxin.example.cn",
  };
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, args[0].c_str(), nullptr, nullptr, argv.data(), environ), 0);
  auto channel = grpc::CreateChannel("127.0.0.1:" + port, grpc::InsecureChannelCredentials());
  // Connected means listening, which the binary does only after migrating.
  bool connected =
      channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30));
  EXPECT_TRUE(connected);
  if (connected) {
    auto files = LoadMigrations(std::string(TONGXIN_SOURCE_DIR) + "/migrations/volunteer");
    ASSERT_TRUE(files.ok()) << files.status();
    EXPECT_EQ(database.Scalar("SELECT count(*) FROM schema_migrations"),
              std::to_string(files->size()));
  }
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace tongxin
