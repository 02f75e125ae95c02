// The circuit breaker on a fake clock, the outcomes the guard reads from a call's status, the
// metrics it exports, and a fanout whose service's breaker is open (gateway_unit_test binary).
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "services/gateway/circuit_breaker.h"
#include "services/gateway/downstream_guard.h"
#include "services/gateway/fanout.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::gateway {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
using Admission = CircuitBreaker::Admission;
using std::chrono::milliseconds;

const auto kStart = std::chrono::system_clock::from_time_t(1781496000);

struct Transition {
  CircuitState from, to;
  bool operator==(const Transition&) const = default;
};

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest()
      : clock_(kStart),
        breaker_(CircuitBreakerOptions{3, milliseconds(1000), milliseconds(4000)}, clock_,
                 [this](CircuitState from, CircuitState to) {
                   seen_.push_back({from, to});
                 }) {}

  // `times` calls let through while closed, each ending with `outcome`.
  void Calls(int times, CallOutcome outcome) {
    for (int i = 0; i < times; ++i) {
      Admission admission = breaker_.Admit();
      ASSERT_EQ(admission, Admission::kAdmitted);
      breaker_.Record(admission, outcome);
    }
  }
  void Open() {
    Calls(3, CallOutcome::kFailed);
    ASSERT_EQ(breaker_.state(), CircuitState::kOpen);
  }

  FakeClock clock_;
  std::vector<Transition> seen_;
  CircuitBreaker breaker_;
};

TEST_F(CircuitBreakerTest, FailuresInARowOpenItAnAnswerBetweenThemStartsTheCountAgain) {
  Calls(2, CallOutcome::kFailed);
  Calls(1, CallOutcome::kAnswered);
  Calls(2, CallOutcome::kFailed);
  Calls(5, CallOutcome::kInconclusive);  // the caller's own short deadline says nothing
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  EXPECT_TRUE(seen_.empty());
  Calls(1, CallOutcome::kFailed);
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  EXPECT_EQ(seen_, (std::vector<Transition>{{CircuitState::kClosed, CircuitState::kOpen}}));
}

TEST_F(CircuitBreakerTest, OpenItRefusesAtOnceUntilOneProbeIsDue) {
  Admission late = breaker_.Admit();  // out before the breaker opened
  Open();
  EXPECT_EQ(breaker_.Admit(), Admission::kRefused);
  clock_.Advance(milliseconds(999));
  EXPECT_EQ(breaker_.Admit(), Admission::kRefused);
  breaker_.Record(late, CallOutcome::kAnswered);  // only a probe closes it
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(breaker_.Admit(), Admission::kProbe);
  EXPECT_EQ(breaker_.state(), CircuitState::kHalfOpen);
  EXPECT_EQ(breaker_.Admit(), Admission::kRefused);  // one probe at a time
  EXPECT_EQ(breaker_.Admit(), Admission::kRefused);
}

TEST_F(CircuitBreakerTest, AProbeThatAnswersClosesIt) {
  Open();
  clock_.Advance(milliseconds(1000));
  Admission probe = breaker_.Admit();
  ASSERT_EQ(probe, Admission::kProbe);
  breaker_.Record(probe, CallOutcome::kAnswered);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  Calls(2, CallOutcome::kFailed);  // counted from zero again
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  EXPECT_EQ(seen_, (std::vector<Transition>{{CircuitState::kClosed, CircuitState::kOpen},
                                            {CircuitState::kOpen, CircuitState::kHalfOpen},
                                            {CircuitState::kHalfOpen, CircuitState::kClosed}}));
}

TEST_F(CircuitBreakerTest, EachFailedProbeDoublesTheWaitUpToItsMaximum) {
  Open();
  for (int wait : {1000, 2000, 4000, 4000}) {
    EXPECT_EQ(breaker_.probe_after(), milliseconds(wait));
    clock_.Advance(milliseconds(wait - 1));
    EXPECT_EQ(breaker_.Admit(), Admission::kRefused) << wait;
    clock_.Advance(milliseconds(1));
    Admission probe = breaker_.Admit();
    ASSERT_EQ(probe, Admission::kProbe) << wait;
    breaker_.Record(probe, CallOutcome::kFailed);
    EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  }
  // Once it answers, the next opening starts again from the first wait.
  clock_.Advance(milliseconds(4000));
  Admission probe = breaker_.Admit();
  breaker_.Record(probe, CallOutcome::kAnswered);
  Open();
  EXPECT_EQ(breaker_.probe_after(), milliseconds(1000));
}

TEST_F(CircuitBreakerTest, AProbeThatToldNothingLetsTheNextCallProbe) {
  Open();
  clock_.Advance(milliseconds(1000));
  Admission probe = breaker_.Admit();
  breaker_.Record(probe, CallOutcome::kInconclusive);
  EXPECT_EQ(breaker_.state(), CircuitState::kHalfOpen);
  EXPECT_EQ(breaker_.Admit(), Admission::kProbe);
}

// ---- the guard ----

TEST(DownstreamGuard, AnAnswerOfAnyKindIsTheServiceAnswering) {
  using grpc::StatusCode;
  auto outcome = [](StatusCode code, bool whole_budget) {
    return OutcomeOf(grpc::Status(code, ""), whole_budget);
  };
  EXPECT_EQ(OutcomeOf(grpc::Status::OK, true), CallOutcome::kAnswered);
  EXPECT_EQ(outcome(StatusCode::NOT_FOUND, true), CallOutcome::kAnswered);
  EXPECT_EQ(outcome(StatusCode::PERMISSION_DENIED, true), CallOutcome::kAnswered);
  EXPECT_EQ(outcome(StatusCode::UNAVAILABLE, false), CallOutcome::kFailed);
  EXPECT_EQ(outcome(StatusCode::INTERNAL, true), CallOutcome::kFailed);
  EXPECT_EQ(outcome(StatusCode::DEADLINE_EXCEEDED, true), CallOutcome::kFailed);
  EXPECT_EQ(outcome(StatusCode::DEADLINE_EXCEEDED, false), CallOutcome::kInconclusive);
  EXPECT_EQ(outcome(StatusCode::CANCELLED, true), CallOutcome::kInconclusive);
}

