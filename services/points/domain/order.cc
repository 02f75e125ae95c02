// An order's steps, what may be ordered, and pickup codes.
#include "services/points/domain/order.h"

#include "services/common/crypto.h"

namespace tongxin::points {

absl::Status CheckOrderStep(OrderStatus status, OrderStep step) {
  for (const OrderStepRule& rule : kOrderSteps) {
    if (rule.step != step) continue;
    if (status == rule.from) return absl::OkStatus();
    return absl::FailedPreconditionError(rule.refusal);
  }
  return absl::InternalError("order step without a rule");
}

bool IsOrderTransition(OrderStatus from, OrderStatus to) {
  for (const OrderStepRule& rule : kOrderSteps) {
    if (rule.from == from && rule.to == to) return true;
  }
  return false;
}

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
