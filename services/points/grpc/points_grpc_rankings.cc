// The rankings' RPCs: leaderboards and tiers.
#include "services/common/status.h"
#include "services/points/grpc/mapping.h"
#include "services/points/grpc/points_grpc.h"

namespace tongxin::points {

PointsGrpc::Reactor* PointsGrpc::GetLeaderboard(Ctx* ctx, const pb::GetLeaderboardRequest* req,
                                                pb::Leaderboard* resp) {
  return Query(ctx, "GetLeaderboard", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto kind, PeriodKindFromProto(req->period_kind(), "period_kind"));
    std::string period = req->period();
    TX_ASSIGN_OR_RETURN(auto entries, domains_.rankings.Leaderboard(
                                          tx, call.principal, req->region_id(), kind, &period,
                                          req->party_members_only(), req->limit()));
    resp->set_region_id(req->region_id());
    resp->set_period_kind(req->period_kind());
    resp->set_period(period);
    for (const auto& e : entries) ToProto(e, resp->add_entries());
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetTiers(Ctx* ctx, const pb::GetTiersRequest*, pb::Tiers* resp) {
  return Query(ctx, "GetTiers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto tiers, domains_.rankings.GetTiers(tx, call.principal));
    for (const auto& t : tiers) ToProto(t, resp->add_tiers());
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::UpdateTiers(Ctx* ctx, const pb::UpdateTiersRequest* req,
                                             pb::Tiers* resp) {
  return Mutate(ctx, "UpdateTiers", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto saved,
                        domains_.rankings.UpdateTiers(tx, call.principal, FromProto(req->tiers())));
    for (const auto& t : saved) ToProto(t, resp->add_tiers());
    return absl::OkStatus();
  });
}

}  // namespace tongxin::points
