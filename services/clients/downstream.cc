#include "services/clients/downstream.h"

#include <google/protobuf/descriptor.h>

#include "services/common/bootstrap.h"
#include "services/common/status.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::clients {
namespace {

// The destination the outbox names a generated service by (EnqueueCall uses the same).
template <typename GrpcService>
std::string DestinationOfService() {
  return DestinationOf(*google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      GrpcService::service_full_name()));
}

}  // namespace

DownstreamTargets LoadDownstreamTargets(const Config& config) {
  return DownstreamTargets{config.String("volunteer_target", "127.0.0.1:50051"),
                           config.String("points_target", "127.0.0.1:50054")};
}

absl::StatusOr<std::unique_ptr<Downstream>> Downstream::Open(const DownstreamTargets& targets,
                                                             const std::string& jwt_secret,
                                                             const std::string& subject,
                                                             const DbOptions& db_options) {
  DbOptions relay_db_options = db_options;
  relay_db_options.pool_size = 1;
  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> relay_db, Db::Open(relay_db_options));
  return std::unique_ptr<Downstream>(
      new Downstream(grpc::CreateChannel(targets.volunteer, grpc::InsecureChannelCredentials()),
                     grpc::CreateChannel(targets.points, grpc::InsecureChannelCredentials()),
                     SystemTokens(jwt_secret, subject), std::move(relay_db)));
}

Downstream::Downstream(std::shared_ptr<grpc::Channel> volunteer,
                       std::shared_ptr<grpc::Channel> points,
                       std::function<std::string()> system_token, std::unique_ptr<Db> relay_db)
    : relay_db_(std::move(relay_db)),
      directory_(volunteer, system_token),
      relay_(*relay_db_, GrpcOutboxDeliverer(
                             {{DestinationOfService<volunteer::v1::VolunteerService>(), volunteer},
                              {DestinationOfService<points::v1::PointsService>(), points}},
                             system_token)) {}

}  // namespace tongxin::clients
