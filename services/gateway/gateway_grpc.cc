#include "services/gateway/gateway_grpc.h"

#include "services/common/outbox.h"

namespace tongxin::gateway {
namespace {

std::string Authorization(const grpc::CallbackServerContext* context) {
  auto it = context->client_metadata().find("authorization");
  return it == context->client_metadata().end() ? ""
                                                : std::string(it->second.data(), it->second.size());
}

// The client's request_id, or a new one announced in the response metadata.
std::string AnnounceRequestId(grpc::CallbackServerContext* context, const std::string& given) {
  std::string id = given.empty() ? NewUuid() : given;
  context->AddInitialMetadata("x-request-id", id);
  return id;
}

}  // namespace

grpc::ServerUnaryReactor* GatewayGrpc::GetDashboard(grpc::CallbackServerContext* context,
                                                    const pb::GetDashboardRequest* request,
                                                    pb::Dashboard* response) {
  std::string authorization = Authorization(context);
  return runner_.Run(context, "GetDashboard", "", [=, this](const CallContext& call) {
    if (!limiter_.Allow(call.principal.subject)) {
      return absl::ResourceExhaustedError("rate limit: slow down and retry");
    }
    auto dashboard =
        gateway_.Dashboard(Caller{authorization, call.deadline}, request->volunteer_id());
    if (!dashboard.ok()) return dashboard.status();
    *response = *std::move(dashboard);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GatewayGrpc::ClaimWish(grpc::CallbackServerContext* context,
                                                 const pb::ClaimWishRequest* request,
                                                 wishes::v1::Wish* response) {
  std::string authorization = Authorization(context);
  pb::ClaimWishRequest claim = *request;
  claim.set_request_id(AnnounceRequestId(context, request->request_id()));
  return runner_.Run(context, "ClaimWish", claim.request_id(), [=, this](const CallContext& call) {
    if (!limiter_.Allow(call.principal.subject)) {
      return absl::ResourceExhaustedError("rate limit: slow down and retry");
    }
    auto wish = gateway_.ClaimWish(Caller{authorization, call.deadline}, claim);
    if (!wish.ok()) return wish.status();
    *response = *std::move(wish);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GatewayGrpc::Redeem(grpc::CallbackServerContext* context,
                                              const pb::RedeemRequest* request,
                                              points::v1::Order* response) {
  std::string authorization = Authorization(context);
  pb::RedeemRequest redeem = *request;
  redeem.set_request_id(AnnounceRequestId(context, request->request_id()));
  return runner_.Run(context, "Redeem", redeem.request_id(), [=, this](const CallContext& call) {
    if (!limiter_.Allow(call.principal.subject)) {
      return absl::ResourceExhaustedError("rate limit: slow down and retry");
    }
    auto order = gateway_.Redeem(Caller{authorization, call.deadline}, redeem);
    if (!order.ok()) return order.status();
    *response = *std::move(order);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::gateway
