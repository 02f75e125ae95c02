// The gateway's gRPC face: tongxin.gateway.v1.GatewayService served generically from the route
// table (api.h), as gRPC's generic_api example serves its methods: one raw unary handler per
// route, all the same function, which parses the method's request from the route's descriptor
// and hands it to Gateway::Call by name. A method added to the proto is served with no code here.
//
// It is a grpc::Service (not a CallbackGenericService) so that ServiceHost registers it like any
// other service: the server then lists it by name, reflection describes it from the generated
// descriptor pool, and a method the proto lacks is UNIMPLEMENTED by gRPC itself.
//
// Per call: the caller's token travels on to the services; a request_id is taken from the
// x-request-id metadata or the request (they must agree), made up when both are absent, and
// returned in the x-request-id response metadata so that the client can retry safely; the
// caller's rate budget is the one the HTTP face spends, and an anonymous caller of a public read
// spends their address's budget of public reads (AddressKey: not their connection's) there too. The
// call is answered from the gateway's callback (AsyncRpcRunner): no thread waits on the services.
#pragma once

#include <grpcpp/grpcpp.h>

#include "services/common/async_runner.h"
#include "services/gateway/api.h"
#include "services/gateway/gateway.h"
#include "services/gateway/rate_limiter.h"

namespace tongxin::gateway {

class GatewayGrpc final : public grpc::Service {
 public:
  // `limiter` and `public_limiter` (anonymous callers of public reads) are the HTTP face's: one
  // budget per caller, whichever door they use.
  GatewayGrpc(Gateway& gateway, const AsyncRpcRunner& runner, RateLimiter& limiter,
              RateLimiter& public_limiter);

 private:
  grpc::ServerUnaryReactor* Serve(const Route& route, grpc::CallbackServerContext* context,
                                  const grpc::ByteBuffer* request, grpc::ByteBuffer* response);

  Gateway& gateway_;
  const AsyncRpcRunner& runner_;
  RateLimiter& limiter_;
  RateLimiter& public_limiter_;
};

}  // namespace tongxin::gateway
