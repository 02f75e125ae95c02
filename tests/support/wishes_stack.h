// The wishes service as tests build it — through WishesService::Create, as main() does — beside
// its real neighbours (Neighbours): volunteers are found through the real volunteer service, as
// in production. Its claim timer is not started: tests call service->claim_timer().RunOnce()
// after moving the clock; outbox events are relayed by the test (Neighbours::Relay).
#pragma once

#include <memory>
#include <string>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/wishes/wishes_service.h"
#include "tests/support/service_stacks.h"

namespace tongxin::testing {

struct WishesStack {
  WishesStack(const Clock& clock, const std::string& name, Neighbours& neighbours)
      : database(name, "wishes"),
        db(database.Open(8)),
        cipher(*PersonalDataCipher::FromHex(std::string(64, 'd'))),
        directory(neighbours.volunteer().server.channel(),
                  [&neighbours] { return neighbours.SystemToken(); }),
        server(clock),
        service(wishes::WishesService::Create(*db, clock, {server.runner(), cipher, directory})) {
    server.Start(service->service(), service->outbox_admin());
  }
  // The server stops before the service it calls goes: no call outlives its domain.
  ~WishesStack() { server.Stop(); }
  TestDatabase database;
  std::unique_ptr<Db> db;
  PersonalDataCipher cipher;
  clients::GrpcVolunteerDirectory directory;
  TestServer server;
  std::unique_ptr<wishes::WishesService> service;
};

}  // namespace tongxin::testing
