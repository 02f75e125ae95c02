// The breaker's states: closed (counting failures in a row), open (refusing until the probe is
// due), half-open (one probe out, its outcome deciding).
#include "services/gateway/circuit_breaker.h"

#include <algorithm>
#include <utility>

namespace tongxin::gateway {

std::string_view CircuitStateName(CircuitState state) {
  switch (state) {
    case CircuitState::kClosed:
      return "closed";
    case CircuitState::kOpen:
      return "open";
    case CircuitState::kHalfOpen:
      return "half_open";
  }
  return "closed";
}

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options, const Clock& clock,
                               OnTransition on_transition)
    : options_(options),
      clock_(clock),
      on_transition_(std::move(on_transition)),
      probe_after_(options.first_probe_after) {}

CircuitBreaker::Admission CircuitBreaker::Admit() {
  std::lock_guard lock(mu_);
  switch (state_) {
    case CircuitState::kClosed:
      return Admission::kAdmitted;
    case CircuitState::kOpen:
      if (clock_.Now() < probe_at_) return Admission::kRefused;
      MoveTo(CircuitState::kHalfOpen);
      probe_out_ = true;
      return Admission::kProbe;
    case CircuitState::kHalfOpen:
      // A probe whose outcome told nothing leaves the next call to probe again.
      if (probe_out_) return Admission::kRefused;
      probe_out_ = true;
      return Admission::kProbe;
  }
  return Admission::kRefused;
}

void CircuitBreaker::Record(Admission admission, CallOutcome outcome) {
  std::lock_guard lock(mu_);
  if (admission == Admission::kProbe) {
    if (state_ != CircuitState::kHalfOpen) return;
    probe_out_ = false;
    if (outcome == CallOutcome::kAnswered) {
      failures_in_a_row_ = 0;
      probe_after_ = options_.first_probe_after;
      MoveTo(CircuitState::kClosed);
    } else if (outcome == CallOutcome::kFailed) {
      probe_after_ = std::min(probe_after_ * 2, options_.max_probe_after);
      probe_at_ = clock_.Now() + probe_after_;
      MoveTo(CircuitState::kOpen);
    }
    return;
  }
  // A call let through while closed: only the probe decides once the breaker has opened.
  if (admission != Admission::kAdmitted || state_ != CircuitState::kClosed) return;
  if (outcome == CallOutcome::kAnswered) {
    failures_in_a_row_ = 0;
  } else if (outcome == CallOutcome::kFailed && ++failures_in_a_row_ >= options_.failures_to_open) {
    probe_after_ = options_.first_probe_after;
    probe_at_ = clock_.Now() + probe_after_;
    MoveTo(CircuitState::kOpen);
  }
}

CircuitState CircuitBreaker::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

std::chrono::milliseconds CircuitBreaker::probe_after() const {
  std::lock_guard lock(mu_);
  return probe_after_;
}

void CircuitBreaker::MoveTo(CircuitState to) {
  CircuitState from = state_;
  state_ = to;
  if (from != to && on_transition_) on_transition_(from, to);
}

}  // namespace tongxin::gateway
