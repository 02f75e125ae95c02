// An injectable clock: production code asks a Clock for the time so tests can drive it. Civil
// dates, months and periods are reckoned in China Standard Time, by the helpers below.
#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>

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

// China Standard Time (Asia/Shanghai): UTC+8 all year, no daylight saving.
inline constexpr int kChinaOffsetSeconds = 8 * 3600;

// The civil (wall-clock) time in China at `t`.
std::tm ChinaCivilTime(std::chrono::system_clock::time_point t);
// The instant at which China's wall clocks read `tm` (its date and time fields, normalised the
// way timegm does: tm_mon 12 is January of the next year).
std::chrono::system_clock::time_point FromChinaCivilTime(std::tm tm);
// The civil date (YYYY-MM-DD) and month (YYYY-MM) in China at `t`.
std::string ChinaDate(std::chrono::system_clock::time_point t);
std::string ChinaMonth(std::chrono::system_clock::time_point t);

// A calendar month in China: [begin, end) as civil dates and as instants.
struct ChinaMonthSpan {
  std::string first_day;       // YYYY-MM-01
  std::string next_first_day;  // the first day of the next month
  std::chrono::system_clock::time_point begin;
  std::chrono::system_clock::time_point end;
};
// `month` is YYYY-MM, already checked (CheckMonth in validation.h).
ChinaMonthSpan MonthSpanInChina(const std::string& month);

// The calendar day in China that holds `t`: [begin, end) as instants.
struct ChinaDaySpan {
  std::chrono::system_clock::time_point begin;
  std::chrono::system_clock::time_point end;
};
ChinaDaySpan DaySpanInChina(std::chrono::system_clock::time_point t);

}  // namespace tongxin
