// The notifications service's composition root: the one place its repositories, domain and
// gRPC layer are built and owned. main.cc and every test stack build the service only through
// NotificationsService::Create. (H3's webhooks and H4's broadcasts add their members here.)
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/periodic_job.h"
#include "services/common/server.h"
#include "services/notifications/domain/feed_domain.h"
#include "services/notifications/domain/inbox_domain.h"
#include "services/notifications/grpc/notifications_grpc.h"
#include "services/notifications/repository/event_repository.h"

namespace tongxin::notifications {

// What comes from outside the database; each must outlive the service.
struct NotificationsDeps {
  const RpcRunner& runner;
};

class NotificationsService {
 public:
  // How often the retention purge looks for messages and events past their time, and how many
  // of each one run deletes (a full batch goes again at once).
  static constexpr std::chrono::hours kRetentionInterval{1};
  static constexpr int kRetentionBatch = 1000;

  static std::unique_ptr<NotificationsService> Create(Db& db, const Clock& clock,
                                                      const NotificationsDeps& deps,
                                                      NotificationsOptions options = {});
  NotificationsService(const NotificationsService&) = delete;
  NotificationsService& operator=(const NotificationsService&) = delete;

  // To add to a ServiceHost or TestServer.
  grpc::Service* service() { return &grpc_; }
  FeedDomain& feed() { return feed_; }
  InboxDomain& inbox() { return inbox_; }
  // For other repositories' transactions (a broadcast's fan-out): storing events and messages.
  EventRepository& events() { return events_; }
  // Deletes messages and events older than the retention. main() starts and stops it; tests
  // call RunOnce with a FakeClock.
  PeriodicJob& retention() { return retention_; }

 private:
  NotificationsService(Db& db, const Clock& clock, const NotificationsDeps& deps,
                       NotificationsOptions options);
  absl::StatusOr<int> PurgeExpired();

  Db& db_;
  EventRepository events_;
  FeedDomain feed_;
  InboxDomain inbox_;
  NotificationsGrpc grpc_;
  PeriodicJob retention_;  // last: its thread stops before the members above go
};

}  // namespace tongxin::notifications
