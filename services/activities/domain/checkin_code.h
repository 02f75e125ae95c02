// The rotating check-in code (签到码) on the organiser's screen: HMAC-SHA256 (OpenSSL, keyed with
// the service's checkin_key) over the activity and a 30-second time step. A code is accepted for
// its step and the one after (so 30 to 60 s), and only for its activity. Two forms of the same
// code: 6 digits to type (the MAC truncated as HOTP does) and a QR payload
// "TXA1.<activity_id>.<step>.<mac>" carrying 128 bits of the MAC, so a scanned code cannot be
// guessed. No SQL, no gRPC.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/activities/domain/model.h"

namespace tongxin::activities {

inline constexpr int kCheckinStepSeconds = 30;

// The code of the step `now` falls in (window fields are left to the caller).
CheckinCode MakeCheckinCode(const std::string& key, const std::string& activity_id, Time now);

// OK when `code` (digits or payload) is `activity_id`'s code of the current or the previous step.
// Refusals name the field `code`: INVALID_ARGUMENT when malformed or forged (the signature does
// not match), FAILED_PRECONDITION when expired, not valid yet or another activity's.
absl::Status VerifyCheckinCode(const std::string& key, const std::string& activity_id,
                               const std::string& code, Time now);

}  // namespace tongxin::activities
