// The webhooks' delivery worker: claims the deliveries due (FOR UPDATE SKIP LOCKED, then hidden
// from other workers by a lease longer than a POST, as the outbox relay does), POSTs each signed
// through the WebhookSender with no transaction open, then marks each in one short transaction:
// 2xx is delivered; anything else is retried after an exponential back-off with jitter, until
// max_attempts make it a dead letter (ReplayWebhookDeliveries brings it back). Any number of
// replicas can run one each. A worker killed mid-delivery leaves its deliveries to come due when
// the lease ends; the receiver may then get one twice, and tells by Tongxin-Event-Id.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/metrics.h"
#include "services/common/periodic_job.h"
#include "services/notifications/domain/webhook_model.h"
#include "services/notifications/repository/webhook_repository.h"
#include "services/notifications/webhook_sender.h"

namespace tongxin::notifications {

struct WebhookWorkerOptions {
  int batch_size = 32;
  std::chrono::milliseconds poll_interval{1000};
  // Longer than a delivery (the sender's total_timeout) and its marking; raised to that.
  std::chrono::milliseconds lease{60000};
  // Attempt n+1 comes min_backoff·2^(n-1) (at most max_backoff) after attempt n, less a random
  // part of up to half: with 12 attempts about 1.7 to 3.4 hours of a receiver being away.
  std::chrono::milliseconds min_backoff{10000};
  std::chrono::milliseconds max_backoff{3600000};
  int max_attempts = 12;
  // Where deliveries are counted (tongxin_webhook_deliveries_total{outcome}), the job's runs, and
  // (read at each scrape) tongxin_webhook_dead_letters, tongxin_webhook_pending and
  // tongxin_webhook_oldest_pending_seconds.
  MetricsRegistry* metrics = nullptr;
};

// The body of a delivery: the event as CloudEvents JSON (the grpc layer's mapping).
using WebhookBodyRenderer = std::function<absl::StatusOr<std::string>(const Event&)>;

class WebhookWorker {
 public:
  WebhookWorker(Db& db, WebhookRepository& webhooks, WebhookSender& sender, std::string webhook_key,
                WebhookBodyRenderer render, WebhookWorkerOptions options, const Clock& clock);
  ~WebhookWorker();
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  // One batch now, on the caller's thread (tests drive it with a FakeClock): how many deliveries
  // were delivered.
  absl::StatusOr<int> RunOnce() { return job_.RunOnce(); }
  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }
  void Notify() { job_.Notify(); }

 private:
  absl::StatusOr<int> Tick(WebhookTime now);
  std::vector<absl::Status> Send(const std::vector<ClaimedDelivery>& deliveries, WebhookTime now);
  void Count(const char* outcome, int n);
  void ReadBacklog(MetricsRegistry& metrics);

  Db& db_;
  WebhookRepository& webhooks_;
  WebhookSender& sender_;
  const std::string webhook_key_;
  WebhookBodyRenderer render_;
  WebhookWorkerOptions options_;
  const Clock& clock_;
  int backlog_collector_ = -1;
  PeriodicJob job_;  // last: its thread stops (destructor) before the members above go
};

}  // namespace tongxin::notifications
