#include "services/notifications/notifications_service.h"

#include <spdlog/spdlog.h>

namespace tongxin::notifications {

std::unique_ptr<NotificationsService> NotificationsService::Create(Db& db, const Clock& clock,
                                                                   const NotificationsDeps& deps,
                                                                   NotificationsOptions options) {
  return std::unique_ptr<NotificationsService>(new NotificationsService(db, clock, deps, options));
}

NotificationsService::NotificationsService(Db& db, const Clock& clock,
                                           const NotificationsDeps& deps,
                                           NotificationsOptions options)
    : db_(db),
      events_(db),
      feed_(events_, clock, options),
      inbox_(events_, clock),
      grpc_(feed_, inbox_, db, deps.runner),
      retention_(
          "notifications retention", kRetentionInterval, clock,
          [this](std::chrono::system_clock::time_point) { return PurgeExpired(); },
          kRetentionBatch) {}

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
