// The webhooks of the event feed and their deliveries, as the domain sees them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "services/notifications/domain/model.h"

namespace tongxin::notifications {

using WebhookTime = Time;

// Stored as these numbers (webhook_deliveries.state), equal to the proto's DeliveryState.
enum class DeliveryState { kPending = 1, kDelivered = 2, kDead = 3 };

struct Webhook {
  std::string webhook_id;
  std::string region_id;
  std::string url;
  std::vector<std::string> types;  // empty: every type
  std::string created_by;
  WebhookTime create_time;
  std::optional<WebhookTime> delete_time;
  int pending_deliveries = 0;
  int dead_letters = 0;
};

// A webhook as CreateWebhook stores it, with the request that made it (its own idempotency key:
// the answer holds the secret, which must not be stored, so the answer is rebuilt on a retry).
struct WebhookRecord {
  Webhook webhook;
  std::string request_fingerprint;
};

struct CreatedWebhook {
  Webhook webhook;
  std::string secret;  // base64url; derived again on every retry, never stored
};

struct WebhookDelivery {
  std::string delivery_id;
  std::string webhook_id;
  std::string event_id;
  std::string type;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::string last_error;
  std::optional<WebhookTime> last_attempt_time;
  std::optional<WebhookTime> next_attempt_time;
};

// A delivery claimed by the worker: where to, which attempt, and what.
struct ClaimedDelivery {
  std::string delivery_id;
  std::string webhook_id;
  std::string url;
  int attempts = 0;  // this attempt's number
  Event event;       // the feed event it carries
};

}  // namespace tongxin::notifications