TEST(DownstreamGuard, AnOptionalPartGetsItsBudgetUnlessTheCallerHasLessTime) {
  FakeClock clock(kStart);
  DownstreamGuard guard({"points"}, {milliseconds(300), {}, &clock});
  auto now = std::chrono::system_clock::now();
  grpc::ClientContext patient, hurried, required;
  patient.set_deadline(now + std::chrono::seconds(20));
  hurried.set_deadline(now + milliseconds(100));
  required.set_deadline(now + std::chrono::seconds(20));
  EXPECT_TRUE(guard.Admit("points", Wait::kPartBudget, patient).has_whole_budget);
  EXPECT_LT(patient.deadline(), now + std::chrono::seconds(5));
  EXPECT_FALSE(guard.Admit("points", Wait::kPartBudget, hurried).has_whole_budget);
  EXPECT_GT(hurried.deadline(), now);  // the caller's own
  EXPECT_LE(hurried.deadline(), now + milliseconds(100));
  EXPECT_TRUE(guard.Admit("points", Wait::kCallersDeadline, required).has_whole_budget);
  EXPECT_GT(required.deadline(), now + std::chrono::seconds(19));
}

TEST(DownstreamGuard, BreakerStatesTransitionsAndRefusalsAreMetrics) {
  FakeClock clock(kStart);
  DownstreamGuard guard({"points", "posts"}, {milliseconds(300), {2, milliseconds(1000)}, &clock});
  grpc::Status down(grpc::StatusCode::UNAVAILABLE, "down");
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    auto ticket = guard.Admit("points", Wait::kPartBudget, context);
    guard.Record("points", ticket, down);
  }
  grpc::ClientContext refused;
  EXPECT_EQ(guard.Admit("points", Wait::kPartBudget, refused).admission, Admission::kRefused);
  EXPECT_EQ(guard.state("points"), CircuitState::kOpen);
  EXPECT_EQ(guard.Refusal("points").error_code(), grpc::StatusCode::UNAVAILABLE);
  std::string text = guard.RenderMetrics();
  for (const char* line : {
           "tongxin_gateway_circuit_state{service=\"points\",state=\"open\"} 1\n",
           "tongxin_gateway_circuit_state{service=\"points\",state=\"closed\"} 0\n",
           "tongxin_gateway_circuit_state{service=\"posts\",state=\"closed\"} 1\n",
           "tongxin_gateway_circuit_transitions_total{service=\"points\",to=\"open\"} 1\n",
           "tongxin_gateway_circuit_refused_total{service=\"points\"} 1\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << text;
  }
}

// ---- a fanout behind the guard ----

// Stands in for a stub's async() interface: counts the calls made and answers each, on a thread
// of its own, with `status`.
class CountingAsync {
 public:
  explicit CountingAsync(grpc::Status status) : status_(std::move(status)) {}
  ~CountingAsync() {
    for (auto& thread : threads_) thread.join();
  }
  void GetVolunteer(grpc::ClientContext*, const vpb::GetVolunteerRequest*, vpb::Volunteer*,
                    std::function<void(grpc::Status)> done) {
    ++calls;
    threads_.emplace_back([this, done = std::move(done)] { done(status_); });
  }
  std::atomic<int> calls = 0;

 private:
  grpc::Status status_;
  std::vector<std::thread> threads_;
};

// The services a fanout of one call to `service` on `async` missed, once it has continued.
std::set<std::string> MissedBy(CountingAsync& async, DownstreamGuard& guard) {
  Caller caller{"", std::chrono::system_clock::now() + std::chrono::seconds(20),
                Principal{"v-1", Role::kVolunteer, {}}};
  auto fan = Fanout::New(caller, &guard);
  fan->Call("points", &async, &CountingAsync::GetVolunteer, vpb::GetVolunteerRequest{},
            Need::kRequired, Wait::kPartBudget);
  std::promise<std::set<std::string>> missed;
  fan->Then([&missed](absl::Status, const Fanout& done) { missed.set_value(done.missing()); });
  return missed.get_future().get();
}

TEST(DownstreamGuard, AFanoutLeavesAServiceWhoseBreakerIsOpenOutWithoutCallingIt) {
  FakeClock clock(kStart);
  DownstreamGuard guard({"points"}, {milliseconds(300), {2, milliseconds(1000)}, &clock});
  CountingAsync down(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
  EXPECT_EQ(MissedBy(down, guard), std::set<std::string>{"points"});
  EXPECT_EQ(MissedBy(down, guard), std::set<std::string>{"points"});
  EXPECT_EQ(down.calls.load(), 2);
  EXPECT_EQ(MissedBy(down, guard), std::set<std::string>{"points"});  // at once: not called
  EXPECT_EQ(down.calls.load(), 2);
  // Back: the probe, once due, answers and closes the breaker.
  CountingAsync back(grpc::Status::OK);
  clock.Advance(milliseconds(1000));
  EXPECT_TRUE(MissedBy(back, guard).empty());
  EXPECT_EQ(guard.state("points"), CircuitState::kClosed);
  EXPECT_TRUE(MissedBy(back, guard).empty());
  EXPECT_EQ(back.calls.load(), 2);
}

}  // namespace
}  // namespace tongxin::gateway
