#include "services/wishes/domain/wish_rules.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::wishes {

absl::Status CheckEstimatedValue(int value_yuan, int cap_yuan) {
  if (value_yuan < 0 || value_yuan > cap_yuan) {
    return absl::InvalidArgumentError(
        absl::StrCat("estimated_value: a micro-wish is worth at most ", cap_yuan, " yuan"));
  }
  return absl::OkStatus();
}

absl::Status CheckServiceHours(double hours) {
  if (!std::isfinite(hours) || hours < 0 || hours > 24 ||
      std::fabs(std::round(hours * 100) / 100 - hours) > 1e-9) {
    return absl::InvalidArgumentError("service_hours: between 0 and 24, two decimals");
  }
  return absl::OkStatus();
}

absl::Status CheckUrl(const std::string& field, const std::string& url) {
  if (url.empty()) return absl::OkStatus();
  TX_RETURN_IF_ERROR(CheckText(field, url, 500));
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    return absl::InvalidArgumentError(field + ": must start with http:// or https://");
  }
  return absl::OkStatus();
}

absl::Status CheckWisherTitle(const std::string& title) {
  if (!title.empty() && title != "女士" && title != "先生") {
    return absl::InvalidArgumentError("wisher_title: 女士, 先生 or empty");
  }
  return absl::OkStatus();
}

absl::Status CheckOpenClaims(int open, int max_open) {
  if (open >= max_open) {
    return absl::FailedPreconditionError(
        absl::StrCat("volunteer_id: at most ", max_open,
                     " open claims (claimed or fulfilled) per volunteer; fulfil or release one "
                     "first"));
  }
  return absl::OkStatus();
}

absl::Status CheckRecentReleases(int released, int max_released) {
  if (released >= max_released) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "volunteer_id: ", released, " claims released in the last ", kReleaseWindow.count(),
        " hours (at most ", max_released, "); claim again once the first of them is a day old"));
  }
  return absl::OkStatus();
}

std::string MaskedName(const std::string& name, const std::string& title) {
  size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  std::string masked = name.substr(0, first);
  if (!title.empty()) return masked + title;
  for (size_t i = first; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) masked += "*";
  }
  return masked;
}

}  // namespace tongxin::wishes
