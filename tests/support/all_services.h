// All four services, each built the way its main() builds it on its own real database and served
// on a loopback port: what the gateway's tests compose. The posts and wishes services find
// volunteers through the real volunteer service, as in production.
#pragma once

#include <memory>
#include <string>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/posts/grpc/posts_grpc.h"
#include "services/wishes/grpc/wishes_grpc.h"
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

struct WishesStack {
  WishesStack(const Clock& clock, const std::string& name, Neighbours& neighbours)
      : database(name, "wishes"),
        db(database.Open(8)),
        cipher(*PersonalDataCipher::FromHex(std::string(64, 'd'))),
        wishes(*db),
        domain(wishes, cipher, clock),
        directory(neighbours.volunteer().server.channel(),
                  [&neighbours] { return neighbours.SystemToken(); }),
        server(clock),
        service(domain, directory, *db, server.runner(), cipher) {
    server.Start(&service);
  }
  TestDatabase database;
  std::unique_ptr<Db> db;
  PersonalDataCipher cipher;
  wishes::WishRepository wishes;
  wishes::WishesDomain domain;
  clients::GrpcVolunteerDirectory directory;
  TestServer server;
  wishes::WishesGrpc service;
};

}  // namespace tongxin::testing
