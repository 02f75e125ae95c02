// The gateway's API as its proto declares it: every method of tongxin.gateway.v1.GatewayService
// with its (http) route and, for an action, the (forward) method it passes through to. Both faces
// (the HTTP routes and the gRPC methods) and the OpenAPI document are built from this one table.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tongxin::gateway {

struct Route {
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_method;               // e.g. /tongxin.gateway.v1.GatewayService/ClaimWish
  std::string verb;                      // GET or POST
  std::string path;                      // e.g. /v1/wishes/{wish_id}:claim
  std::vector<std::string> path_fields;  // e.g. wish_id: top-level string fields of the request
  const google::protobuf::MethodDescriptor* forward = nullptr;  // an action's target
  // (public_read): answered without a token, rate-limited by address (annotations.proto).
  bool public_read = false;

  std::string Name() const { return verb + " " + path; }
  // The path as a regular expression, one group per path field: a field's value is a single
  // segment that stops at '/' and ':' (so that {wish_id}:claim leaves the verb out).
  std::string Pattern() const;
};

// Every method, in the order the proto declares them.
const std::vector<Route>& ApiRoutes();

// What the table must hold for the faces to work: a route per method, path fields that are
// string fields of the request, a body only for POST, forward targets that exist and take and
// return the same messages, no two routes alike (verb and path), public reads only on GET.
absl::Status CheckApi();

}  // namespace tongxin::gateway
