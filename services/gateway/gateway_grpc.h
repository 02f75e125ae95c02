// The gateway's gRPC face: the same API as the HTTP/JSON one, on the same composition. The
// caller's token travels on to the services; a request_id is generated when the client sent none
// and returned in the `x-request-id` response metadata so the client can retry safely.
#pragma once

#include "services/common/server.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_front.h"
#include "tongxin/gateway/v1/gateway.grpc.pb.h"

namespace tongxin::gateway {

class GatewayGrpc final : public pb::GatewayService::CallbackService {
 public:
  // `limiter` is shared with the HTTP face: one budget per caller, whichever door they use.
  GatewayGrpc(Gateway& gateway, const RpcRunner& runner, RateLimiter& limiter)
      : gateway_(gateway), runner_(runner), limiter_(limiter) {}

  grpc::ServerUnaryReactor* GetDashboard(grpc::CallbackServerContext* context,
                                         const pb::GetDashboardRequest* request,
                                         pb::Dashboard* response) override;
  grpc::ServerUnaryReactor* ClaimWish(grpc::CallbackServerContext* context,
                                      const pb::ClaimWishRequest* request,
                                      wishes::v1::Wish* response) override;
  grpc::ServerUnaryReactor* Redeem(grpc::CallbackServerContext* context,
                                   const pb::RedeemRequest* request,
                                   points::v1::Order* response) override;

 private:
  Gateway& gateway_;
  const RpcRunner& runner_;
  RateLimiter& limiter_;
};

}  // namespace tongxin::gateway
