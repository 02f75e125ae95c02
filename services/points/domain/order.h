// An order's life, in one place (the aggregate owns its state changes):
//
//   HELD ──collect (with the pickup code)──▶ COLLECTED
//   HELD ──cancel (points and stock back)──▶ CANCELLED
//
// Both ends are final. What may be ordered, and the pickup code an order gets, live here too.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/points/domain/model.h"
#include "services/points/domain/steps.h"

namespace tongxin::points {

enum class OrderStep { kCollect, kCancel };

inline constexpr StepRule<OrderStep, OrderStatus> kOrderSteps[] = {
    {OrderStep::kCollect, OrderStatus::kHeld, OrderStatus::kCollected,
     "order_id: the order is no longer waiting for pickup"},
    {OrderStep::kCancel, OrderStatus::kHeld, OrderStatus::kCancelled,
     "order_id: only an order waiting for pickup can be cancelled"},
};

// OK when an order in `status` may take `step`.
inline absl::Status CheckOrderStep(OrderStatus status, OrderStep step) {
  return CheckStep(kOrderSteps, status, step);
}
// Whether some step moves an order from `from` to `to`.
inline bool IsOrderTransition(OrderStatus from, OrderStatus to) {
  return IsTransition(kOrderSteps, from, to);
}

// A reward may be ordered while it is active and inside its window [active_from, active_until).
absl::Status CheckOrderable(const Reward& reward, Time now);

// Pickup codes are 8 characters without look-alikes (0/O, 1/I/L), so they can be read out at a
// counter.
inline constexpr std::string_view kPickupCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
inline constexpr size_t kPickupCodeLength = 8;
// The code for these random bytes (one character per byte).
std::string PickupCodeFrom(std::string_view random_bytes);
std::string NewPickupCode();

}  // namespace tongxin::points
