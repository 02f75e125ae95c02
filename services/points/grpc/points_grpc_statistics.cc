// The statistics RPC: the grid system's month of points for a community or street.
#include "services/common/status.h"
#include "services/points/grpc/mapping.h"
#include "services/points/grpc/points_grpc.h"

namespace tongxin::points {

PointsGrpc::Reactor* PointsGrpc::GetPointsStatistics(Ctx* ctx,
                                                     const pb::GetPointsStatisticsRequest* req,
                                                     pb::PointsStatistics* resp) {
  return Query(
      ctx, "GetPointsStatistics",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(
            auto statistics,
            domains_.statistics.GetStatistics(tx, call.principal, req->region_id(), req->month()));
        ToProto(statistics, resp);
        return absl::OkStatus();
      },
      // One snapshot: what was earned and what was redeemed are counted as of the same instant.
      Isolation::kRepeatableRead);
}

}  // namespace tongxin::points
