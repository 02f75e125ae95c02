// What every RPC frame (RpcRunner, AsyncRpcRunner) shares: the caller's token as it came, and one
// log line per call with its metrics.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/metrics.h"

namespace tongxin {

// The call's "authorization" metadata; empty when there is none.
std::string AuthorizationHeader(const grpc::CallbackServerContext* context);

// Declares the calls counter and latency histogram LogCall feeds.
void DeclareRpcMetrics(MetricsRegistry& metrics);

// One line per call (never the request body: it may carry names, ID numbers and phones), and the
// call counted with its latency when there are metrics.
void LogCall(std::string_view method, const absl::Status& status,
             std::chrono::steady_clock::time_point started, std::string_view request_id,
             const Principal* principal, MetricsRegistry* metrics);

}  // namespace tongxin
