// The notifications service's composition root: the one place its repositories, domain and
// gRPC layer are built and owned. main.cc and every test stack build the service only through
// NotificationsService::Create. (H3's webhooks and H4's broadcasts add their members here.)
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "services/clients/volunteer_audience.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/periodic_job.h"
#include "services/common/server.h"
#include "services/notifications/broadcast_fanout.h"
#include "services/notifications/domain/broadcasts_domain.h"
#include "services/notifications/domain/feed_domain.h"
#include "services/notifications/domain/inbox_domain.h"
#include "services/notifications/domain/webhooks_domain.h"
#include "services/notifications/grpc/notifications_grpc.h"
#include "services/notifications/repository/broadcast_repository.h"
#include "services/notifications/repository/event_repository.h"
#include "services/notifications/repository/webhook_repository.h"
#include "services/notifications/webhook_sender.h"
#include "services/notifications/webhook_worker.h"

namespace tongxin::notifications {

// What comes from outside the database; each must outlive the service.
struct NotificationsDeps {
  const RpcRunner& runner;
  // A broadcast's recipients (the volunteer service's ListAudience); null in stacks that send
  // no broadcasts.
  const clients::VolunteerAudience* audience = nullptr;
};

// The webhooks' settings (main.cc reads webhook_key_file, allow_http_webhooks and
// webhook_max_attempts). The sender reaches loopback and private hosts exactly when the domain
// accepts them (allow_http_webhooks).
struct WebhookServiceOptions {
  WebhookOptions domain;
  WebhookSenderOptions sender;
  WebhookWorkerOptions worker;
  // A pool of the worker's own (main: one connection), so that it never takes a connection a
  // caller's worker waits for, as the outbox relay's; null: the service's pool (tests).
  Db* worker_db = nullptr;
};

class NotificationsService {
 public:
  // How often the retention purge looks for messages and events past their time, and how many
  // of each one run deletes (a full batch goes again at once).
  static constexpr std::chrono::hours kRetentionInterval{1};
  static constexpr int kRetentionBatch = 1000;

  // Aborts when webhooks.domain.webhook_key is shorter than kMinWebhookKeyBytes (a composition
  // error: main() reads a long enough one; tests give testing::TestWebhookOptions()).
  static std::unique_ptr<NotificationsService> Create(Db& db, const Clock& clock,
                                                      const NotificationsDeps& deps,
                                                      NotificationsOptions options = {},
                                                      WebhookServiceOptions webhooks = {});
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
  WebhooksDomain& webhooks() { return webhooks_; }
  // Sends the webhooks' deliveries. main() starts and stops it; tests call RunOnce.
  WebhookWorker& webhook_worker() { return webhook_worker_; }
  BroadcastsDomain& broadcasts() { return broadcasts_domain_; }
  // One page of a broadcast's fan-out per run (tests call RunOnce); fanout_job() runs it in the
  // background, main() starts and stops it.
  BroadcastFanOut& fanout() { return fanout_; }
  PeriodicJob& fanout_job() { return fanout_job_; }

 private:
  NotificationsService(Db& db, const Clock& clock, const NotificationsDeps& deps,
                       NotificationsOptions options, WebhookServiceOptions webhooks);
  absl::StatusOr<int> PurgeExpired();

  Db& db_;
  EventRepository events_;
  BroadcastRepository broadcast_repository_;
  FeedDomain feed_;
  InboxDomain inbox_;
  WebhookRepository webhook_repository_;
  WebhookRepository webhook_worker_repository_;  // on the worker's pool
  WebhooksDomain webhooks_;
  WebhookSender webhook_sender_;
  WebhookWorker webhook_worker_;  // before the sender goes: its thread stops first
  BroadcastsDomain broadcasts_domain_;
  BroadcastFanOut fanout_;
  NotificationsGrpc grpc_;
  PeriodicJob retention_;  // last: their threads stop before the members above go
  PeriodicJob fanout_job_;
};

}  // namespace tongxin::notifications
