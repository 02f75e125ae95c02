#include "services/common/verified_tokens.h"

#include <iterator>

namespace tongxin {

std::optional<Principal> VerifiedTokens::Find(std::string_view token, int64_t now) const {
  std::lock_guard lock(mu_);
  auto found = entries_.find(std::string(token));
  if (found == entries_.end()) return std::nullopt;
  const Entry& entry = found->second;
  if (now >= entry.expires || now < entry.not_before) return std::nullopt;
  return entry.principal;
}

void VerifiedTokens::Keep(std::string_view token, const Principal& principal, int64_t not_before,
                          int64_t expires, int64_t now) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  if (entries_.size() >= capacity_) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now >= it->second.expires ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_.insert_or_assign(std::string(token), Entry{principal, not_before, expires});
}

size_t VerifiedTokens::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace tongxin
