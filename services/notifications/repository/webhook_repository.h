// Webhooks and their deliveries: the only code that runs their SQL. Deliveries are made by the
// trigger of migration V0002 in each event's own transaction; this code claims, marks, lists and
// replays them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/notifications/domain/webhook_model.h"

namespace tongxin::notifications {

// The deliveries' backlog, for the metrics.
struct DeliveryBacklog {
  double dead_letters = 0;
  double pending = 0;
  double oldest_pending_seconds = 0;
};

class WebhookRepository {
 public:
  explicit WebhookRepository(Db& db);

  // Stores `webhook` under the request's key, unless the key made one already: either way the
  // stored webhook with the fingerprint of the request that made it.
  absl::StatusOr<WebhookRecord> InsertOnce(Tx& tx, const RequestKey& key, const Webhook& webhook);
  absl::StatusOr<std::optional<Webhook>> Find(Tx& tx, const std::string& webhook_id);
  absl::StatusOr<Page<Webhook>> ListOfRegion(Tx& tx, const std::string& region_id,
                                             const PageRequest& page);
  // Sets its delete time and drops its pending deliveries; false when it was deleted already.
  absl::StatusOr<bool> MarkDeleted(Tx& tx, const std::string& webhook_id, WebhookTime at);
  absl::StatusOr<Page<WebhookDelivery>> DeadLettersOfWebhook(Tx& tx, const std::string& webhook_id,
                                                             const PageRequest& page);
  absl::StatusOr<Page<WebhookDelivery>> DeadLettersOfRegion(Tx& tx, const std::string& region_id,
                                                            const PageRequest& page);
  // Dead letters of the webhook (the named ones, or all) pending again, due at `due`.
  absl::StatusOr<int> Replay(Tx& tx, const std::string& webhook_id,
                             const std::vector<std::string>& delivery_ids, WebhookTime due);

  // The worker's statements (WebhookWorker), each in its own short transaction.
  // Deliveries whose last attempt's lease ran out: dead letters now. Returns how many.
  absl::StatusOr<int> ExpireExhausted(Tx& tx, WebhookTime now, int max_attempts);
  absl::StatusOr<std::vector<ClaimedDelivery>> Claim(Tx& tx, WebhookTime now,
                                                     std::chrono::milliseconds lease, int limit,
                                                     int max_attempts);
  absl::Status MarkDelivered(Tx& tx, const std::string& delivery_id);
  // nullopt when the claim is no longer this one's; else whether it is a dead letter now.
  absl::StatusOr<std::optional<bool>> MarkFailed(Tx& tx, const ClaimedDelivery& delivery,
                                                 const std::string& error, WebhookTime next_attempt,
                                                 int max_attempts);
  absl::StatusOr<DeliveryBacklog> Backlog(Tx& tx, WebhookTime now);
};

}  // namespace tongxin::notifications
