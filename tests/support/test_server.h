// Serves one gRPC service the way its main() does (token verifier, worker pool, RpcRunner,
// ServiceHost) on a loopback port, and mints tokens for any caller.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "services/common/auth.h"
#include "services/common/server.h"

namespace tongxin::testing {

class TestServer {
 public:
  static constexpr char kSecret[] = "tongxin-test-secret-0123456789abcdef";

  // Tokens live in a time of their own, the service clock's at construction: a test that moves
  // the service's clock by days (claim limits, notice periods, months) keeps its tokens valid,
  // and every token still has a lifetime a default verifier accepts (24 h).
  explicit TestServer(const Clock& clock, int workers = 8)
      : token_clock_(clock.Now()),
        verifier_(TokenVerifier::Hs256(kSecret, &token_clock_)),
        workers_(workers, 4096),
        runner_(*verifier_, workers_, RpcRunnerOptions{.downstream_workers = &downstream_}),
        downstream_(16, 4096) {}
  ~TestServer() { host_.Shutdown(); }

  const RpcRunner& runner() const { return runner_; }
  // `beside`: another service on the same server (e.g. the service's OutboxAdminService).
  void Start(grpc::Service* service, grpc::Service* beside = nullptr) {
    host_.AddService(service);
    if (beside != nullptr) host_.AddService(beside);
    auto status = host_.Start();
    if (!status.ok()) std::abort();
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(host_.port()),
                                   grpc::InsecureChannelCredentials());
  }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(host_.port()); }
  // Stops serving, as a service that went down.
  void Stop() { host_.Shutdown(); }

  std::string Token(Role role, const std::string& subject,
                    std::vector<std::string> scope = {}) const {
    TokenClaims claims;
    claims.subject = subject;
    claims.role = role;
    claims.scope = std::move(scope);
    claims.ttl = std::chrono::hours(24);  // the longest a verifier accepts by default
    return *MintHs256(claims, kSecret, token_clock_);
  }

 private:
  FakeClock token_clock_;
  std::unique_ptr<TokenVerifier> verifier_;
  WorkerPool workers_;
  RpcRunner runner_;
  // After the runner: its tasks, drained at destruction, still reach the runner and the workers.
  WorkerPool downstream_;
  ServiceHost host_{ServerOptions{}};
  std::shared_ptr<grpc::Channel> channel_;
};

// Calls a generated stub method with a bearer token and a deadline.
template <typename Stub, typename Request, typename Response>
grpc::Status CallWith(Stub* stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const std::string& token, const Request& request, Response* response,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  return (stub->*method)(&context, request, response);
}

}  // namespace tongxin::testing
