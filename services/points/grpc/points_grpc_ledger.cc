// The ledger's RPCs: awards, adjustments, reversals, balances, statements, the consistency check,
// earning rules and expiry.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/points/grpc/mapping.h"
#include "services/points/grpc/points_grpc.h"

namespace tongxin::points {

PointsGrpc::Reactor* PointsGrpc::Award(Ctx* ctx, const pb::AwardRequest* req,
                                       pb::AwardResponse* resp) {
  // One round trip: the whole award, its request id included, is one server-side call.
  return MutateInOneStatement(
      ctx, "Award", req, resp,
      [=, this](const CallContext& call, Tx& tx, const RequestKey& key) -> absl::Status {
        TX_ASSIGN_OR_RETURN(AwardInput in, FromProto(*req));
        TX_ASSIGN_OR_RETURN(auto answered, domains_.ledger.Award(tx, call.principal, key, in));
        return FillAnswer(answered, resp, [&](const AwardResult& result) {
          resp->set_points(result.points);
          resp->set_capped(result.capped);
          if (result.transfer) ToProto(*result.transfer, "", resp->mutable_transfer());
        });
      });
}

PointsGrpc::Reactor* PointsGrpc::Adjust(Ctx* ctx, const pb::AdjustRequest* req,
                                        pb::Transfer* resp) {
  return Mutate(ctx, "Adjust", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto transfer,
                        domains_.ledger.Adjust(tx, call.principal, req->volunteer_id(),
                                               req->community_id(), req->amount(), req->reason()));
    ToProto(transfer, VolunteerAccount(req->volunteer_id()), resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ReverseTransfer(Ctx* ctx, const pb::ReverseTransferRequest* req,
                                                 pb::Transfer* resp) {
  return Mutate(ctx, "ReverseTransfer", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto transfer, domains_.ledger.Reverse(tx, call.principal,
                                                               req->transfer_id(), req->reason()));
    ToProto(transfer, "", resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetBalance(Ctx* ctx, const pb::GetBalanceRequest* req,
                                            pb::Balance* resp) {
  return Query(ctx, "GetBalance", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto view,
                        domains_.ledger.GetBalance(tx, call.principal, req->volunteer_id()));
    ToProto(view, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListTransfers(Ctx* ctx, const pb::ListTransfersRequest* req,
                                               pb::ListTransfersResponse* resp) {
  return Query(ctx, "ListTransfers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto transfers, domains_.ledger.ListTransfers(tx, call.principal,
                                                                      req->volunteer_id(), page));
    const std::string viewer = VolunteerAccount(req->volunteer_id());
    FillPage(transfers, resp, [&viewer](auto* out, const auto& item) {
      ToProto(item, viewer, out->add_transfers());
    });
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::CheckConsistency(Ctx* ctx, const pb::CheckConsistencyRequest* req,
                                                  pb::ConsistencyReport* resp) {
  return Query(
      ctx, "CheckConsistency",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto report,
                            domains_.ledger.CheckConsistency(tx, call.principal, req->region_id()));
        ToProto(report, resp);
        return absl::OkStatus();
      },
      // One snapshot: balances and transfers are compared as of the same instant.
      Isolation::kRepeatableRead);
}

PointsGrpc::Reactor* PointsGrpc::GetEarningRules(Ctx* ctx, const pb::GetEarningRulesRequest* req,
                                                 pb::EarningRules* resp) {
  return Query(ctx, "GetEarningRules", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto rules, domains_.ledger.GetRules(tx, call.principal, req->region_id()));
    ToProto(rules, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::UpdateEarningRules(Ctx* ctx,
                                                    const pb::UpdateEarningRulesRequest* req,
                                                    pb::EarningRules* resp) {
  return Mutate(ctx, "UpdateEarningRules", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto saved,
        domains_.ledger.UpdateRules(tx, call.principal, FromProto(req->rules()), req->reason()));
    ToProto(saved, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::RunExpiry(Ctx* ctx, const pb::RunExpiryRequest* req,
                                           pb::RunExpiryResponse* resp) {
  return Mutate(ctx, "RunExpiry", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto result, domains_.ledger.RunExpiry(tx, call.principal, req->year()));
    resp->set_volunteers_expired(result.volunteers);
    resp->set_points_expired(result.points);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::points
