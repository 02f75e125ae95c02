// The wishes service as tests build it, beside its real neighbours (Neighbours): volunteers are
// found through the real volunteer service, as in production.
#pragma once

#include <memory>
#include <string>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/wishes/grpc/wishes_grpc.h"
#include "tests/support/service_stacks.h"

namespace tongxin::testing {

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
