// A runner for handlers that only wait on other services (the gateway): it authenticates the call
// and hands it to `start`, which starts the downstream calls and returns; the call is answered
// from the last one's callback. No thread is held while the services answer. The deadline (the
// client's, capped by the server's default), the log line and the metrics are RpcRunner's.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/server.h"

namespace tongxin {

class AsyncRpcRunner {
 public:
  // Answers the call: once, from any thread.
  using Finish = std::function<void(absl::Status)>;

  explicit AsyncRpcRunner(const TokenVerifier& verifier, RpcRunnerOptions options = {});

  // `start` runs at once on gRPC's thread and must not block. `request_id` is only for the log
  // line (empty for reads).
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, std::string_view method,
                                std::string_view request_id,
                                std::function<void(const CallContext&, Finish)> start) const;

 private:
  const TokenVerifier& verifier_;
  RpcRunnerOptions options_;
};

}  // namespace tongxin
