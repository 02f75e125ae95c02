// Per-caller token buckets, one budget per caller whichever face they come in by: a bucket holds
// at most `burst` tokens, refills at `per_second`, and each request takes one. How large a budget
// is depends on the caller's role: a person's is what one person clicking needs (20/s), the grid
// system's integration (role system) speaks for many people and gets far more. Callers without a
// valid token share the people's limit, counted by address.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"

namespace tongxin::gateway {

struct RateLimit {
  double per_second = 20;
  double burst = 40;
};

struct RateLimits {
  RateLimit people;                   // every role not listed, and callers without a token
  std::map<Role, RateLimit> by_role;  // e.g. system

  // The defaults: people 20/s (bursts of 40), the system integration 500/s (bursts of 1000).
  static RateLimits Defaults();
  const RateLimit& For(std::optional<Role> role) const;
};

// "volunteer=20/40,system=500/1000": ROLE=PER_SECOND/BURST for each role given, over `limits`.
// A role that does not exist, or numbers that are not positive: INVALID_ARGUMENT naming
// rate_limits.
absl::StatusOr<RateLimits> ParseRateLimits(const std::string& text, RateLimits limits);

// The bucket key of a caller without a token ("addr:..."): their address without the port, so a
// new connection is not a new caller; an IPv6 address by its /64 (what one household or host is
// given: a client picks any address in it), an IPv4-mapped IPv6 address as IPv4. Takes a gRPC peer
// ("ipv4:1.2.3.4:53122", "ipv6:[2001:db8::1]:443", "ipv6:%5B2001:db8::1%5D:443") or a bare
// address ("1.2.3.4", "2001:db8::1"); anything else (a unix socket) is its own key.
std::string AddressKey(std::string_view peer);

class RateLimiter {
 public:
  explicit RateLimiter(RateLimits limits, const Clock& clock = Clock::System())
      : limits_(std::move(limits)), clock_(clock) {}
  // One limit for every caller, whatever their role.
  RateLimiter(double per_second, double burst, const Clock& clock = Clock::System())
      : RateLimiter(RateLimits{RateLimit{per_second, burst}, {}}, clock) {}
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token from `caller`'s bucket (a new caller starts with a full one), whose size and
  // refill are their role's (none: not signed in); false when the bucket has less than one.
  bool Allow(const std::string& caller, std::optional<Role> role = std::nullopt);
  // The buckets held: every kSweepEvery calls, those refilled to full are dropped.
  size_t buckets() const;
  static constexpr uint64_t kSweepEvery = 4096;

 private:
  struct Bucket {
    double tokens;
    std::chrono::system_clock::time_point refilled;
    RateLimit limit;  // its caller's role's, when last seen
  };
  static double Refilled(const Bucket& bucket, std::chrono::system_clock::time_point now);
  void Sweep(std::chrono::system_clock::time_point now);
  const RateLimits limits_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
  uint64_t calls_ = 0;
};

}  // namespace tongxin::gateway
