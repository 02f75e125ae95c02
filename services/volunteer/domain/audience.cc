#include "services/volunteer/domain/audience.h"

#include <algorithm>

#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::volunteer {

absl::StatusOr<int> AudiencePageSize(int requested) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return kDefaultAudiencePageSize;
  return std::min(requested, kMaxAudiencePageSize);
}

absl::Status CheckAudienceFilter(const AudienceFilter& filter) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", filter.region_id));
  if (!filter.team_id.empty()) TX_RETURN_IF_ERROR(CheckUuid("team_id", filter.team_id));
  if (!filter.grid_id.empty()) {
    TX_RETURN_IF_ERROR(CheckRegionId("grid_id", filter.grid_id, kGridIdLength));
    if (!filter.grid_id.starts_with(filter.region_id)) {
      return absl::InvalidArgumentError("grid_id: not inside region_id");
    }
  }
  return absl::OkStatus();
}

}  // namespace tongxin::volunteer
