// The webhooks of the event feed: who may create, list, delete and replay them, what a webhook's
// URL may be, and how its deliveries are retried. Admins in scope of a webhook's region (and the
// system) manage it; everyone else is refused.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/notifications/domain/webhook_model.h"
#include "services/notifications/repository/webhook_repository.h"

namespace tongxin::notifications {

struct WebhookOptions {
  // The HMAC key the webhooks' secrets derive from (webhook_key_file).
  std::string webhook_key;
  // Development runs and tests: http URLs, and hosts on loopback or private addresses.
  bool allow_http_webhooks = false;
};

// A webhook URL taken apart: what the sender connects to and asks for.
struct WebhookUrl {
  bool https = true;
  std::string host;    // a name, or an IP address (an IPv6 one without brackets)
  std::string port;    // "443" / "80" unless given
  std::string target;  // path and query, at least "/"
};

// https://host[:port][/path][?query] (http too when `allow_http`); no user info, no fragment;
// the host a name or an IP literal, not loopback, private, link-local or unspecified unless
// `allow_http`. Else INVALID_ARGUMENT naming `url`.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(const std::string& url, bool allow_http);

// Whether an IP address (text, IPv4 or IPv6) is one a webhook must not reach from the service's
// network: loopback, private, link-local, unique-local, CGNAT, multicast, unspecified. A text that
// is no IP address is not one (false).
bool IsInternalAddress(const std::string& address);

// The back-off before attempt `attempt + 1` after attempt `attempt` failed: `min` doubled per
// attempt up to `max`, then a random part of it cut off (up to half) so that the deliveries of a
// receiver that came back do not arrive all at once.
std::chrono::milliseconds WebhookBackoff(int attempt, std::chrono::milliseconds min,
                                         std::chrono::milliseconds max);

class WebhooksDomain {
 public:
  WebhooksDomain(WebhookRepository& webhooks, const Clock& clock, WebhookOptions options);

  // `key` is the request's (RequestKey): a retry with the same key and request answers the same
  // webhook and secret; with a different request, INVALID_ARGUMENT.
  absl::StatusOr<CreatedWebhook> CreateWebhook(Tx& tx, const Principal& caller,
                                               const RequestKey& key, const std::string& region_id,
                                               const std::string& url,
                                               const std::vector<std::string>& types);
  // The webhooks of the region and the regions inside it, deleted ones too, by id.
  absl::StatusOr<Page<Webhook>> ListWebhooks(Tx& tx, const Principal& caller,
                                             const std::string& region_id, const PageRequest& page);
  absl::StatusOr<Webhook> DeleteWebhook(Tx& tx, const Principal& caller,
                                        const std::string& webhook_id);
  // A webhook's dead letters (webhook_id), or those of the webhooks of a region; newest first.
  absl::StatusOr<Page<WebhookDelivery>> ListDeadLetters(Tx& tx, const Principal& caller,
                                                        const std::string& region_id,
                                                        const std::string& webhook_id,
                                                        const PageRequest& page);
  // The named dead letters of the webhook (or all of them) due now, with fresh attempts.
  absl::StatusOr<int> ReplayDeliveries(Tx& tx, const Principal& caller,
                                       const std::string& webhook_id,
                                       const std::vector<std::string>& delivery_ids);

  const WebhookOptions& options() const { return options_; }

 private:
  // The live or deleted webhook, when the caller may manage it; NOT_FOUND otherwise (an admin
  // out of scope learns nothing of it).
  absl::StatusOr<Webhook> Manageable(Tx& tx, const Principal& caller,
                                     const std::string& webhook_id);

  WebhookRepository& webhooks_;
  const Clock& clock_;
  WebhookOptions options_;
};

}  // namespace tongxin::notifications
