#include "tests/audit/model.h"

#include <cstdio>

namespace tongxin::audit {

const char* OpName(Op op) {
  static const char* const kNames[] = {
      "award",    "redeem", "cancel",   "collect",       "adjust",  "reverse",
      "submit",   "review", "claim",    "release",       "fulfil",  "confirm",
      "sendback", "adopt",  "withdraw", "log",           "approve", "reject",
      "register", "admit",  "report",   "confirm-report"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == kOpCount);
  return kNames[static_cast<int>(op)];
}

bool RefusalAllowed(Op op, grpc::StatusCode code) {
  using C = grpc::StatusCode;
  switch (op) {
    case Op::kAward:       // the system pays a new source: nothing to refuse
    case Op::kSubmitWish:  // a well-formed wish in scope
    case Op::kReviewWish:  // reviewed once, right after its submission, by the same client
      return false;
    case Op::kClaim:  // someone else's claim, the open-claims limit; the release limit
      return code == C::FAILED_PRECONDITION || code == C::RESOURCE_EXHAUSTED;
    case Op::kRegister:  // an ID number registered already (the workload's duplicates only)
      return code == C::ALREADY_EXISTS;
    case Op::kAdopt:  // full, the adoption limit; adopted already (the partial unique index)
      return code == C::FAILED_PRECONDITION || code == C::ALREADY_EXISTS;
    default:  // balances, stock, states that moved on
      return code == C::FAILED_PRECONDITION;
  }
}

bool Indefinite(grpc::StatusCode code) {
  return code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::CANCELLED;
}

bool Retryable(grpc::StatusCode code) {
  return Indefinite(code) || code == grpc::StatusCode::ABORTED;
}

void Audit::Add(Record record) {
  std::lock_guard lock(mu_);
  history_.push_back(std::move(record));
}

std::vector<Record> Audit::History() const {
  std::lock_guard lock(mu_);
  return history_;
}

void Audit::Violation(const std::string& what) {
  std::lock_guard lock(mu_);
  std::fprintf(stderr, "VIOLATION: %s\n", what.c_str());
  violations_.push_back(what);
}

std::vector<std::string> Audit::Violations() const {
  std::lock_guard lock(mu_);
  return violations_;
}

void Audit::NoteOpenDeadline(std::chrono::system_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  if (deadline > latest_open_deadline_) latest_open_deadline_ = deadline;
}

std::chrono::system_clock::time_point Audit::LatestOpenDeadline() const {
  std::lock_guard lock(mu_);
  return latest_open_deadline_;
}

}  // namespace tongxin::audit
