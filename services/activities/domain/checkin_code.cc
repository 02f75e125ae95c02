#include "services/activities/domain/checkin_code.h"

#include <openssl/crypto.h>

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/crypto.h"

namespace tongxin::activities {
namespace {

constexpr char kPayloadPrefix[] = "TXA1";
// How far back a typed code is recognised as an old one (and so "expired", not "wrong").
constexpr long long kRecognisedSteps = 20;

long long StepOf(Time t) {
  long long seconds =
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return seconds / kCheckinStepSeconds;
}

std::string Mac(const std::string& key, const std::string& activity_id, long long step) {
  return HmacSha256(key, absl::StrCat("tongxin.activities.checkin.v1|", activity_id, "|", step));
}

// HOTP's dynamic truncation (RFC 4226 §5.3) of the MAC to 6 digits.
std::string Digits(const std::string& mac) {
  auto byte = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(mac[i])); };
  size_t offset = byte(mac.size() - 1) & 0x0f;
  unsigned value = ((byte(offset) & 0x7f) << 24) | (byte(offset + 1) << 16) |
                   (byte(offset + 2) << 8) | byte(offset + 3);
  return absl::StrFormat("%06u", value % 1000000);
}

std::string PayloadMac(const std::string& mac) { return Base64UrlEncode(mac.substr(0, 16)); }

bool SameBytes(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

absl::Status Expired() {
  return absl::FailedPreconditionError(
      "code: expired (a code lasts 30 to 60 seconds); scan or type the code on the screen now");
}

absl::Status Malformed() {
  return absl::InvalidArgumentError(
      "code: malformed (neither the 6 digits nor the QR code of a check-in screen)");
}

absl::Status VerifyDigits(const std::string& key, const std::string& activity_id,
                          const std::string& digits, long long now_step) {
  for (long long step = now_step; step >= now_step - 1; --step) {
    if (SameBytes(Digits(Mac(key, activity_id, step)), digits)) return absl::OkStatus();
  }
  for (long long step = now_step - 2; step >= now_step - kRecognisedSteps; --step) {
    if (SameBytes(Digits(Mac(key, activity_id, step)), digits)) return Expired();
  }
  return absl::InvalidArgumentError(
      "code: does not match this activity's check-in code (mistyped, made up, or another "
      "activity's)");
}

absl::Status VerifyPayload(const std::string& key, const std::string& activity_id,
                           const std::string& payload, long long now_step) {
  std::vector<std::string> parts = absl::StrSplit(payload, '.');
  long long step = 0;
  if (parts.size() != 4 || parts[0] != kPayloadPrefix || parts[1].empty() || !AllDigits(parts[2]) ||
      !absl::SimpleAtoi(parts[2], &step) || parts[3].empty()) {
    return Malformed();
  }
  if (!SameBytes(PayloadMac(Mac(key, parts[1], step)), parts[3])) {
    return absl::InvalidArgumentError("code: forged (its signature does not match)");
  }
  if (parts[1] != activity_id) {
    return absl::FailedPreconditionError("code: the code of another activity");
  }
  if (step > now_step) {
    return absl::FailedPreconditionError("code: not valid yet (is the screen's clock ahead?)");
  }
  if (step < now_step - 1) return Expired();
  return absl::OkStatus();
}

}  // namespace

CheckinCode MakeCheckinCode(const std::string& key, const std::string& activity_id, Time now) {
  long long step = StepOf(now);
  std::string mac = Mac(key, activity_id, step);
  CheckinCode code;
  code.activity_id = activity_id;
  code.digits = Digits(mac);
  code.payload = absl::StrCat(kPayloadPrefix, ".", activity_id, ".", step, ".", PayloadMac(mac));
  code.step_seconds = kCheckinStepSeconds;
  code.expire_time = Time(std::chrono::seconds((step + 1) * kCheckinStepSeconds));
  return code;
}

absl::Status VerifyCheckinCode(const std::string& key, const std::string& activity_id,
                               const std::string& code, Time now) {
  if (code.empty()) return absl::InvalidArgumentError("code: required");
  if (code.size() > 200) return Malformed();
  long long now_step = StepOf(now);
  if (code.size() == 6 && AllDigits(code)) return VerifyDigits(key, activity_id, code, now_step);
  if (code.rfind(std::string(kPayloadPrefix) + ".", 0) == 0) {
    return VerifyPayload(key, activity_id, code, now_step);
  }
  return Malformed();
}

}  // namespace tongxin::activities
