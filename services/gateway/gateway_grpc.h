// The gateway's gRPC face: the same API as the HTTP/JSON one, on the same composition. Each
// method is one line: the caller's token travels on to the services; a request_id is taken from
// the x-request-id metadata or the request (they must agree), made up when both are absent, and
// returned in the x-request-id response metadata so that the client can retry safely.
#pragma once

#include <memory>

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
                                         pb::Dashboard* response) override {
    return Serve(context, "GetDashboard", request, response);
  }
  grpc::ServerUnaryReactor* GetWishWall(grpc::CallbackServerContext* context,
                                        const pb::GetWishWallRequest* request,
                                        pb::WishWall* response) override {
    return Serve(context, "GetWishWall", request, response);
  }
  grpc::ServerUnaryReactor* GetPostList(grpc::CallbackServerContext* context,
                                        const pb::GetPostListRequest* request,
                                        pb::PostList* response) override {
    return Serve(context, "GetPostList", request, response);
  }
  grpc::ServerUnaryReactor* GetRegionOverview(grpc::CallbackServerContext* context,
                                              const pb::GetRegionOverviewRequest* request,
                                              pb::RegionOverview* response) override {
    return Serve(context, "GetRegionOverview", request, response);
  }
  grpc::ServerUnaryReactor* GetAdminQueue(grpc::CallbackServerContext* context,
                                          const pb::GetAdminQueueRequest* request,
                                          pb::AdminQueue* response) override {
    return Serve(context, "GetAdminQueue", request, response);
  }
  grpc::ServerUnaryReactor* RegisterVolunteer(
      grpc::CallbackServerContext* context,
      const ::tongxin::volunteer::v1::RegisterVolunteerRequest* request,
      ::tongxin::volunteer::v1::Volunteer* response) override {
    return Serve(context, "RegisterVolunteer", request, response);
  }
  grpc::ServerUnaryReactor* ApproveVolunteer(
      grpc::CallbackServerContext* context,
      const ::tongxin::volunteer::v1::ChangeVolunteerStatusRequest* request,
      ::tongxin::volunteer::v1::Volunteer* response) override {
    return Serve(context, "ApproveVolunteer", request, response);
  }
  grpc::ServerUnaryReactor* ReportToCommunity(
      grpc::CallbackServerContext* context,
      const ::tongxin::volunteer::v1::ReportToCommunityRequest* request,
      ::tongxin::volunteer::v1::Volunteer* response) override {
    return Serve(context, "ReportToCommunity", request, response);
  }
  grpc::ServerUnaryReactor* AdoptPost(grpc::CallbackServerContext* context,
                                      const ::tongxin::posts::v1::AdoptPostRequest* request,
                                      ::tongxin::posts::v1::Adoption* response) override {
    return Serve(context, "AdoptPost", request, response);
  }
  grpc::ServerUnaryReactor* WithdrawAdoption(
      grpc::CallbackServerContext* context,
      const ::tongxin::posts::v1::WithdrawAdoptionRequest* request,
      ::tongxin::posts::v1::Adoption* response) override {
    return Serve(context, "WithdrawAdoption", request, response);
  }
  grpc::ServerUnaryReactor* LogService(grpc::CallbackServerContext* context,
                                       const ::tongxin::posts::v1::LogServiceRequest* request,
                                       ::tongxin::posts::v1::ServiceLog* response) override {
    return Serve(context, "LogService", request, response);
  }
  grpc::ServerUnaryReactor* ApproveLog(grpc::CallbackServerContext* context,
                                       const ::tongxin::posts::v1::ReviewLogRequest* request,
                                       ::tongxin::posts::v1::ServiceLog* response) override {
    return Serve(context, "ApproveLog", request, response);
  }
  grpc::ServerUnaryReactor* RejectLog(grpc::CallbackServerContext* context,
                                      const ::tongxin::posts::v1::ReviewLogRequest* request,
                                      ::tongxin::posts::v1::ServiceLog* response) override {
    return Serve(context, "RejectLog", request, response);
  }
  grpc::ServerUnaryReactor* SubmitWish(grpc::CallbackServerContext* context,
                                       const ::tongxin::wishes::v1::SubmitWishRequest* request,
                                       ::tongxin::wishes::v1::Wish* response) override {
    return Serve(context, "SubmitWish", request, response);
  }
  grpc::ServerUnaryReactor* ReviewWish(grpc::CallbackServerContext* context,
                                       const ::tongxin::wishes::v1::ReviewWishRequest* request,
                                       ::tongxin::wishes::v1::Wish* response) override {
    return Serve(context, "ReviewWish", request, response);
  }
  grpc::ServerUnaryReactor* ClaimWish(grpc::CallbackServerContext* context,
                                      const ::tongxin::wishes::v1::ClaimWishRequest* request,
                                      ::tongxin::wishes::v1::Wish* response) override {
    return Serve(context, "ClaimWish", request, response);
  }
  grpc::ServerUnaryReactor* ReleaseClaim(grpc::CallbackServerContext* context,
                                         const ::tongxin::wishes::v1::ReleaseClaimRequest* request,
                                         ::tongxin::wishes::v1::Wish* response) override {
    return Serve(context, "ReleaseClaim", request, response);
  }
  grpc::ServerUnaryReactor* FulfilWish(grpc::CallbackServerContext* context,
                                       const ::tongxin::wishes::v1::FulfilWishRequest* request,
                                       ::tongxin::wishes::v1::Wish* response) override {
    return Serve(context, "FulfilWish", request, response);
  }
  grpc::ServerUnaryReactor* ConfirmWish(grpc::CallbackServerContext* context,
                                        const ::tongxin::wishes::v1::ConfirmWishRequest* request,
                                        ::tongxin::wishes::v1::Wish* response) override {
    return Serve(context, "ConfirmWish", request, response);
  }
  grpc::ServerUnaryReactor* Redeem(grpc::CallbackServerContext* context,
                                   const ::tongxin::points::v1::RedeemRequest* request,
                                   ::tongxin::points::v1::Order* response) override {
    return Serve(context, "Redeem", request, response);
  }
  grpc::ServerUnaryReactor* CollectOrder(grpc::CallbackServerContext* context,
                                         const ::tongxin::points::v1::CollectOrderRequest* request,
                                         ::tongxin::points::v1::Order* response) override {
    return Serve(context, "CollectOrder", request, response);
  }
  grpc::ServerUnaryReactor* CancelOrder(grpc::CallbackServerContext* context,
                                        const ::tongxin::points::v1::CancelOrderRequest* request,
                                        ::tongxin::points::v1::Order* response) override {
    return Serve(context, "CancelOrder", request, response);
  }
  grpc::ServerUnaryReactor* CreateRound(grpc::CallbackServerContext* context,
                                        const ::tongxin::points::v1::CreateRoundRequest* request,
                                        ::tongxin::points::v1::Round* response) override {
    return Serve(context, "CreateRound", request, response);
  }
  grpc::ServerUnaryReactor* DecideCandidate(
      grpc::CallbackServerContext* context,
      const ::tongxin::points::v1::DecideCandidateRequest* request,
      ::tongxin::points::v1::Round* response) override {
    return Serve(context, "DecideCandidate", request, response);
  }
  grpc::ServerUnaryReactor* PublishRound(grpc::CallbackServerContext* context,
                                         const ::tongxin::points::v1::PublishRoundRequest* request,
                                         ::tongxin::points::v1::Round* response) override {
    return Serve(context, "PublishRound", request, response);
  }
  grpc::ServerUnaryReactor* LodgeObjection(
      grpc::CallbackServerContext* context,
      const ::tongxin::points::v1::LodgeObjectionRequest* request,
      ::tongxin::points::v1::Objection* response) override {
    return Serve(context, "LodgeObjection", request, response);
  }
  grpc::ServerUnaryReactor* ResolveObjection(
      grpc::CallbackServerContext* context,
      const ::tongxin::points::v1::ResolveObjectionRequest* request,
      ::tongxin::points::v1::Round* response) override {
    return Serve(context, "ResolveObjection", request, response);
  }
  grpc::ServerUnaryReactor* FinalizeRound(
      grpc::CallbackServerContext* context,
      const ::tongxin::points::v1::FinalizeRoundRequest* request,
      ::tongxin::points::v1::Round* response) override {
    return Serve(context, "FinalizeRound", request, response);
  }

 private:
  template <typename Request>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const char* method,
                                  const Request* request, google::protobuf::Message* response) {
    return ServeCopy(context, method, std::make_shared<Request>(*request), response);
  }
  // `request` is the call's own copy: the request id and "me" are written into it.
  grpc::ServerUnaryReactor* ServeCopy(grpc::CallbackServerContext* context, const char* method,
                                      std::shared_ptr<google::protobuf::Message> request,
                                      google::protobuf::Message* response);

  Gateway& gateway_;
  const RpcRunner& runner_;
  RateLimiter& limiter_;
};

}  // namespace tongxin::gateway
