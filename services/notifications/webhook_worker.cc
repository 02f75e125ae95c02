#include "services/notifications/webhook_worker.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "services/common/status.h"
#include "services/notifications/domain/webhook_signature.h"
#include "services/notifications/domain/webhooks_domain.h"

namespace tongxin::notifications {
namespace {

constexpr char kDeliveriesMetric[] = "tongxin_webhook_deliveries_total";
constexpr char kDeadLettersMetric[] = "tongxin_webhook_dead_letters";
constexpr char kPendingMetric[] = "tongxin_webhook_pending";
constexpr char kOldestMetric[] = "tongxin_webhook_oldest_pending_seconds";

}  // namespace

WebhookWorker::WebhookWorker(Db& db, WebhookRepository& webhooks, WebhookSender& sender,
                             std::string webhook_key, WebhookBodyRenderer render,
                             WebhookWorkerOptions options, const Clock& clock)
    : db_(db),
      webhooks_(webhooks),
      sender_(sender),
      webhook_key_(std::move(webhook_key)),
      render_(std::move(render)),
      options_(options),
      clock_(clock),
      job_(
          "webhook deliveries", options.poll_interval, clock,
          [this](std::chrono::system_clock::time_point now) { return Tick(now); },
          options.batch_size) {
  const auto least_lease = std::chrono::duration_cast<std::chrono::milliseconds>(
      sender_.options().total_timeout + std::chrono::seconds(10));
  if (options_.lease < least_lease) options_.lease = least_lease;
  if (options_.metrics != nullptr) {
    options_.metrics->DeclareCounter(
        kDeliveriesMetric, "Webhook delivery attempts by outcome: delivered, failed, dead.");
    for (const char* outcome : {"delivered", "failed", "dead"}) {
      options_.metrics->Increment(kDeliveriesMetric, {{"outcome", outcome}}, 0);
    }
    options_.metrics->DeclareGauge(kDeadLettersMetric,
                                   "Webhook deliveries that are dead letters now.");
    options_.metrics->DeclareGauge(kPendingMetric, "Webhook deliveries waiting to be sent.");
    options_.metrics->DeclareGauge(kOldestMetric,
                                   "Age of the oldest webhook delivery waiting, in seconds.");
    for (const char* gauge : {kDeadLettersMetric, kPendingMetric, kOldestMetric}) {
      options_.metrics->Set(gauge, {}, 0);
    }
    job_.CountRunsIn(*options_.metrics);
    backlog_collector_ =
        options_.metrics->AddCollector([this](MetricsRegistry& metrics) { ReadBacklog(metrics); });
  }
}

WebhookWorker::~WebhookWorker() {
  // The job first (its thread uses everything), then the collector (it uses the pool).
  job_.Stop();
  if (options_.metrics != nullptr) options_.metrics->RemoveCollector(backlog_collector_);
}

void WebhookWorker::ReadBacklog(MetricsRegistry& metrics) {
  absl::Status read = db_.Read({}, [&](Tx& tx) -> absl::Status {
    TX_ASSIGN_OR_RETURN(DeliveryBacklog backlog, webhooks_.Backlog(tx, clock_.Now()));
    metrics.Set(kDeadLettersMetric, {}, backlog.dead_letters);
    metrics.Set(kPendingMetric, {}, backlog.pending);
    metrics.Set(kOldestMetric, {}, backlog.oldest_pending_seconds);
    return absl::OkStatus();
  });
  // The last values stay; the scrape goes on.
  if (!read.ok()) spdlog::warn("webhook backlog not read: {}", read.ToString());
}

void WebhookWorker::Count(const char* outcome, int n) {
  if (options_.metrics != nullptr && n > 0) {
    options_.metrics->Increment(kDeliveriesMetric, {{"outcome", outcome}}, n);
  }
}

absl::StatusOr<int> WebhookWorker::Tick(WebhookTime now) {
  std::vector<ClaimedDelivery> claimed;
  int exhausted = 0;
  TX_RETURN_IF_ERROR(db_.Transact({}, [&](Tx& tx) -> absl::Status {
    TX_ASSIGN_OR_RETURN(exhausted, webhooks_.ExpireExhausted(tx, now, options_.max_attempts));
    TX_ASSIGN_OR_RETURN(claimed, webhooks_.Claim(tx, now, options_.lease, options_.batch_size,
                                                 options_.max_attempts));
    return absl::OkStatus();
  }));
  Count("dead", exhausted);
  if (claimed.empty()) return 0;
  const std::vector<absl::Status> answers = Send(claimed, now);
  int delivered = 0, failed = 0, dead = 0;
  const WebhookTime marked_at = clock_.Now();
  TX_RETURN_IF_ERROR(db_.Transact({}, [&](Tx& tx) -> absl::Status {
    delivered = failed = dead = 0;
    for (size_t i = 0; i < claimed.size(); ++i) {
      const ClaimedDelivery& delivery = claimed[i];
      if (answers[i].ok()) {
        TX_RETURN_IF_ERROR(webhooks_.MarkDelivered(tx, delivery.delivery_id));
        ++delivered;
        continue;
      }
      const auto backoff =
          WebhookBackoff(delivery.attempts, options_.min_backoff, options_.max_backoff);
      const std::string error(answers[i].message());
      TX_ASSIGN_OR_RETURN(
          std::optional<bool> now_dead,
          webhooks_.MarkFailed(tx, delivery, error, marked_at + backoff, options_.max_attempts));
      if (now_dead.value_or(false)) {
        ++dead;
        spdlog::error("webhook={} delivery={} event={} attempt={} failed: {}; dead letter",
                      delivery.webhook_id, delivery.delivery_id, delivery.event.event_id,
                      delivery.attempts, error);
      } else {
        ++failed;
        spdlog::warn("webhook={} delivery={} attempt={} failed: {}; retry in {} ms",
                     delivery.webhook_id, delivery.delivery_id, delivery.attempts, error,
                     backoff.count());
      }
    }
    return absl::OkStatus();
  }));
  Count("delivered", delivered);
  Count("failed", failed);
  Count("dead", dead);
  return delivered;
}

std::vector<absl::Status> WebhookWorker::Send(const std::vector<ClaimedDelivery>& deliveries,
                                              WebhookTime now) {
  // Shared with the sender's callbacks: an answer that comes after the wait gave up finds it.
  struct Answers {
    std::mutex mu;
    std::condition_variable all_in;
    std::vector<std::optional<absl::Status>> statuses;
    size_t pending = 0;
  };
  auto answers = std::make_shared<Answers>();
  answers->statuses.resize(deliveries.size());
  answers->pending = deliveries.size();
  for (size_t i = 0; i < deliveries.size(); ++i) {
    const ClaimedDelivery& delivery = deliveries[i];
    auto done = [answers, i](absl::Status status) {
      std::lock_guard lock(answers->mu);
      answers->statuses[i] = std::move(status);
      if (--answers->pending == 0) answers->all_in.notify_all();
    };
    absl::StatusOr<std::string> body = render_(delivery.event);
    if (!body.ok()) {
      done(body.status());
      continue;
    }
    WebhookPost post;
    post.url = delivery.url;
    post.headers = {
        {"Content-Type", kCloudEventsJson},
        {kEventIdHeader, delivery.event.event_id},
        {kSignatureHeader,
         SignatureHeaderValue(WebhookSecret(webhook_key_, delivery.webhook_id), *body, now)}};
    post.body = *std::move(body);
    sender_.Post(std::move(post), std::move(done));
  }
  // The sender answers every delivery within its total timeout; the margin only guards against
  // one that never does, whose deliveries then count as failed.
  std::unique_lock lock(answers->mu);
  answers->all_in.wait_for(lock, sender_.options().total_timeout + std::chrono::seconds(5),
                           [&] { return answers->pending == 0; });
  std::vector<absl::Status> result;
  for (const auto& status : answers->statuses) {
    result.push_back(status.value_or(absl::DeadlineExceededError("no answer in time")));
  }
  return result;
}

}  // namespace tongxin::notifications
