// The activities service's composition root: the one place its repositories, events, domain and
// gRPC layer are built and owned. main.cc and every test stack build the service only through
// ActivitiesService::Create.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "services/activities/domain/activities_domain.h"
#include "services/activities/events.h"
#include "services/activities/grpc/activities_grpc.h"
#include "services/activities/repository/activity_repository.h"
#include "services/activities/repository/participation_repository.h"
#include "services/clients/volunteer_directory.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/outbox_admin.h"
#include "services/common/server.h"

namespace tongxin::activities {

// What comes from outside the database; each must outlive the service.
struct ActivitiesDeps {
  const RpcRunner& runner;
  // Who a volunteer signing up is (the volunteer service, asked outside the transaction).
  const clients::VolunteerDirectory& volunteers;
};

class ActivitiesService {
 public:
  static std::unique_ptr<ActivitiesService> Create(Db& db, const Clock& clock,
                                                   const ActivitiesDeps& deps,
                                                   ActivitiesOptions options);
  ActivitiesService(const ActivitiesService&) = delete;
  ActivitiesService& operator=(const ActivitiesService&) = delete;

  // To add to a ServiceHost or TestServer.
  grpc::Service* service() { return &grpc_; }
  // The outbox's dead letters for admins (tongxin.outbox.v1), served beside service().
  grpc::Service* outbox_admin() { return &outbox_admin_; }
  ActivitiesDomain& domain() { return domain_; }

 private:
  ActivitiesService(Db& db, const Clock& clock, const ActivitiesDeps& deps,
                    ActivitiesOptions options);

  ActivityRepository activities_;
  ParticipationRepository participations_;
  OutboxActivityEvents events_;
  ActivitiesDomain domain_;
  ActivitiesGrpc grpc_;
  OutboxAdminGrpc outbox_admin_;
};

}  // namespace tongxin::activities
