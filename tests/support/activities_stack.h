// The activities service as tests build it — through ActivitiesService::Create, as main() does —
// beside its real neighbours (Neighbours): volunteers are found through the real volunteer
// service, as in production. Outbox events are relayed by the test (Neighbours::Relay), not in
// the background. The check-in key is the tests' (published, so refused outside development).
#pragma once

#include <memory>
#include <string>

#include "services/activities/activities_service.h"
#include "services/clients/grpc_volunteer_directory.h"
#include "tests/support/service_stacks.h"

namespace tongxin::testing {

inline constexpr char kTestCheckinKey[] = "tongxin-test-checkin-key-0123456789abcdef";

struct ActivitiesStack {
  ActivitiesStack(const Clock& clock, const std::string& name, Neighbours& neighbours)
      : database(name, "activities"),
        db(database.Open(16)),
        directory(neighbours.volunteer().server.channel(),
                  [&neighbours] { return neighbours.SystemToken(); }),
        server(clock),
        service(activities::ActivitiesService::Create(
            *db, clock, {server.runner(), directory},
            activities::ActivitiesOptions{8, kTestCheckinKey})) {
    server.Start(service->service(), service->outbox_admin());
  }
  // The server stops before the service it calls goes: no call outlives its domain.
  ~ActivitiesStack() { server.Stop(); }
  TestDatabase database;
  std::unique_ptr<Db> db;
  clients::GrpcVolunteerDirectory directory;
  TestServer server;
  std::unique_ptr<activities::ActivitiesService> service;
};

}  // namespace tongxin::testing
