// The store's RPCs: rewards, redeem, collect, cancel and orders.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/points/grpc/mapping.h"
#include "services/points/grpc/points_grpc.h"

namespace tongxin::points {

PointsGrpc::Reactor* PointsGrpc::CreateReward(Ctx* ctx, const pb::CreateRewardRequest* req,
                                              pb::Reward* resp) {
  return Mutate(ctx, "CreateReward", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Reward reward, FromProto(req->reward()));
    TX_ASSIGN_OR_RETURN(auto created, domains_.store.CreateReward(tx, call.principal, reward));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::RestockReward(Ctx* ctx, const pb::RestockRewardRequest* req,
                                               pb::Reward* resp) {
  return Mutate(ctx, "RestockReward", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto reward, domains_.store.Restock(tx, call.principal, req->reward_id(),
                                                            req->add_units()));
    ToProto(reward, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::SetRewardActive(Ctx* ctx, const pb::SetRewardActiveRequest* req,
                                                 pb::Reward* resp) {
  return Mutate(ctx, "SetRewardActive", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto reward, domains_.store.SetRewardActive(
                                         tx, call.principal, req->reward_id(), req->active()));
    ToProto(reward, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetReward(Ctx* ctx, const pb::GetRewardRequest* req,
                                           pb::Reward* resp) {
  return Query(ctx, "GetReward", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto reward,
                        domains_.store.GetReward(tx, call.principal, req->reward_id()));
    ToProto(reward, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListRewards(Ctx* ctx, const pb::ListRewardsRequest* req,
                                             pb::ListRewardsResponse* resp) {
  return Query(ctx, "ListRewards", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(
        auto rewards,
        domains_.store.ListRewards(tx, call.principal, req->region_id(), req->active_only(), page));
    FillPage(rewards, resp, [](auto* out, const auto& item) { ToProto(item, out->add_rewards()); });
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::Redeem(Ctx* ctx, const pb::RedeemRequest* req, pb::Order* resp) {
  // One round trip: the whole redemption, its request id included, is one server-side call.
  return MutateInOneStatement(
      ctx, "Redeem", req, resp,
      [=, this](const CallContext& call, Tx& tx, const RequestKey& key) -> absl::Status {
        TX_ASSIGN_OR_RETURN(auto answered,
                            domains_.store.Redeem(tx, call.principal, key, req->volunteer_id(),
                                                  req->reward_id(), req->quantity()));
        return FillAnswer(answered, resp,
                          [&](const Order& order) { ToProto(order, call.principal, resp); });
      });
}

PointsGrpc::Reactor* PointsGrpc::CollectOrder(Ctx* ctx, const pb::CollectOrderRequest* req,
                                              pb::Order* resp) {
  return Mutate(ctx, "CollectOrder", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto order, domains_.store.Collect(tx, call.principal, req->order_id(),
                                                           req->pickup_code()));
    ToProto(order, call.principal, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::CancelOrder(Ctx* ctx, const pb::CancelOrderRequest* req,
                                             pb::Order* resp) {
  return Mutate(ctx, "CancelOrder", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto order,
                        domains_.store.Cancel(tx, call.principal, req->order_id(), req->reason()));
    ToProto(order, call.principal, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListOrders(Ctx* ctx, const pb::ListOrdersRequest* req,
                                            pb::ListOrdersResponse* resp) {
  return Query(ctx, "ListOrders", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto status, OrderStatusFilter(req->status()));
    TX_ASSIGN_OR_RETURN(auto orders,
                        domains_.store.ListOrders(tx, call.principal, req->volunteer_id(),
                                                  req->region_id(), status, page));
    FillPage(orders, resp, [&call](auto* out, const auto& item) {
      ToProto(item, call.principal, out->add_orders());
    });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::points
