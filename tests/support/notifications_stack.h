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

// Every test's notifications service has this webhook key (Create refuses one shorter than 32
// bytes); it is the development key, which main() refuses outside a development run.
inline constexpr char kTestWebhookKey[] = "tongxin-test-webhook-key-0123456789abcdef";

inline notifications::WebhookServiceOptions TestWebhookOptions() {
  notifications::WebhookServiceOptions options;
  options.domain.webhook_key = kTestWebhookKey;
  return options;
}

struct NotificationsStack {
  // `audience`: where broadcasts' recipients come from (null: broadcasts are not fanned out).
  NotificationsStack(const Clock& clock, const std::string& name,
                     notifications::NotificationsOptions options = {},
                     const clients::VolunteerAudience* audience = nullptr)
      : database(name, "notifications"),
        db(database.Open(16)),
        server(clock),
        service(notifications::NotificationsService::Create(*db, clock, {server.runner(), audience},
                                                            options, TestWebhookOptions())) {
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
