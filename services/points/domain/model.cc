// Account ids (the one place their shape is written) and the settings' ranges.
#include "services/points/domain/model.h"

namespace tongxin::points {

std::string VolunteerAccount(const std::string& volunteer_id) {
  return "volunteer:" + volunteer_id;
}
std::string IssuingAccount(const std::string& community_id) { return "issuing:" + community_id; }
std::string StoreAccount(const std::string& region_id) { return "store:" + region_id; }

absl::Status CheckPointsOptions(const PointsOptions& options) {
  if (options.max_round_candidates < 1 || options.max_round_candidates > 10000) {
    return absl::InvalidArgumentError("max_round_candidates: between 1 and 10000");
  }
  if (options.max_objections_per_round < 1 || options.max_objections_per_round > 100) {
    return absl::InvalidArgumentError("max_objections_per_round: between 1 and 100");
  }
  return absl::OkStatus();
}

}  // namespace tongxin::points
