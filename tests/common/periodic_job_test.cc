// PeriodicJob, the one background loop: a run sees the injected clock's time, a full batch goes
// again at once, Notify wakes the loop early, Stop ends it after the run in progress.
#include "services/common/periodic_job.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

namespace tongxin {
namespace {

const auto kStart = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

// Counts runs and lets the test wait for the n-th without a timer.
class Runs {
 public:
  void Add() {
    std::lock_guard lock(mu_);
    ++count_;
    changed_.notify_all();
  }
  void WaitFor(int n) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard lock(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int count_ = 0;
};

TEST(PeriodicJobTest, RunOnceSeesTheInjectedClock) {
  FakeClock clock(kStart);
  std::chrono::system_clock::time_point seen;
  PeriodicJob job("test", std::chrono::hours(1), clock, [&](auto now) -> absl::StatusOr<int> {
    seen = now;
    return 0;
  });
  clock.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(job.RunOnce().ok());
  EXPECT_EQ(seen, kStart + std::chrono::minutes(5));
}

// Operators see every run: how many succeeded and failed, and when the last success was.
TEST(PeriodicJobTest, RunsAreCountedByOutcomeWithTheLastSuccessTime) {
  FakeClock clock(kStart);
  MetricsRegistry metrics;
  bool fail = false;
  PeriodicJob job("claim timer", std::chrono::hours(1), clock, [&](auto) -> absl::StatusOr<int> {
    if (fail) return absl::UnavailableError("database unavailable");
    return 0;
  });
  job.CountRunsIn(metrics);
  // Before any run: the last success is the registration, so that a job that never succeeds
  // grows stale like one that stopped succeeding.
  EXPECT_EQ(metrics.Value("tongxin_job_last_success_timestamp_seconds", {{"task", "claim timer"}}),
            1'800'000'000);
  EXPECT_EQ(metrics.Value("tongxin_job_interval_seconds", {{"task", "claim timer"}}), 3600);
  clock.Advance(std::chrono::minutes(1));
  const MetricLabels ok{{"task", "claim timer"}, {"outcome", "ok"}};
  const MetricLabels failed{{"task", "claim timer"}, {"outcome", "failed"}};
  EXPECT_NE(
      metrics.Render().find("tongxin_job_runs_total{task=\"claim timer\",outcome=\"failed\"} 0"),
      std::string::npos);
  ASSERT_TRUE(job.RunOnce().ok());
  clock.Advance(std::chrono::minutes(5));
  fail = true;
  EXPECT_FALSE(job.RunOnce().ok());
  EXPECT_EQ(metrics.Value("tongxin_job_runs_total", ok), 1);
  EXPECT_EQ(metrics.Value("tongxin_job_runs_total", failed), 1);
  // The failed run five minutes later leaves the last success where it was.
  EXPECT_EQ(metrics.Value("tongxin_job_last_success_timestamp_seconds", {{"task", "claim timer"}}),
            1'800'000'060);
}

TEST(PeriodicJobTest, AFullBatchRunsAgainAtOnceUntilTheWorkIsDone) {
  FakeClock clock(kStart);
  Runs runs;
  int waiting = 10;  // items; 3 per run
  PeriodicJob job(
      "test", std::chrono::hours(1), clock,
      [&](auto) -> absl::StatusOr<int> {
        int handled = std::min(waiting, 3);
        waiting -= handled;
        runs.Add();
        return handled;
      },
      3);
  job.Start();
  // 3 + 3 + 3 + 1: the fourth run handled less than a batch, so the job now waits an hour.
  runs.WaitFor(4);
  job.Stop();
  EXPECT_EQ(runs.count(), 4);
  EXPECT_EQ(waiting, 0);
}

TEST(PeriodicJobTest, NotifyWakesTheLoopBeforeItsInterval) {
  FakeClock clock(kStart);
  Runs runs;
  PeriodicJob job("test", std::chrono::hours(1), clock, [&](auto) -> absl::StatusOr<int> {
    runs.Add();
    return 0;
  });
  job.Start();
  runs.WaitFor(1);
  job.Notify();
  runs.WaitFor(2);  // an hour-long interval: only Notify can have caused this run
  job.Stop();
  EXPECT_GE(runs.count(), 2);
}

TEST(PeriodicJobTest, AFailingRunIsLoggedAndTheLoopGoesOn) {
  FakeClock clock(kStart);
  Runs runs;
  PeriodicJob job("test", std::chrono::hours(1), clock, [&](auto) -> absl::StatusOr<int> {
    runs.Add();
    return absl::UnavailableError("database down");
  });
  job.Start();
  runs.WaitFor(1);
  job.Notify();
  runs.WaitFor(2);
  job.Stop();
  job.Stop();  // stopping twice is harmless
  EXPECT_GE(runs.count(), 2);
}

}  // namespace
}  // namespace tongxin
