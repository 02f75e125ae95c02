// An injectable clock: production code asks a Clock for the time so tests can drive it.
#pragma once

#include <atomic>
#include <chrono>

namespace tongxin {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
  static const Clock& System();
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start) : now_(start) {}
  std::chrono::system_clock::time_point Now() const override { return now_.load(); }
  void Advance(std::chrono::system_clock::duration d) { now_.store(now_.load() + d); }
  void Set(std::chrono::system_clock::time_point t) { now_.store(t); }

 private:
  std::atomic<std::chrono::system_clock::time_point> now_;
};

}  // namespace tongxin
