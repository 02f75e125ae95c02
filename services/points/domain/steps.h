// The shape every state machine of the service shares (an order's, a round's): a table of steps,
// each naming the status it needs, the status it leaves and the refusal when the aggregate is
// elsewhere; checking a step and listing the transitions are read off that one table. Pure.
#pragma once

#include <cstddef>

#include "absl/status/status.h"

namespace tongxin::points {

template <typename Step, typename Status>
struct StepRule {
  Step step;
  Status from;          // the status the step needs
  Status to;            // the status it leaves (the same for a step within a status)
  const char* refusal;  // FAILED_PRECONDITION when the aggregate is in another status
};

// OK when an aggregate in `status` may take `step`.
template <typename Step, typename Status, size_t N>
absl::Status CheckStep(const StepRule<Step, Status> (&rules)[N], Status status, Step step) {
  for (const auto& rule : rules) {
    if (rule.step != step) continue;
    if (status == rule.from) return absl::OkStatus();
    return absl::FailedPreconditionError(rule.refusal);
  }
  return absl::InternalError("a step without a rule");
}

// Whether some step moves an aggregate from `from` to another status `to`.
template <typename Step, typename Status, size_t N>
bool IsTransition(const StepRule<Step, Status> (&rules)[N], Status from, Status to) {
  if (from == to) return false;
  for (const auto& rule : rules) {
    if (rule.from == from && rule.to == to) return true;
  }
  return false;
}

}  // namespace tongxin::points
