// One mapping between the statuses used inside (absl::Status) and on the wire (grpc::Status).
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace tongxin {

grpc::Status ToGrpcStatus(const absl::Status& status);
// A downstream's answer as a status of ours; a reset of the call mid-answer (ConnectionReset)
// becomes UNAVAILABLE, as it is: the outcome is unknown and a retry with the same request_id safe.
absl::Status FromGrpcStatus(const grpc::Status& status);

// True when the gRPC library itself ended the call because the other side reset its stream
// (RST_STREAM) before the answer was complete: no answer of the service's. A proxy does this
// when the replica behind it dies mid-answer (nginx resets with INTERNAL_ERROR, which the library
// reads as INTERNAL), so the call may or may not have taken effect.
bool ConnectionReset(const grpc::Status& status);

}  // namespace tongxin

// Propagates an error status from an expression returning absl::Status.
#define TX_RETURN_IF_ERROR(expr)                                       \
  do {                                                                 \
    if (auto tx_status_ = (expr); !tx_status_.ok()) return tx_status_; \
  } while (false)

#define TX_CONCAT_INNER_(a, b) a##b
#define TX_CONCAT_(a, b) TX_CONCAT_INNER_(a, b)
// Assigns the value of an absl::StatusOr expression to `lhs`, or returns its error.
#define TX_ASSIGN_OR_RETURN(lhs, expr) \
  TX_ASSIGN_OR_RETURN_IMPL_(TX_CONCAT_(tx_statusor_, __LINE__), lhs, expr)
#define TX_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()
