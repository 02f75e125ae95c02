// Slow is not down: what keeps one slow or frozen service from making every view wait for the
// caller's whole deadline. An optional part of a view (what the view can do without) gets its own
// short budget; and every service has a circuit breaker that, after repeated failures, has views
// leave its parts out at once (UNAVAILABLE, so named missing) while a probe now and then finds out
// whether it is back. One guard per gateway, shared by all its views; actions and /readyz do not
// go through it (a caller asking for a change waits for its answer). Breaker states and
// transitions are Prometheus metrics and one log line per transition.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/common/clock.h"
#include "services/common/metrics.h"
#include "services/gateway/circuit_breaker.h"

namespace tongxin::gateway {

struct DownstreamGuardOptions {
  // How long an optional part may take (never longer than the caller's deadline).
  std::chrono::milliseconds part_budget{500};
  CircuitBreakerOptions breaker;
  const Clock* clock = &Clock::System();  // the breakers' time (gRPC deadlines are real time)
};

// How long a view's call may take.
enum class Wait {
  kCallersDeadline,  // the part the view is for (its list, the profile that decides who sees)
  kPartBudget,       // an optional part: the view is composed without it rather than wait
};

class DownstreamGuard {
 public:
  // A breaker for each of `services` (the names views give them: "points", ...).
  DownstreamGuard(const std::vector<std::string>& services, DownstreamGuardOptions options);
  DownstreamGuard(const DownstreamGuard&) = delete;
  DownstreamGuard& operator=(const DownstreamGuard&) = delete;

  // A call's ticket: whether it may go out, and what its end will tell its breaker.
  struct Ticket {
    CircuitBreaker::Admission admission = CircuitBreaker::Admission::kAdmitted;
    bool budgeted = false;         // an optional part: its deadline is the budget's
    bool has_whole_budget = true;  // a deadline that expired means the service was too slow
  };
  // Asks `service`'s breaker for a call; sets the budget on `context` when `wait` says so (the
  // context already carries the caller's deadline). A refused call is counted and not made.
  Ticket Admit(const std::string& service, Wait wait, grpc::ClientContext& context);
  // The end of a call Admit did not refuse.
  void Record(const std::string& service, const Ticket& ticket, const grpc::Status& status);
  // The status a refused call ends with: UNAVAILABLE, so that its part is named missing.
  grpc::Status Refusal(const std::string& service) const;

  std::chrono::milliseconds part_budget() const { return options_.part_budget; }
  CircuitState state(const std::string& service) const;
  // The breakers' metrics in the Prometheus text exposition (format 0.0.4).
  std::string RenderMetrics() const { return metrics_.Render(); }

 private:
  CircuitBreaker* BreakerOf(const std::string& service) const;
  void Transition(const std::string& service, CircuitState from, CircuitState to);

  const DownstreamGuardOptions options_;
  MetricsRegistry metrics_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;  // fixed once built
};

// What a call's end tells about its service: an answer of any kind (even NOT_FOUND or
// PERMISSION_DENIED) is the service answering; UNAVAILABLE and INTERNAL are failures, and so is
// DEADLINE_EXCEEDED when the call had its whole budget (with less, the caller's own short
// deadline ran out); a cancelled call tells nothing.
CallOutcome OutcomeOf(const grpc::Status& status, bool had_whole_budget);

}  // namespace tongxin::gateway
