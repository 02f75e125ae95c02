// The posts service as tests build it, beside its real neighbours (Neighbours): volunteers are
// found through the real volunteer service, as in production.
#pragma once

#include <memory>
#include <string>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/posts/grpc/posts_grpc.h"
#include "tests/support/service_stacks.h"

namespace tongxin::testing {

struct PostsStack {
  PostsStack(const Clock& clock, const std::string& name, Neighbours& neighbours)
      : database(name, "posts"),
        db(database.Open(8)),
        posts(*db),
        units(*db),
        adoptions(*db),
        domain(posts, units, adoptions, clock),
        directory(neighbours.volunteer().server.channel(),
                  [&neighbours] { return neighbours.SystemToken(); }),
        server(clock),
        service(domain, directory, *db, server.runner()) {
    server.Start(&service);
  }
  TestDatabase database;
  std::unique_ptr<Db> db;
  posts::PostRepository posts;
  posts::UnitRepository units;
  posts::AdoptionRepository adoptions;
  posts::PostsDomain domain;
  clients::GrpcVolunteerDirectory directory;
  TestServer server;
  posts::PostsGrpc service;
};

}  // namespace tongxin::testing
