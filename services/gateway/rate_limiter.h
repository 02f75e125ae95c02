// Per-caller token buckets, one budget per caller whichever face they come in by: a bucket holds
// at most `burst` tokens, refills at `per_second`, and each request takes one.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "services/common/clock.h"

namespace tongxin::gateway {

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst, const Clock& clock = Clock::System())
      : per_second_(per_second), burst_(burst), clock_(clock) {}
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token from `caller`'s bucket (a new caller starts with a full one); false when the
  // bucket has less than one.
  bool Allow(const std::string& caller);

 private:
  struct Bucket {
    double tokens;
    std::chrono::system_clock::time_point refilled;
  };
  const double per_second_, burst_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace tongxin::gateway
