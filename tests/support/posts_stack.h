// The posts service as tests build it — through PostsService::Create, as main() does — beside
// its real neighbours (Neighbours): volunteers are found through the real volunteer service, as
// in production. Outbox events are relayed by the test (Neighbours::Relay), not in the
// background.
#pragma once

#include <memory>
#include <string>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/posts/posts_service.h"
#include "tests/support/service_stacks.h"

namespace tongxin::testing {

struct PostsStack {
  PostsStack(const Clock& clock, const std::string& name, Neighbours& neighbours)
      : database(name, "posts"),
        db(database.Open(8)),
        directory(neighbours.volunteer().server.channel(),
                  [&neighbours] { return neighbours.SystemToken(); }),
        server(clock),
        service(posts::PostsService::Create(*db, clock, {server.runner(), directory})) {
    server.Start(service->service(), service->outbox_admin());
  }
  // The server stops before the service it calls goes: no call outlives its domain.
  ~PostsStack() { server.Stop(); }
  TestDatabase database;
  std::unique_ptr<Db> db;
  clients::GrpcVolunteerDirectory directory;
  TestServer server;
  std::unique_ptr<posts::PostsService> service;
};

}  // namespace tongxin::testing
