// Parallel calls for one view: started together, continued by the last to answer, their errors
// sorted into "missing" and "the caller's answer".
#include "services/gateway/fanout.h"

#include "services/common/status.h"

namespace tongxin::gateway {

bool ServiceMissing(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::INTERNAL;
}

bool Fanout::Begin(std::shared_ptr<internal::CallState> call, const std::string& service, Need need,
                   Wait wait) {
  call->service = service;
  call->need = need;
  call->context = DownstreamContext(caller_);
  bool asked = true;
  if (guard_ != nullptr) {
    call->ticket = guard_->Admit(service, wait, *call->context);
    if (call->ticket.admission == CircuitBreaker::Admission::kRefused) {
      call->status = guard_->Refusal(service);
      asked = false;
    }
  }
  std::lock_guard lock(mu_);
  calls_.push_back(std::move(call));
  if (asked) ++running_;
  return asked;
}

void Fanout::End(internal::CallState& call, grpc::Status status) {
  if (guard_ != nullptr) guard_->Record(call.service, call.ticket, status);
  Continuation then;
  {
    std::lock_guard lock(mu_);
    call.status = std::move(status);
    if (--running_ > 0 || !then_) return;
    then = std::move(then_);
  }
  Over(std::move(then));
}

void Fanout::Then(Continuation then) {
  {
    std::lock_guard lock(mu_);
    if (running_ > 0) {
      then_ = std::move(then);
      return;
    }
  }
  Over(std::move(then));
}

bool AnsweredForTheRequest(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return true;
    default:
      return false;
  }
}

void Fanout::Over(Continuation then) {
  absl::Status first;
  for (const auto& call : calls_) {
    whole_ = whole_ && AnsweredForTheRequest(call->status);
    if (call->status.ok()) continue;
    if (ServiceMissing(call->status)) {
      missing_.insert(call->service);
    } else if (call->need == Need::kRequired && first.ok()) {
      first = FromGrpcStatus(call->status);
    }
  }
  then(first, *this);
}

}  // namespace tongxin::gateway
