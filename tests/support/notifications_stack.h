// The notifications service as tests build it — through NotificationsService::Create, as main()
// does — on its own real database, served on a loopback port. The retention purge is not
// started: tests call service->retention().RunOnce() with the FakeClock they gave.
#pragma once

#include <memory>
#include <string>

#include "services/notifications/notifications_service.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

struct NotificationsStack {
  NotificationsStack(const Clock& clock, const std::string& name,
                     notifications::NotificationsOptions options = {})
      : database(name, "notifications"),
        db(database.Open(16)),
        server(clock),
        service(
            notifications::NotificationsService::Create(*db, clock, {server.runner()}, options)) {
    server.Start(service->service());
  }
  // The server stops before the service goes: no call outlives its domain.
  ~NotificationsStack() { server.Stop(); }
  TestDatabase database;
  std::unique_ptr<Db> db;
  TestServer server;
  std::unique_ptr<notifications::NotificationsService> service;
};

}  // namespace tongxin::testing
