// The one way a service runs background work (the outbox relay, the wishes' claim timer): a
// thread that calls a tick every interval until stopped, woken early on demand, and again at once
// when the tick says more work is waiting. Tests do not start the thread: they call RunOnce with
// a FakeClock, so time is moved, never waited for (userver's utils::PeriodicTask is the model).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/common/metrics.h"

namespace tongxin {

class PeriodicJob {
 public:
  // One run of the work at `now`: how many items it handled, or why it failed (logged, then the
  // job waits an interval as usual). `batch_size`: a run that handled this many goes again at
  // once, since more may be waiting (0: never).
  using Tick = std::function<absl::StatusOr<int>(std::chrono::system_clock::time_point now)>;

  PeriodicJob(std::string name, std::chrono::milliseconds interval, const Clock& clock, Tick tick,
              int batch_size = 0);
  ~PeriodicJob();
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;

  // Counts every run into `metrics` from now on, so that a job that stopped succeeding shows:
  // tongxin_job_runs_total{task,outcome}, tongxin_job_last_success_timestamp_seconds{task} (now,
  // until a run succeeds) and tongxin_job_interval_seconds{task} (`task`, since `job` is the
  // label Prometheus gives each scrape target).
  void CountRunsIn(MetricsRegistry& metrics);

  // One run now, on the caller's thread.
  absl::StatusOr<int> RunOnce();
  // The background loop: a run at once, then one per interval (again at once after a full
  // batch). Stop (or the destructor) ends it after the run in progress.
  void Start();
  void Stop();
  // Wakes the loop early (e.g. right after work was queued).
  void Notify();

 private:
  const std::string name_;
  const std::chrono::milliseconds interval_;
  const Clock& clock_;
  const Tick tick_;
  const int batch_size_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;
  std::thread thread_;
  std::atomic<MetricsRegistry*> metrics_{nullptr};
};

}  // namespace tongxin
