// Parallel calls for one view: started together, awaited together, their errors sorted into
// "missing" and "the caller's answer".
#include "services/gateway/fanout.h"

#include "services/common/status.h"

namespace tongxin::gateway {

bool ServiceMissing(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::INTERNAL;
}

void Fanout::Begin(internal::CallState& call, const std::string& service, Need need) {
  call.service = service;
  call.need = need;
  call.context = DownstreamContext(caller_);
  std::lock_guard lock(mu_);
  ++running_;
}

void Fanout::End(internal::CallState& call, grpc::Status status) {
  std::lock_guard lock(mu_);
  call.status = std::move(status);
  if (--running_ == 0) done_.notify_all();
}

void Fanout::AwaitAll() {
  std::unique_lock lock(mu_);
  done_.wait(lock, [this] { return running_ == 0; });
}

absl::Status Fanout::Wait() {
  AwaitAll();
  absl::Status first;
  for (const auto& call : calls_) {
    if (call->status.ok()) continue;
    if (ServiceMissing(call->status)) {
      missing_.insert(call->service);
    } else if (call->need == Need::kRequired && first.ok()) {
      first = FromGrpcStatus(call->status);
    }
  }
  return first;
}

}  // namespace tongxin::gateway
