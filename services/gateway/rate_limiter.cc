// Token-bucket arithmetic.
#include "services/gateway/rate_limiter.h"

#include <algorithm>

namespace tongxin::gateway {

bool RateLimiter::Allow(const std::string& caller) {
  auto now = clock_.Now();
  std::lock_guard lock(mu_);
  auto [it, inserted] = buckets_.try_emplace(caller, Bucket{burst_, now});
  Bucket& bucket = it->second;
  // A wall clock set back refills nothing rather than taking tokens away.
  double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.refilled).count());
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
  bucket.refilled = now;  // after a set-back, refills start again from the new time
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace tongxin::gateway
