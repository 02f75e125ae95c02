#include "services/activities/domain/hours.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/clock.h"

namespace tongxin::activities {
namespace {

constexpr long long kDaySeconds = 24 * 3600;
constexpr long long kHalfHourSeconds = 1800;

long long Seconds(Time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The next midnight in China after `t` (seconds since the epoch).
long long NextChinaMidnight(long long t) {
  long long local = t + kChinaOffsetSeconds;
  long long day = local >= 0 ? local / kDaySeconds : (local - kDaySeconds + 1) / kDaySeconds;
  return (day + 1) * kDaySeconds - kChinaOffsetSeconds;
}

std::string ClockTime(Time t) {
  std::tm tm = ChinaCivilTime(t);
  return absl::StrFormat("%02d:%02d", tm.tm_hour, tm.tm_min);
}

std::string DateTime(Time t) { return ChinaDate(t) + " " + ClockTime(t); }

std::string Duration(long long seconds) {
  long long minutes = seconds / 60;
  if (minutes % 60 == 0) return absl::StrCat(minutes / 60, "小时");
  if (minutes < 60) return absl::StrCat(minutes, "分钟");
  return absl::StrCat(minutes / 60, "小时", minutes % 60, "分钟");
}

std::string Hours(double hours) { return absl::StrFormat("%.1f小时", hours); }

}  // namespace

HoursResult ComputeHours(const HoursInput& in) {
  HoursResult result;
  if (!in.check_in) {
    result.explanation = "未签到，不计时长";
    return result;
  }
  if (!in.check_out) {
    result.explanation =
        absl::StrCat("签到 ", DateTime(*in.check_in), "，未签退，不计时长（组织者可更正时间）");
    return result;
  }
  std::vector<std::string> why;
  why.push_back(absl::StrCat("签到 ", DateTime(*in.check_in), "，签退 ", DateTime(*in.check_out),
                             "（北京时间）"));
  Time from = std::max(*in.check_in, in.start);
  Time to = std::min(*in.check_out, in.end);
  if (to <= from) {
    why.push_back("不在活动时间内，不计时长");
    result.explanation = absl::StrJoin(why, "；");
    return result;
  }
  if (from != *in.check_in || to != *in.check_out) {
    why.push_back(absl::StrCat("按活动时间计 ", ClockTime(from), "–", ClockTime(to)));
  }
  // Each China day's seconds, limited by what the daily cap leaves that day.
  struct Day {
    std::string date;
    long long seconds;
    long long taken;
  };
  std::vector<Day> days;
  const long long cap = std::llround(in.daily_cap_hours * 3600);
  long long raw = 0;
  for (long long t = Seconds(from), stop = Seconds(to); t < stop;) {
    long long next = std::min(NextChinaMidnight(t), stop);
    std::string date = ChinaDate(Time(std::chrono::seconds(t)));
    double elsewhere = 0;
    if (auto it = in.credited_elsewhere.find(date); it != in.credited_elsewhere.end()) {
      elsewhere = it->second;
    }
    long long left = std::max(0LL, cap - std::llround(elsewhere * 3600));
    long long taken = std::min(next - t, left);
    if (taken < next - t) {
      why.push_back(absl::StrCat(
          date, " 每日上限 ", Hours(in.daily_cap_hours),
          elsewhere > 0 ? absl::StrCat("，其他活动已计 ", Hours(elsewhere)) : std::string(),
          "，当日计 ", Duration(taken)));
    }
    days.push_back({date, next - t, taken});
    raw += taken;
    t = next;
  }
  if (days.size() > 1) why.push_back(absl::StrCat("跨越午夜，分 ", days.size(), " 天计"));
  why.push_back(absl::StrCat("共 ", Duration(raw)));
  if (in.max_hours > 0 && raw > std::llround(in.max_hours * 3600)) {
    raw = std::llround(in.max_hours * 3600);
    why.push_back(absl::StrCat("本活动每人最多 ", Hours(in.max_hours)));
  }
  long long total = raw / kHalfHourSeconds * kHalfHourSeconds;
  result.hours = static_cast<double>(total / kHalfHourSeconds) / 2;
  why.push_back(absl::StrCat("按半小时向下取整：", Hours(result.hours)));
  for (const Day& day : days) {
    long long share = std::min(day.taken, total);
    total -= share;
    if (share > 0) result.days.push_back({day.date, static_cast<double>(share) / 3600});
  }
  result.explanation = absl::StrJoin(why, "；");
  return result;
}

std::string ServiceDate(const HoursResult& result, Time activity_start) {
  if (!result.days.empty()) return result.days.front().date;
  return ChinaDate(activity_start);
}

}  // namespace tongxin::activities
