// The optional parts' budget and the breakers, their metrics and their log lines.
#include "services/gateway/downstream_guard.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"

namespace tongxin::gateway {
namespace {

constexpr char kStateGauge[] = "tongxin_gateway_circuit_state";
constexpr char kTransitions[] = "tongxin_gateway_circuit_transitions_total";
constexpr char kRefused[] = "tongxin_gateway_circuit_refused_total";
constexpr char kBudgetSpent[] = "tongxin_gateway_part_budget_exceeded_total";

constexpr CircuitState kStates[] = {CircuitState::kClosed, CircuitState::kOpen,
                                    CircuitState::kHalfOpen};

}  // namespace

CallOutcome OutcomeOf(const grpc::Status& status, bool had_whole_budget) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::INTERNAL:
      return CallOutcome::kFailed;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return had_whole_budget ? CallOutcome::kFailed : CallOutcome::kInconclusive;
    case grpc::StatusCode::CANCELLED:
      return CallOutcome::kInconclusive;
    default:
      return CallOutcome::kAnswered;
  }
}

DownstreamGuard::DownstreamGuard(const std::vector<std::string>& services,
                                 DownstreamGuardOptions options)
    : options_(options) {
  metrics_.DeclareGauge(kStateGauge,
                        "1 for the state each service's circuit breaker is in (closed: calls go "
                        "out; open: view parts left out at once; half_open: one probe out).");
  metrics_.DeclareCounter(kTransitions, "Circuit breaker state changes, by the state entered.");
  metrics_.DeclareCounter(kRefused, "View parts left out without a call: the breaker was open.");
  metrics_.DeclareCounter(kBudgetSpent,
                          "Optional view parts left out because their budget ran out first.");
  for (const std::string& service : services) {
    breakers_[service] = std::make_unique<CircuitBreaker>(
        options_.breaker, *options_.clock,
        [this, service](CircuitState from, CircuitState to) { Transition(service, from, to); });
    for (CircuitState state : kStates) {
      metrics_.Set(kStateGauge,
                   {{"service", service}, {"state", std::string(CircuitStateName(state))}},
                   state == CircuitState::kClosed ? 1 : 0);
    }
  }
}

CircuitBreaker* DownstreamGuard::BreakerOf(const std::string& service) const {
  auto found = breakers_.find(service);
  return found == breakers_.end() ? nullptr : found->second.get();
}

DownstreamGuard::Ticket DownstreamGuard::Admit(const std::string& service, Wait wait,
                                               grpc::ClientContext& context) {
  Ticket ticket;
  if (CircuitBreaker* breaker = BreakerOf(service)) ticket.admission = breaker->Admit();
  if (ticket.admission == CircuitBreaker::Admission::kRefused) {
    metrics_.Increment(kRefused, {{"service", service}});
    return ticket;
  }
  auto within_budget = std::chrono::system_clock::now() + options_.part_budget;
  ticket.has_whole_budget = context.deadline() >= within_budget;
  ticket.budgeted = wait == Wait::kPartBudget && ticket.has_whole_budget;
  if (ticket.budgeted) context.set_deadline(within_budget);
  return ticket;
}

void DownstreamGuard::Record(const std::string& service, const Ticket& ticket,
                             const grpc::Status& status) {
  CallOutcome outcome = OutcomeOf(status, ticket.has_whole_budget);
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && ticket.budgeted) {
    metrics_.Increment(kBudgetSpent, {{"service", service}});
  }
  if (CircuitBreaker* breaker = BreakerOf(service)) breaker->Record(ticket.admission, outcome);
}

grpc::Status DownstreamGuard::Refusal(const std::string& service) const {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      absl::StrCat(service, ": not asked, it has been failing (circuit open)"));
}

CircuitState DownstreamGuard::state(const std::string& service) const {
  CircuitBreaker* breaker = BreakerOf(service);
  return breaker == nullptr ? CircuitState::kClosed : breaker->state();
}

void DownstreamGuard::Transition(const std::string& service, CircuitState from, CircuitState to) {
  for (CircuitState state : kStates) {
    metrics_.Set(kStateGauge,
                 {{"service", service}, {"state", std::string(CircuitStateName(state))}},
                 state == to ? 1 : 0);
  }
  metrics_.Increment(kTransitions,
                     {{"service", service}, {"to", std::string(CircuitStateName(to))}});
  // Under the breaker's lock: its probe wait is read from the options, not from it.
  switch (to) {
    case CircuitState::kOpen:
      if (from == CircuitState::kClosed) {
        spdlog::warn(
            "{}: circuit open after {} failed calls in a row: views leave its parts out at once "
            "until a probe answers (the first in {} ms)",
            service, options_.breaker.failures_to_open, options_.breaker.first_probe_after.count());
      } else {
        spdlog::warn("{}: circuit open again: the probe failed", service);
      }
      break;
    case CircuitState::kHalfOpen:
      spdlog::info("{}: circuit half-open: one call goes out as a probe", service);
      break;
    case CircuitState::kClosed:
      spdlog::info("{}: circuit closed: the probe answered, views ask it again", service);
      break;
  }
}

}  // namespace tongxin::gateway
