// The actions' pass-through: an action's request and response are the owning service's own
// messages and its (forward) option names the method, so the gateway sends the bytes it checked
// with a generic stub. One table row per action, no per-action code.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
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

  // Calls `target` on the service that owns it with the caller's token and deadline; `response`
  // is of the target's output type. Fields of `request` this gateway does not know are dropped.
  absl::Status Forward(const google::protobuf::MethodDescriptor& target, const Caller& caller,
                       const google::protobuf::Message& request,
                       google::protobuf::Message* response) const;

 private:
  std::map<std::string, std::shared_ptr<grpc::Channel>> by_service_;  // full service name
};

}  // namespace tongxin::gateway
