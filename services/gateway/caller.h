// Who is calling the gateway, as it passes them on: the caller's own bearer token and deadline go
// with every downstream call, and "me" in a request is the calling volunteer.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "services/common/async_runner.h"
#include "services/common/auth.h"

namespace tongxin::gateway {

using Deadline = std::chrono::system_clock::time_point;

struct Caller {
  std::string authorization;  // the caller's own "Bearer ..." header, sent downstream as is
  Deadline deadline;
  Principal principal;  // verified by the face the call came in by
  // The gRPC face's incoming call, whose cancellation its downstream calls share; null for HTTP.
  std::shared_ptr<IncomingCall> incoming;
};

// A client context for one downstream call on the caller's behalf: their deadline and token, and
// cancelled with the incoming gRPC call.
std::unique_ptr<grpc::ClientContext> DownstreamContext(const Caller& caller);

// "me" in the fields that name a volunteer (volunteer_id, adopter_id) becomes the calling
// volunteer; for any other role it is INVALID_ARGUMENT.
absl::Status ResolveMe(const Principal& caller, google::protobuf::Message& request);

}  // namespace tongxin::gateway
