// What may be ordered, and pickup codes (an order's steps are the table in order.h).
#include "services/points/domain/order.h"

#include "services/common/crypto.h"

namespace tongxin::points {

absl::Status CheckOrderable(const Reward& reward, Time now) {
  if (!reward.active) return absl::FailedPreconditionError("reward_id: the reward is not offered");
  if (now < reward.active_from || (reward.active_until && now >= *reward.active_until)) {
    return absl::FailedPreconditionError("reward_id: outside the reward's active window");
  }
  return absl::OkStatus();
}

std::string PickupCodeFrom(std::string_view random_bytes) {
  std::string code;
  for (unsigned char c : random_bytes)
    code.push_back(kPickupCodeAlphabet[c % kPickupCodeAlphabet.size()]);
  return code;
}

std::string NewPickupCode() { return PickupCodeFrom(RandomBytes(kPickupCodeLength)); }

}  // namespace tongxin::points
