// Tokens already verified, so that a caller's next request with the same token costs a map
// look-up instead of two libjwt decodes, a MAC or an ECDSA verification and a JSON parse (7–9 %
// of the gateway's and a service's CPU per request in bench/RESULTS.md's profile; an ES256
// verification costs far more).
//
// - Only a token that passed every check is kept, under its exact bytes: any other string,
//   however close, is verified in full. The keys a verifier checks with never change while it
//   lives, so a kept token would verify again.
// - The time checks are repeated on every hit against the verifier's clock: an entry answers
//   only between its not-before (iat and nbf less the allowed skew) and its exp.
// - Bounded: at `capacity` entries the expired ones go; if none has expired, all go (a burst of
//   new tokens costs their verification once more, nothing else).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "services/common/auth.h"

namespace tongxin {

class VerifiedTokens {
 public:
  explicit VerifiedTokens(size_t capacity) : capacity_(capacity) {}

  // The principal of `token` if it was kept and `now` (seconds since the epoch) lies in its
  // window; nullopt otherwise (verify it in full).
  std::optional<Principal> Find(std::string_view token, int64_t now) const;
  // `token` passed every check; it may be served from here from `not_before` until `expires`.
  void Keep(std::string_view token, const Principal& principal, int64_t not_before, int64_t expires,
            int64_t now);
  size_t size() const;

 private:
  struct Entry {
    Principal principal;
    int64_t not_before = 0;
    int64_t expires = 0;
  };
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace tongxin
