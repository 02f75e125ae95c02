#include "services/common/clock.h"

namespace tongxin {
namespace {

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

std::string Format(const std::tm& tm, const char* format) {
  char buffer[32];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

}  // namespace

const Clock& Clock::System() {
  static const SystemClock clock;
  return clock;
}

std::tm ChinaCivilTime(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t) + kChinaOffsetSeconds;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

std::chrono::system_clock::time_point FromChinaCivilTime(std::tm tm) {
  return std::chrono::system_clock::from_time_t(timegm(&tm) - kChinaOffsetSeconds);
}

std::string ChinaDate(std::chrono::system_clock::time_point t) {
  return Format(ChinaCivilTime(t), "%Y-%m-%d");
}

std::string ChinaMonth(std::chrono::system_clock::time_point t) {
  return Format(ChinaCivilTime(t), "%Y-%m");
}

ChinaDaySpan DaySpanInChina(std::chrono::system_clock::time_point t) {
  std::tm day = ChinaCivilTime(t);
  day.tm_hour = day.tm_min = day.tm_sec = 0;
  const auto begin = FromChinaCivilTime(day);
  ++day.tm_mday;  // timegm normalises the month's last day + 1
  return {begin, FromChinaCivilTime(day)};
}

ChinaMonthSpan MonthSpanInChina(const std::string& month) {
  std::tm first{};
  first.tm_year = std::stoi(month.substr(0, 4)) - 1900;
  first.tm_mon = std::stoi(month.substr(5, 2)) - 1;
  first.tm_mday = 1;
  std::tm next = first;
  next.tm_mon += 1;  // timegm normalises December + 1 to January of the next year
  ChinaMonthSpan span;
  span.begin = FromChinaCivilTime(first);
  span.end = FromChinaCivilTime(next);
  span.first_day = ChinaDate(span.begin);
  span.next_first_day = ChinaDate(span.end);
  return span;
}

}  // namespace tongxin
