// Service record rules (see service_record.h).
#include "services/volunteer/domain/service_record.h"

#include <array>
#include <cmath>

namespace tongxin::volunteer {
namespace {

constexpr std::array<double, 5> kStarThresholds = {100, 300, 600, 1000, 1500};

}  // namespace

absl::StatusOr<double> CheckServiceHours(double hours, ZeroHours zero) {
  const bool allow_zero = zero == ZeroHours::kAllowed;
  if (!std::isfinite(hours) || hours < 0 || (!allow_zero && hours == 0) || hours > 24) {
    return absl::InvalidArgumentError(allow_zero ? "hours: must be between 0 and 24"
                                                 : "hours: must be more than 0 and at most 24");
  }
  double rounded = std::round(hours * 100) / 100;
  if (std::fabs(rounded - hours) > 1e-9 || (!allow_zero && rounded == 0)) {
    return absl::InvalidArgumentError("hours: at most two decimals");
  }
  return rounded;
}

bool RecordedByItsService(ServiceSource source) {
  return source == ServiceSource::kPostLog || source == ServiceSource::kWish;
}

absl::Status AlreadyCorrected() {
  return absl::FailedPreconditionError(
      "record_id: the record was already corrected; correct the newest record");
}

absl::Status CheckCorrectable(const ServiceRecord& record) {
  return IsCurrent(record) ? absl::OkStatus() : AlreadyCorrected();
}

int StarLevel(double total_hours) {
  if (std::isnan(total_hours)) return 0;
  int level = 0;
  for (double threshold : kStarThresholds) {
    if (total_hours >= threshold) ++level;
  }
  return level;
}

double HoursToNextStar(double total_hours) {
  if (std::isnan(total_hours) || total_hours < 0) total_hours = 0;
  for (double threshold : kStarThresholds) {
    if (total_hours < threshold) return threshold - total_hours;
  }
  return 0;
}

}  // namespace tongxin::volunteer
