// The actions' pass-through: an action's request and response are the owning service's own
// messages and its (forward) option names the method, so the gateway sends the bytes it checked
// with a generic stub. One table row per action, no per-action code.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "services/gateway/caller.h"
#include "services/gateway/downstream.h"

namespace tongxin::gateway {

class Forwarder {
 public:
  explicit Forwarder(const Downstreams& downstreams);

  // Starts `target` on the service that owns it with the caller's token and deadline and
  // returns; `done` runs from the call's callback once the answer is in `response` (of the
  // target's output type, alive until then). Fields of `request` this gateway does not know are
  // dropped.
  void Forward(const google::protobuf::MethodDescriptor& target, const Caller& caller,
               const google::protobuf::Message& request, google::protobuf::Message* response,
               std::function<void(absl::Status)> done) const;

 private:
  std::map<std::string, std::unique_ptr<grpc::GenericStub>> by_service_;  // full service name
};

}  // namespace tongxin::gateway
