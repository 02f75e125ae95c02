// The signature of a webhook delivery, as docs/events.md tells receivers to check it:
//   Tongxin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// The secret is derived from the service's webhook key and the webhook id (never stored), and is
// used as the HMAC key as it is, its base64url text. The timestamp is signed with the body, so a
// captured delivery cannot be sent again later with a fresh one.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tongxin::notifications {

inline constexpr char kSignatureHeader[] = "Tongxin-Signature";
inline constexpr char kEventIdHeader[] = "Tongxin-Event-Id";
inline constexpr char kCloudEventsJson[] = "application/cloudevents+json";
// How old a signed timestamp a receiver accepts (and docs/events.md tells them to).
inline constexpr std::chrono::minutes kSignatureTolerance{5};

// A webhook key shorter than this would make secrets anyone who sees a webhook id could guess
// (an empty one: HMAC("", id)); main() reads at least as many (LoadHmacKey).
inline constexpr size_t kMinWebhookKeyBytes = 32;
// OK, or INVALID_ARGUMENT naming webhook_key when it is shorter than kMinWebhookKeyBytes.
absl::Status CheckWebhookKey(std::string_view webhook_key);

// base64url(HMAC-SHA256(webhook_key, webhook_id)), no padding.
std::string WebhookSecret(std::string_view webhook_key, std::string_view webhook_id);

// The header's value for `body` sent at `time`.
std::string SignatureHeaderValue(std::string_view secret, std::string_view body,
                                 std::chrono::system_clock::time_point time);

// What a receiver does: the header parses, its time lies within `tolerance` of `now` (either
// way), and one of its v1 signatures matches (compared in constant time). Else UNAUTHENTICATED
// saying why.
absl::Status VerifySignature(std::string_view secret, std::string_view header,
                             std::string_view body, std::chrono::system_clock::time_point now,
                             std::chrono::seconds tolerance = kSignatureTolerance);

}  // namespace tongxin::notifications
