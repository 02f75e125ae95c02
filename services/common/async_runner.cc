// Authenticate, start, answer from the callback: the RPC frame without a worker.
#include "services/common/async_runner.h"

#include <memory>

#include "services/common/rpc_log.h"
#include "services/common/status.h"

namespace tongxin {

AsyncRpcRunner::AsyncRpcRunner(const TokenVerifier& verifier, RpcRunnerOptions options)
    : verifier_(verifier), options_(options) {
  if (options_.metrics != nullptr) DeclareRpcMetrics(*options_.metrics);
}

std::unique_ptr<grpc::ClientContext> IncomingCall::NewDownstreamContext() {
  std::lock_guard lock(mu_);
  if (context_ == nullptr) return std::make_unique<grpc::ClientContext>();
  return grpc::ClientContext::FromCallbackServerContext(*context_);
}

void IncomingCall::Answered() {
  std::lock_guard lock(mu_);
  context_ = nullptr;
}

grpc::ServerUnaryReactor* AsyncRpcRunner::Run(grpc::CallbackServerContext* context,
                                              std::string_view method, std::string_view request_id,
                                              Start start, Access access) const {
  auto started = std::chrono::steady_clock::now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<CallContext> accepted =
      AcceptCall(context, reactor, verifier_, options_, method, request_id, started, access);
  if (!accepted) return reactor;
  auto call = std::make_shared<const CallContext>(*std::move(accepted));
  auto incoming = std::make_shared<IncomingCall>(context);
  start(*call, incoming,
        [call, incoming, reactor, started, request_id = std::string(request_id),
         metrics = options_.metrics](absl::Status status) {
          LogCall(call->method, status, started, request_id, &call->principal, metrics);
          incoming->Answered();  // before Finish: the server context goes after it
          reactor->Finish(ToGrpcStatus(status));
        });
  return reactor;
}

}  // namespace tongxin
