// A status's allowed changes as a table of rows, and the checks that read such a table (posts'
// adoption and service log, activities' activity and participation). Each row also says what a
// caller hears when its target is asked of a status no row allows it from.
#pragma once

#include <cstddef>

#include "absl/status/status.h"

namespace tongxin {

template <typename Status>
struct Transition {
  Status from;
  Status to;
  const char* refusal;
};

template <typename Status, std::size_t N>
constexpr bool CanMove(const Transition<Status> (&table)[N], Status from, Status to) {
  for (const auto& row : table) {
    if (row.from == from && row.to == to) return true;
  }
  return false;
}

// FAILED_PRECONDITION with the refusal of `to` (also for a change found already made by a
// concurrent caller).
template <typename Status, std::size_t N>
absl::Status RefusalOf(const Transition<Status> (&table)[N], Status to) {
  for (const auto& row : table) {
    if (row.to == to) return absl::FailedPreconditionError(row.refusal);
  }
  return absl::FailedPreconditionError("nothing moves to this status");
}

// OK, or FAILED_PRECONDITION with the refusal of `to`.
template <typename Status, std::size_t N>
absl::Status CheckTransition(const Transition<Status> (&table)[N], Status from, Status to) {
  if (CanMove(table, from, to)) return absl::OkStatus();
  return RefusalOf(table, to);
}

}  // namespace tongxin
