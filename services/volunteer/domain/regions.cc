// Region-id rules of new streets, communities and grids (see regions.h).
#include "services/volunteer/domain/regions.h"

#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::volunteer {

absl::Status CheckNewStreet(const Street& street) {
  TX_RETURN_IF_ERROR(CheckRegionId("street.street_id", street.street_id, kStreetIdLength));
  TX_RETURN_IF_ERROR(CheckText("street.name", street.name, 50));
  return CheckText("street.district", street.district, 50, false);
}

absl::StatusOr<Community> CheckNewCommunity(const Community& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("community.community_id", in.community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("community.name", in.name, 50));
  Community community = in;
  community.street_id = in.community_id.substr(0, kStreetIdLength);
  if (!in.street_id.empty() && in.street_id != community.street_id) {
    return absl::InvalidArgumentError(
        "community.street_id: must be the first 9 digits of community_id");
  }
  return community;
}

absl::StatusOr<Grid> CheckNewGrid(const Grid& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("grid.grid_id", in.grid_id, kGridIdLength));
  TX_RETURN_IF_ERROR(CheckText("grid.name", in.name, 50));
  if (in.households < 0) return absl::InvalidArgumentError("grid.households: must not be negative");
  Grid grid = in;
  grid.community_id = in.grid_id.substr(0, kCommunityIdLength);
  if (!in.community_id.empty() && in.community_id != grid.community_id) {
    return absl::InvalidArgumentError("grid.community_id: must be the first 12 digits of grid_id");
  }
  return grid;
}

absl::Status CheckGridInCommunity(const std::string& grid_id, const std::string& community_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("grid_id", grid_id, kGridIdLength));
  if (grid_id.substr(0, kCommunityIdLength) != community_id) {
    return absl::InvalidArgumentError("grid_id: the grid is not in community_id");
  }
  return absl::OkStatus();
}

}  // namespace tongxin::volunteer
