// Token-bucket arithmetic, and the limits per role read from their setting.
#include "services/gateway/rate_limiter.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tongxin::gateway {

RateLimits RateLimits::Defaults() {
  RateLimits limits;
  limits.by_role[Role::kSystem] = RateLimit{500, 1000};
  return limits;
}

const RateLimit& RateLimits::For(std::optional<Role> role) const {
  if (!role) return people;
  auto found = by_role.find(*role);
  return found == by_role.end() ? people : found->second;
}

absl::StatusOr<RateLimits> ParseRateLimits(const std::string& text, RateLimits limits) {
  for (absl::string_view entry : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    std::pair<std::string, std::string> role_rate = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    std::pair<std::string, std::string> rate_burst =
        absl::StrSplit(role_rate.second, absl::MaxSplits('/', 1));
    RateLimit limit;
    if (!absl::SimpleAtod(rate_burst.first, &limit.per_second) ||
        !absl::SimpleAtod(rate_burst.second, &limit.burst) || !(limit.per_second > 0) ||
        !(limit.burst >= 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rate_limits: \"", entry, "\" is not ROLE=PER_SECOND/BURST with positive numbers"));
    }
    auto role = ParseRole(role_rate.first);
    if (!role.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("rate_limits: no role \"", role_rate.first, "\""));
    }
    limits.by_role[*role] = limit;
  }
  return limits;
}

bool RateLimiter::Allow(const std::string& caller, std::optional<Role> role) {
  const RateLimit& limit = limits_.For(role);
  auto now = clock_.Now();
  std::lock_guard lock(mu_);
  auto [it, inserted] = buckets_.try_emplace(caller, Bucket{limit.burst, now});
  Bucket& bucket = it->second;
  // A wall clock set back refills nothing rather than taking tokens away.
  double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.refilled).count());
  bucket.tokens = std::min(limit.burst, bucket.tokens + elapsed * limit.per_second);
  bucket.refilled = now;  // after a set-back, refills start again from the new time
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace tongxin::gateway
