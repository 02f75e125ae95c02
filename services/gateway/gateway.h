// The gateway's composition: every method of tongxin.gateway.v1.GatewayService served by name,
// whichever face the call came in by. A view is composed by Views; an action passes through to
// the service that owns it (Forwarder), with the caller's token, request_id and deadline. A view
// still answers when a service is down, naming what is missing; an action on a missing service
// fails UNAVAILABLE within the caller's deadline.
#pragma once

#include <google/protobuf/message.h>

#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "services/gateway/caller.h"
#include "services/gateway/downstream.h"
#include "services/gateway/forward.h"
#include "services/gateway/views.h"

namespace tongxin::gateway {

class Gateway {
 public:
  explicit Gateway(const Downstreams& downstreams);
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Serves one method of the gateway service by name: `response` is of the method's output type.
  // "me" in volunteer_id or adopter_id becomes the calling volunteer first.
  absl::Status Call(const std::string& method, const Caller& caller,
                    google::protobuf::Message& request, google::protobuf::Message* response);

  // Every service answers its health check: what /readyz reports.
  bool Ready(Deadline deadline) const;

 private:
  using Handler = std::function<absl::Status(const Caller&, const google::protobuf::Message&,
                                             google::protobuf::Message*)>;
  template <typename Request, typename Response>
  void View(const std::string& method,
            absl::StatusOr<Response> (Views::*view)(const Caller&, const Request&));

  Downstreams channels_;
  Views views_;
  Forwarder forwarder_;
  std::map<std::string, Handler> handlers_;  // gateway method name → its view or forward
};

}  // namespace tongxin::gateway
