// Token-bucket arithmetic, and the limits per role read from their setting.
#include "services/gateway/rate_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace tongxin::gateway {

std::string AddressKey(std::string_view peer) {
  std::string address(peer);
  auto strip = [&address](std::string_view prefix) {
    if (address.rfind(prefix, 0) != 0) return false;
    address.erase(0, prefix.size());
    return true;
  };
  if (strip("ipv4:")) {
    address = address.substr(0, address.rfind(':'));
  } else if (strip("ipv6:")) {
    // [address]:port, the brackets possibly percent-encoded (gRPC's URI form).
    absl::StrReplaceAll({{"%5B", "["}, {"%5b", "["}, {"%5D", "]"}, {"%5d", "]"}}, &address);
    if (auto close = address.rfind(']');
        !address.empty() && address[0] == '[' && close != std::string::npos) {
      address = address.substr(1, close - 1);
    }
    if (auto zone = address.find('%'); zone != std::string::npos) address.resize(zone);
  }
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return "addr:" + address;
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, address.c_str(), v6.data()) != 1) return "addr:" + std::string(peer);
  char text[INET6_ADDRSTRLEN] = {};
  const std::array<unsigned char, 12> mapped_prefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(mapped_prefix.begin(), mapped_prefix.end(), v6.begin())) {
    std::copy(v6.begin() + 12, v6.end(), reinterpret_cast<unsigned char*>(&v4));
    inet_ntop(AF_INET, &v4, text, sizeof text);
    return absl::StrCat("addr:", text);
  }
  std::fill(v6.begin() + 8, v6.end(), 0);  // the /64
  inet_ntop(AF_INET6, v6.data(), text, sizeof text);
  return absl::StrCat("addr:", text, "/64");
}

RateLimits RateLimits::Defaults() {
  RateLimits limits;
  limits.by_role[Role::kSystem] = RateLimit{500, 1000};
  limits.by_role[Role::kIntegration] = RateLimit{500, 1000};  // the grid system's client
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
  if (++calls_ % kSweepEvery == 0) Sweep(now);
  auto [it, inserted] = buckets_.try_emplace(caller, Bucket{limit.burst, now, limit});
  Bucket& bucket = it->second;
  bucket.limit = limit;
  bucket.tokens = Refilled(bucket, now);
  bucket.refilled = now;  // after a set-back, refills start again from the new time
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

size_t RateLimiter::buckets() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

double RateLimiter::Refilled(const Bucket& bucket, std::chrono::system_clock::time_point now) {
  // A wall clock set back refills nothing rather than taking tokens away.
  double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.refilled).count());
  return std::min(bucket.limit.burst, bucket.tokens + elapsed * bucket.limit.per_second);
}

// A full bucket is the same as none (a new caller starts full): dropping it forgets nothing,
// and callers who came once (every address that ever asked) do not stay forever.
void RateLimiter::Sweep(std::chrono::system_clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (Refilled(it->second, now) >= it->second.limit.burst) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace tongxin::gateway
