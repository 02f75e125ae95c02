// A circuit breaker for one downstream service: after `failures_to_open` failed calls in a row it
// opens, and calls are refused at once instead of each waiting for a service that does not
// answer; after a while it lets one call through as a probe (half-open), closes when the probe
// answers and opens again, for twice as long (up to a maximum), when it fails. Time is the
// injected clock's; the breaker knows nothing of gRPC (DownstreamGuard sorts calls' ends into
// outcomes).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string_view>

#include "services/common/clock.h"

namespace tongxin::gateway {

struct CircuitBreakerOptions {
  int failures_to_open = 5;                           // failed calls in a row that open it
  std::chrono::milliseconds first_probe_after{1000};  // open → the first probe after this
  std::chrono::milliseconds max_probe_after{10000};   // doubled after each failed probe, up to this
};

enum class CircuitState { kClosed, kOpen, kHalfOpen };
// "closed", "open", "half_open": the state's name in metrics and logs.
std::string_view CircuitStateName(CircuitState state);

// What the end of a call tells about its service.
enum class CallOutcome {
  kAnswered,      // it answered, whatever it said
  kFailed,        // it did not answer within the call's budget, was unreachable or broke
  kInconclusive,  // the call ended for the caller's sake (their own short deadline, cancelled)
};

class CircuitBreaker {
 public:
  // What a call may do.
  enum class Admission { kRefused, kAdmitted, kProbe };
  // Called once per change of state, under the breaker's lock (it must not call the breaker).
  using OnTransition = std::function<void(CircuitState from, CircuitState to)>;

  CircuitBreaker(CircuitBreakerOptions options, const Clock& clock, OnTransition on_transition);
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Whether a call may go out now: always while closed; while open, none until the probe is
  // due, then that one (the breaker is half-open) and no other until its outcome is recorded.
  Admission Admit();
  // The outcome of a call Admit let through (not refused), once.
  void Record(Admission admission, CallOutcome outcome);

  CircuitState state() const;
  // How long the breaker stays open before its next probe.
  std::chrono::milliseconds probe_after() const;

 private:
  void MoveTo(CircuitState to);  // under mu_

  const CircuitBreakerOptions options_;
  const Clock& clock_;
  const OnTransition on_transition_;
  mutable std::mutex mu_;
  CircuitState state_ = CircuitState::kClosed;
  int failures_in_a_row_ = 0;
  std::chrono::system_clock::time_point probe_at_;  // while open
  std::chrono::milliseconds probe_after_;           // the current wait before a probe
  bool probe_out_ = false;                          // while half-open
};

}  // namespace tongxin::gateway
