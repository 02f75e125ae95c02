#include "services/notifications/domain/webhook_signature.h"

#include <openssl/crypto.h>

#include <cstdlib>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/crypto.h"

namespace tongxin::notifications {

namespace {

std::string SignedPayload(std::string_view timestamp, std::string_view body) {
  std::string payload(timestamp);
  payload += '.';
  payload += body;
  return payload;
}

}  // namespace

absl::Status CheckWebhookKey(std::string_view webhook_key) {
  if (webhook_key.size() < kMinWebhookKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("webhook_key: at least ", kMinWebhookKeyBytes, " bytes"));
  }
  return absl::OkStatus();
}

std::string WebhookSecret(std::string_view webhook_key, std::string_view webhook_id) {
  return Base64UrlEncode(HmacSha256(webhook_key, webhook_id));
}

std::string SignatureHeaderValue(std::string_view secret, std::string_view body,
                                 std::chrono::system_clock::time_point time) {
  const std::string timestamp = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count());
  return absl::StrCat("t=", timestamp,
                      ",v1=", HexEncode(HmacSha256(secret, SignedPayload(timestamp, body))));
}

absl::Status VerifySignature(std::string_view secret, std::string_view header,
                             std::string_view body, std::chrono::system_clock::time_point now,
                             std::chrono::seconds tolerance) {
  std::string timestamp;
  std::vector<std::string> signatures;
  const std::vector<std::string> parts = absl::StrSplit(std::string(header), ',');
  for (const std::string& part : parts) {
    const size_t equals = part.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = part.substr(0, equals);
    if (name == "t") timestamp = part.substr(equals + 1);
    if (name == "v1") signatures.push_back(part.substr(equals + 1));
  }
  long long seconds = 0;
  if (timestamp.empty() || !absl::SimpleAtoi(timestamp, &seconds)) {
    return absl::UnauthenticatedError("signature: no timestamp t=");
  }
  if (signatures.empty()) return absl::UnauthenticatedError("signature: no v1= signature");
  const long long now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (std::llabs(now_seconds - seconds) > tolerance.count()) {
    return absl::UnauthenticatedError("signature: timestamp outside the tolerance");
  }
  const std::string expected = HexEncode(HmacSha256(secret, SignedPayload(timestamp, body)));
  for (const std::string& signature : signatures) {
    if (signature.size() == expected.size() &&
        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0) {
      return absl::OkStatus();
    }
  }
  return absl::UnauthenticatedError("signature: no v1 signature matches");
}

}  // namespace tongxin::notifications
