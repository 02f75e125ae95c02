#include "services/posts/domain/service_log.h"

#include <cmath>

#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::posts {

absl::StatusOr<double> CheckLogHours(double hours) {
  if (!std::isfinite(hours) || hours <= 0 || hours > 24) {
    return absl::InvalidArgumentError("hours: must be more than 0 and at most 24");
  }
  double rounded = std::round(hours * 100) / 100;
  if (std::fabs(rounded - hours) > 1e-9 || rounded == 0) {
    return absl::InvalidArgumentError("hours: at most two decimals");
  }
  return rounded;
}

absl::Status CheckServiceDate(const std::string& date, const std::string& today) {
  TX_RETURN_IF_ERROR(CheckDate("service_date", date, true));
  if (date > today) return absl::InvalidArgumentError("service_date: must not be in the future");
  return absl::OkStatus();
}

absl::Status CheckServedSinceAdoption(const std::string& date, const std::string& adopted_on) {
  if (date < adopted_on) {
    return absl::InvalidArgumentError("service_date: before the adoption began (" + adopted_on +
                                      ")");
  }
  return absl::OkStatus();
}

absl::Status CheckPhotos(const std::string& field, const std::vector<std::string>& urls) {
  if (urls.size() > 9) return absl::InvalidArgumentError(field + ": at most 9 photos");
  for (const auto& url : urls) {
    TX_RETURN_IF_ERROR(CheckText(field, url, 500));
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
      return absl::InvalidArgumentError(field + ": photo URLs start with http:// or https://");
    }
  }
  return absl::OkStatus();
}

}  // namespace tongxin::posts
