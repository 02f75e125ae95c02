// A runner for handlers that only wait on other services (the gateway): it authenticates the call
// and hands it to `start`, which starts the downstream calls and returns; the call is answered
// from the last one's callback. No thread is held while the services answer. The deadline (the
// client's, capped by the server's default), the log line and the metrics are RpcRunner's.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/server.h"

namespace tongxin {

// The incoming call a handler's downstream calls are made for. While it is being served, a
// downstream context made from it is cancelled with it (its client gone, or the server shutting
// down past its grace), so that a drain is bounded by the grace and not by downstream deadlines.
class IncomingCall {
 public:
  explicit IncomingCall(grpc::CallbackServerContext* context) : context_(context) {}
  // A client context that ends with the incoming call (its deadline too); once the call has been
  // answered (its server context may be gone), a plain one.
  std::unique_ptr<grpc::ClientContext> NewDownstreamContext();
  // The call is being answered: the server context is not to be used any more.
  void Answered();

 private:
  std::mutex mu_;
  grpc::CallbackServerContext* context_;  // null once answered
};

class AsyncRpcRunner {
 public:
  // Answers the call: once, from any thread.
  using Finish = std::function<void(absl::Status)>;

  explicit AsyncRpcRunner(const TokenVerifier& verifier, RpcRunnerOptions options = {});

  // `start` runs at once on gRPC's thread and must not block; its downstream contexts come from
  // `incoming`. `request_id` is only for the log line (empty for reads).
  using Start = std::function<void(const CallContext&, std::shared_ptr<IncomingCall> incoming,
                                   Finish finish)>;
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, std::string_view method,
                                std::string_view request_id, Start start,
                                Access access = Access::kSignedIn) const;

 private:
  const TokenVerifier& verifier_;
  RpcRunnerOptions options_;
};

}  // namespace tongxin
