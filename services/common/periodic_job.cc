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

absl::StatusOr<int> PeriodicJob::RunOnce() { return tick_(clock_.Now()); }

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
