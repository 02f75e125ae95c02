#include "services/common/periodic_job.h"

#include <spdlog/spdlog.h>

namespace tongxin {

PeriodicJob::PeriodicJob(std::string name, std::chrono::milliseconds interval, const Clock& clock,
                         Tick tick, int batch_size)
    : name_(std::move(name)),
      interval_(interval),
      clock_(clock),
      tick_(std::move(tick)),
      batch_size_(batch_size) {}

PeriodicJob::~PeriodicJob() { Stop(); }

namespace {
constexpr char kJobRunsMetric[] = "tongxin_job_runs_total";
constexpr char kJobLastSuccessMetric[] = "tongxin_job_last_success_timestamp_seconds";
constexpr char kJobIntervalMetric[] = "tongxin_job_interval_seconds";

double UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}
}  // namespace

void PeriodicJob::CountRunsIn(MetricsRegistry& metrics) {
  metrics.DeclareCounter(kJobRunsMetric, "Background job runs, by job and outcome (ok, failed).");
  metrics.DeclareGauge(kJobLastSuccessMetric,
                       "When each background job last ran without error (Unix time).");
  metrics.DeclareGauge(kJobIntervalMetric, "Each background job's interval between runs.");
  // Both series from the start, at 0, so that the first failure is seen as a rise; the last
  // success starts as now, so that a job that never succeeds (or never runs) grows stale too.
  for (const char* outcome : {"ok", "failed"}) {
    metrics.Increment(kJobRunsMetric, {{"task", name_}, {"outcome", outcome}}, 0);
  }
  metrics.Set(kJobLastSuccessMetric, {{"task", name_}}, UnixSeconds(clock_.Now()));
  metrics.Set(kJobIntervalMetric, {{"task", name_}},
              std::chrono::duration<double>(interval_).count());
  metrics_ = &metrics;
}

absl::StatusOr<int> PeriodicJob::RunOnce() {
  const auto now = clock_.Now();
  absl::StatusOr<int> handled = tick_(now);
  if (MetricsRegistry* metrics = metrics_.load()) {
    metrics->Increment(kJobRunsMetric,
                       {{"task", name_}, {"outcome", handled.ok() ? "ok" : "failed"}});
    if (handled.ok()) {
      metrics->Set(kJobLastSuccessMetric, {{"task", name_}}, UnixSeconds(now));
    }
  }
  return handled;
}

void PeriodicJob::Start() {
  // The thread is made under the lock, so a Stop from another thread sees it (or sees none).
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      absl::StatusOr<int> handled = RunOnce();
      if (!handled.ok()) spdlog::warn("{}: {}", name_, handled.status().ToString());
      lock.lock();
      if (handled.ok() && batch_size_ > 0 && *handled >= batch_size_) continue;
      wake_.wait_for(lock, interval_, [this] { return stopping_ || notified_; });
      notified_ = false;
    }
  });
}

void PeriodicJob::Stop() {
  std::thread running;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    running = std::move(thread_);
  }
  wake_.notify_all();
  if (running.joinable()) running.join();
}

void PeriodicJob::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

}  // namespace tongxin
