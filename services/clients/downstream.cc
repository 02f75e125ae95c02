#include "services/clients/downstream.h"

#include "services/common/status.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::clients {

DownstreamTargets LoadDownstreamTargets(const Config& config) {
  return DownstreamTargets{config.String("volunteer_target", "127.0.0.1:50051"),
                           config.String("points_target", "127.0.0.1:50054"),
                           config.String("notifications_target", "127.0.0.1:50056")};
}

absl::StatusOr<std::unique_ptr<Downstream>> Downstream::Open(ServiceRuntime& runtime,
                                                             const DownstreamTargets& targets) {
  auto volunteer = grpc::CreateChannel(targets.volunteer, grpc::InsecureChannelCredentials());
  auto points = grpc::CreateChannel(targets.points, grpc::InsecureChannelCredentials());
  auto notifications =
      grpc::CreateChannel(targets.notifications, grpc::InsecureChannelCredentials());
  TX_ASSIGN_OR_RETURN(auto system_token, runtime.SystemTokens());
  // DestinationOf finds a service's descriptor by name in the generated pool, which holds only the
  // proto files linked in: a service that publishes no event of its own (activities) would not
  // link the notifications messages, and stop here. Naming one links them.
  (void)notifications::v1::PublishEventRequest::descriptor();
  TX_ASSIGN_OR_RETURN(
      OutboxRelay * relay,
      runtime.StartOutboxRelay(
          {{DestinationOf<volunteer::v1::VolunteerService>(), volunteer},
           {DestinationOf<points::v1::PointsService>(), points},
           {DestinationOf<notifications::v1::NotificationsService>(), notifications}}));
  return std::unique_ptr<Downstream>(new Downstream(volunteer, system_token, *relay));
}

}  // namespace tongxin::clients
