#include "services/notifications/notifications_service.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "services/notifications/domain/webhook_signature.h"
#include "services/notifications/grpc/webhook_mapping.h"

namespace tongxin::notifications {

std::unique_ptr<NotificationsService> NotificationsService::Create(Db& db, const Clock& clock,
                                                                   const NotificationsDeps& deps,
                                                                   NotificationsOptions options,
                                                                   WebhookServiceOptions webhooks) {
  // A composition error (main() reads a long enough key): secrets of a short key are forgeable.
  if (absl::Status key = CheckWebhookKey(webhooks.domain.webhook_key); !key.ok()) {
    spdlog::critical("notifications service: {}", std::string(key.message()));
    std::abort();
  }
  return std::unique_ptr<NotificationsService>(
      new NotificationsService(db, clock, deps, options, std::move(webhooks)));
}

NotificationsService::NotificationsService(Db& db, const Clock& clock,
                                           const NotificationsDeps& deps,
                                           NotificationsOptions options,
                                           WebhookServiceOptions webhooks)
    : db_(db),
      events_(db),
      broadcast_repository_(db),
      feed_(events_, clock, options),
      inbox_(events_, clock),
      webhook_repository_(db),
      webhook_worker_repository_(webhooks.worker_db != nullptr ? *webhooks.worker_db : db),
      webhooks_(webhook_repository_, clock, webhooks.domain),
      webhook_sender_([&] {
        webhooks.sender.allow_internal = webhooks.domain.allow_http_webhooks;
        return webhooks.sender;
      }()),
      webhook_worker_(webhooks.worker_db != nullptr ? *webhooks.worker_db : db,
                      webhook_worker_repository_, webhook_sender_, webhooks.domain.webhook_key,
                      CloudEventJson, webhooks.worker, clock),
      broadcasts_domain_(broadcast_repository_, events_, clock),
      fanout_(db, broadcasts_domain_, deps.audience, options.fanout),
      grpc_(feed_, inbox_, webhooks_, broadcasts_domain_, db, deps.runner),
      retention_(
          "notifications retention", kRetentionInterval, clock,
          [this](std::chrono::system_clock::time_point) { return PurgeExpired(); },
          kRetentionBatch),
      // A page delivered goes again at once: more pages (or broadcasts) may be waiting.
      fanout_job_(
          "broadcast fan-out", options.fanout.interval, clock,
          [this](std::chrono::system_clock::time_point) { return fanout_.RunOnce(); }, 1) {}

absl::StatusOr<int> NotificationsService::PurgeExpired() {
  int purged = 0;
  absl::Status status = db_.Transact({}, [&](Tx& tx) -> absl::Status {
    auto result = feed_.PurgeExpired(tx, kRetentionBatch);
    if (!result.ok()) return result.status();
    purged = *result;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (purged > 0) spdlog::info("purged {} messages and events past their retention", purged);
  return purged;
}

}  // namespace tongxin::notifications
