// Time as the points rules count it, in China Standard Time: period keys (rankings, per-person
// limits), years (expiry) and working days (the notice of a commendation round). Pure functions.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

// The period of all time (tiers count in it).
inline constexpr char kAllTimePeriod[] = "all";

// Periods as keys: 2026-05, 2026-Q2, 2026, all.
std::string PeriodKey(PeriodKind kind, Time t);
// Every period an instant counts in: its month, quarter, year and "all".
std::vector<std::string> AllPeriodKeys(Time t);
// `period` written as its kind's key.
absl::Status CheckPeriod(PeriodKind kind, const std::string& period);

// The key that a reward's per-person limit counts in ("-" without a limit period).
std::string LimitPeriodKey(LimitPeriod period, Time now);

// The calendar year of `t`, and the first instant of a year.
int ChinaYear(Time t);
Time ChinaYearStart(int year);

// Adds `days` working days (Monday to Friday) to `from`; from a weekend, counting starts on
// Monday 00:00.
Time AddWorkingDays(Time from, int days);

}  // namespace tongxin::points
