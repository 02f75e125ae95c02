#include "bench/load/driver.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <thread>

namespace tongxin::bench {
namespace {

int64_t Micros(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

// What the loops share with the completion callbacks.
struct Run {
  LoadResult* result;
  Clock::time_point measure_from, measure_until;
  std::mutex mu;
  std::condition_variable idle;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  // Set when the drain wait gave up: late answers then touch nothing the caller owns.
  std::atomic<bool> abandoned{false};

  // One answer: counted when the request was due inside the measured window.
  void Answered(Clock::time_point due, const std::string& code) {
    Clock::time_point now = Clock::now();
    if (abandoned.load()) return;
    if (due >= measure_from && due < measure_until) {
      result->latency.Record(Micros(now - due));
      std::lock_guard lock(mu);
      ++result->codes[code];
    }
    if (in_flight.fetch_sub(1) == 1) {
      std::lock_guard lock(mu);
      idle.notify_all();
    }
  }
};

void Launch(const std::shared_ptr<Run>& run, const Send& send, int slot, Clock::time_point due,
            bool closed);

void Launch(const std::shared_ptr<Run>& run, const Send& send, int slot, Clock::time_point due,
            bool closed) {
  run->in_flight.fetch_add(1);
  if (due >= run->measure_from && due < run->measure_until) {
    std::lock_guard lock(run->mu);
    ++run->result->sent;
  }
  send(slot, [run, send, slot, due, closed](const std::string& code) {
    run->Answered(due, code);
    // The closed loop sends the slot's next request from the answer's thread.
    if (closed && !run->stopping.load() && Clock::now() < run->measure_until) {
      Launch(run, send, slot, Clock::now(), closed);
    }
  });
}

}  // namespace

double LoadResult::AchievedRate() const {
  return seconds > 0 ? static_cast<double>(latency.Count()) / seconds : 0;
}

void RunLoad(const LoadOptions& options, const Send& send, LoadResult& result) {
  auto run = std::make_shared<Run>();
  run->result = &result;
  Clock::time_point start = Clock::now();
  run->measure_from = start + options.warmup;
  run->measure_until = run->measure_from + options.duration;
  result.seconds = std::chrono::duration<double>(options.duration).count();
  std::thread hooks([&] {
    std::this_thread::sleep_until(run->measure_from);
    if (options.on_measure_start) options.on_measure_start();
    std::this_thread::sleep_until(run->measure_until);
    if (options.on_measure_end) options.on_measure_end();
  });

  if (options.rate <= 0) {
    for (int slot = 0; slot < options.concurrency; ++slot) {
      Launch(run, send, slot, Clock::now(), true);
    }
    std::this_thread::sleep_until(run->measure_until);
  } else {
    result.offered_rate = options.rate;
    // Each request is due at start + i / rate; the pacer sleeps until then and sends late
    // requests at once (their latency still counts from when they were due).
    const auto interval = std::chrono::duration<double>(1.0 / options.rate);
    for (uint64_t i = 0;; ++i) {
      Clock::time_point due =
          start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(i));
      if (due >= run->measure_until) break;
      std::this_thread::sleep_until(due);
      if (run->in_flight.load() >= options.max_in_flight) {
        if (due >= run->measure_from) {
          std::lock_guard lock(run->mu);
          ++result.dropped;
        }
        continue;
      }
      Launch(run, send, static_cast<int>(i % static_cast<uint64_t>(options.concurrency)), due,
             false);
    }
  }
  run->stopping = true;
  hooks.join();
  std::unique_lock lock(run->mu);
  result.drained = run->idle.wait_for(lock, options.drain, [&] { return run->in_flight == 0; });
  if (!result.drained) run->abandoned = true;
}

}  // namespace tongxin::bench
