// The rotating check-in code (签到码) on the organiser's screen: HMAC-SHA256 (OpenSSL, keyed with
// the service's checkin_key) over the activity, a 30-second time step and the activity's use
// number (how many codes volunteers have used so far). A code is accepted for its step and the
// one after (so 30 to 60 s), only for its activity, and once: a check-in or check-out spends the
// use number, and the screen moves on to the next (so a code forwarded to a friend who is not
// there is refused when the sender used it, and the sender is refused when the friend did).
// Two forms of the same code: 6 digits to type (the MAC truncated as HOTP does) and a QR payload
// "TXA2.<activity_id>.<step>.<use>.<mac>" carrying 128 bits of the MAC, so a scanned code cannot
// be guessed. No SQL, no gRPC.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/activities/domain/model.h"

namespace tongxin::activities {

inline constexpr int kCheckinStepSeconds = 30;

// How many spent codes before the current one are still recognised (and refused as used, not as
// wrong).
inline constexpr long long kRecognisedUses = 50;

// The code of the step `now` falls in for use number `use` (window fields are left to the
// caller).
CheckinCode MakeCheckinCode(const std::string& key, const std::string& activity_id, Time now,
                            long long use = 0);

// The use number `code` (digits or payload) carries when it is `activity_id`'s code of the
// current or the previous step and of a use number up to `next_use`: `next_use` when unspent,
// less when spent (the caller says by whom). Refusals name the field `code`: INVALID_ARGUMENT
// when malformed, forged (the signature does not match) or matching no code (IsWrongCode: both
// count towards the lock-out), FAILED_PRECONDITION when expired, not valid yet or another
// activity's.
absl::StatusOr<long long> MatchCheckinCode(const std::string& key, const std::string& activity_id,
                                           const std::string& code, Time now, long long next_use);

// OK when `code` is the unspent code `next_use` (MatchCheckinCode without the spent ones).
absl::Status VerifyCheckinCode(const std::string& key, const std::string& activity_id,
                               const std::string& code, Time now, long long next_use = 0);

// Whether a refusal of MatchCheckinCode is a guess (made up or forged), not a genuine code.
bool IsWrongCode(const absl::Status& refusal);

}  // namespace tongxin::activities
