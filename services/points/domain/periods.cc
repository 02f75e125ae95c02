// Period keys, years and working days in China Standard Time.
#include "services/points/domain/periods.h"

#include <ctime>
#include <regex>

#include "absl/strings/str_cat.h"
#include "services/common/clock.h"

namespace tongxin::points {

std::string PeriodKey(PeriodKind kind, Time t) {
  std::tm tm = ChinaCivilTime(t);
  int year = tm.tm_year + 1900;
  switch (kind) {
    case PeriodKind::kMonth:
      return ChinaMonth(t);
    case PeriodKind::kQuarter:
      return absl::StrCat(year, "-Q", tm.tm_mon / 3 + 1);
    case PeriodKind::kYear:
      return absl::StrCat(year);
    case PeriodKind::kAllTime:
    case PeriodKind::kUnspecified:
      break;
  }
  return kAllTimePeriod;
}

std::vector<std::string> AllPeriodKeys(Time t) {
  return {PeriodKey(PeriodKind::kMonth, t), PeriodKey(PeriodKind::kQuarter, t),
          PeriodKey(PeriodKind::kYear, t), kAllTimePeriod};
}

absl::Status CheckPeriod(PeriodKind kind, const std::string& period) {
  static const std::regex kMonth(R"(\d{4}-(0[1-9]|1[0-2]))");
  static const std::regex kQuarter(R"(\d{4}-Q[1-4])");
  static const std::regex kYear(R"(\d{4})");
  bool ok = false;
  switch (kind) {
    case PeriodKind::kMonth:
      ok = std::regex_match(period, kMonth);
      break;
    case PeriodKind::kQuarter:
      ok = std::regex_match(period, kQuarter);
      break;
    case PeriodKind::kYear:
      ok = std::regex_match(period, kYear);
      break;
    case PeriodKind::kAllTime:
      ok = period == kAllTimePeriod;
      break;
    case PeriodKind::kUnspecified:
      return absl::InvalidArgumentError("period_kind: required");
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        "period: must match the period kind (2026-05, 2026-Q2, 2026 or all)");
  }
  return absl::OkStatus();
}

std::string LimitPeriodKey(LimitPeriod period, Time now) {
  switch (period) {
    case LimitPeriod::kMonth:
      return PeriodKey(PeriodKind::kMonth, now);
    case LimitPeriod::kQuarter:
      return PeriodKey(PeriodKind::kQuarter, now);
    case LimitPeriod::kYear:
      return PeriodKey(PeriodKind::kYear, now);
    case LimitPeriod::kNone:
      break;
  }
  return "-";
}

int ChinaYear(Time t) { return ChinaCivilTime(t).tm_year + 1900; }

Time ChinaYearStart(int year) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = 0;
  tm.tm_mday = 1;
  return FromChinaCivilTime(tm);
}

Time AddWorkingDays(Time from, int days) {
  Time t = from;
  // Published at the weekend: the notice counts from Monday 00:00.
  std::tm start = ChinaCivilTime(from);
  if (start.tm_wday == 0 || start.tm_wday == 6) {
    int to_monday = start.tm_wday == 6 ? 2 : 1;
    t = from - std::chrono::hours(start.tm_hour) - std::chrono::minutes(start.tm_min) -
        std::chrono::seconds(start.tm_sec) + std::chrono::hours(24 * to_monday);
  }
  while (days > 0) {
    t += std::chrono::hours(24);
    int weekday = ChinaCivilTime(t).tm_wday;  // 0 Sunday .. 6 Saturday
    if (weekday != 0 && weekday != 6) --days;
  }
  return t;
}

}  // namespace tongxin::points
