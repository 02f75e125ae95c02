// The gRPC server frame every service uses: callback API, grpc.health.v1, reflection, a small
// receive limit, bearer-token authentication, a worker pool for blocking work, one log line per
// RPC, and SIGTERM → NOT_SERVING → drain in-flight calls → exit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/db.h"
#include "services/common/metrics.h"
#include "services/common/worker_pool.h"

namespace tongxin {

// What a handler knows about the call it serves.
struct CallContext {
  std::string method;
  Principal principal;
  Deadline deadline;  // the client's, capped by the server's default
  TxOptions tx() const { return TxOptions{deadline, Isolation::kReadCommitted}; }
};

// A client context for a call this handler makes to another service: the caller's deadline goes
// downstream, and the request carries `bearer_token` (the caller's, or a `system` token).
std::unique_ptr<grpc::ClientContext> DownstreamContext(const CallContext& call,
                                                       const std::string& bearer_token);

struct RpcRunnerOptions {
  std::chrono::milliseconds default_deadline{30000};
  // Where a call's `before` stage (a call to another service) waits; without one it runs on the
  // workers. A pool of its own keeps a slow downstream service from taking every worker.
  WorkerPool* downstream_workers = nullptr;
  // Counts every call by method and code, with its latency (optional).
  MetricsRegistry* metrics = nullptr;
};

// How every RPC frame (RpcRunner, AsyncRpcRunner) accepts a call: the caller verified from their
// token, the client's deadline capped at `options.default_deadline` from now. `method` is the
// full name "<package.Service>/<Method>" (what IntegrationMayCall matches) or, for a frame that
// does not know its service, the short name; logs, metrics and the CallContext carry the short. A
// refusal is logged and answered on `reactor`, and nothing is returned. Access::kPublic (a method
// anyone may call, e.g. VerifyCertificate) also accepts a call without a token, as an anonymous
// caller (no subject, no scope); a token that is sent must still verify.
enum class Access { kSignedIn, kPublic };
std::optional<CallContext> AcceptCall(grpc::CallbackServerContext* context,
                                      grpc::ServerUnaryReactor* reactor,
                                      const TokenVerifier& verifier,
                                      const RpcRunnerOptions& options, std::string_view method,
                                      std::string_view request_id,
                                      std::chrono::steady_clock::time_point started,
                                      Access access = Access::kSignedIn);

// The caller of a public method who sent no token: role volunteer (the least), no subject (no
// volunteer's id), no scope.
Principal AnonymousCaller();

// Authenticates calls and runs their work on the worker pool, then answers and logs them.
class RpcRunner {
 public:
  RpcRunner(const TokenVerifier& verifier, WorkerPool& workers, RpcRunnerOptions options = {});

  // `work` runs on a worker thread and fills the response it captured. `request_id` is only
  // for the log line (empty for reads). `before`, when given, runs first on the downstream pool
  // (a call to another service, holding no worker); `work` follows only if it succeeds.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, std::string_view method,
                                std::string_view request_id,
                                std::function<absl::Status(const CallContext&)> work,
                                std::function<absl::Status(const CallContext&)> before = {}) const;
  // A read anyone may make, with or without a token (Access::kPublic); name each one explicitly.
  grpc::ServerUnaryReactor* RunPublic(grpc::CallbackServerContext* context, std::string_view method,
                                      std::function<absl::Status(const CallContext&)> work) const;

 private:
  struct Call;
  void Submit(WorkerPool& pool, std::shared_ptr<Call> call,
              std::function<void(std::shared_ptr<Call>)> stage) const;
  void RunWork(std::shared_ptr<Call> call) const;

  const TokenVerifier& verifier_;
  WorkerPool& workers_;
  RpcRunnerOptions options_;
};

struct ServerOptions {
  std::string listen = "127.0.0.1:0";
  int max_receive_bytes = 256 * 1024;
  std::chrono::milliseconds drain_timeout{10000};
};

class ServiceHost {
 public:
  explicit ServiceHost(ServerOptions options);
  ~ServiceHost();

  void AddService(grpc::Service* service);
  absl::Status Start();
  int port() const { return port_; }
  std::shared_ptr<grpc::Channel> InProcessChannel();

  // Health NOT_SERVING, stop accepting, let in-flight calls finish within drain_timeout.
  void Shutdown();

 private:
  ServerOptions options_;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

// grpc.health.v1 Check of a server's overall health: true when it answers SERVING in time.
bool IsServing(const std::shared_ptr<grpc::Channel>& channel, Deadline deadline);

// Call first in main, before any thread starts, so that every thread leaves SIGTERM and SIGINT
// to WaitForTerminationSignal.
void BlockTerminationSignals();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

// Sets up spdlog for a service (one line per event, to stderr).
void InitLogging(std::string_view service);

}  // namespace tongxin
