// The points gRPC layer's construction; the method bodies are in points_grpc_<area>.cc.
#include "services/points/grpc/points_grpc.h"

namespace tongxin::points {

PointsGrpc::PointsGrpc(const PointsDomains& domains, Db& db, const RpcRunner& runner)
    : RpcHandlers(db, runner, nullptr), domains_(domains) {}

}  // namespace tongxin::points
