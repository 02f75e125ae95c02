// The hours an attendance earns, as pure arithmetic the volunteer can follow: check-out minus
// check-in, clipped to the activity's time; split over China's calendar days (Asia/Shanghai,
// UTC+8: an activity over midnight counts on both days); each day limited by the daily cap less
// what the volunteer's other activities already credited that day; the whole limited by the
// activity's max_hours; rounded DOWN to the half hour last. The rounded total is then shared out
// over the days in order (what later daily caps count). No SQL, no gRPC.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/activities/domain/model.h"

namespace tongxin::activities {

struct HoursInput {
  std::optional<Time> check_in;
  std::optional<Time> check_out;
  Time start;
  Time end;
  double max_hours = 0;  // 0: no cap of the activity's own
  double daily_cap_hours = 8;
  // China date (YYYY-MM-DD) → hours the volunteer's other activities credited on it.
  std::map<std::string, double> credited_elsewhere;
};

struct DayShare {
  std::string date;  // China date
  double hours = 0;
};

struct HoursResult {
  double hours = 0;            // a multiple of 0.5
  std::vector<DayShare> days;  // days with a share, in order; their hours add up to `hours`
  std::string explanation;     // shown to the volunteer
};

HoursResult ComputeHours(const HoursInput& in);

// The China date an attendance's record carries: its first day with a share (else the
// activity's start date).
std::string ServiceDate(const HoursResult& result, Time activity_start);

}  // namespace tongxin::activities
