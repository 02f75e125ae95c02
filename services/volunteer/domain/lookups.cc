// Reads shared by the volunteer domain's areas (see lookups.h).
#include "services/volunteer/domain/lookups.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/regions.h"

namespace tongxin::volunteer {

Lookups::Lookups(GridRepository& grids, VolunteerRepository& volunteers)
    : grids_(grids), volunteers_(volunteers) {}

absl::StatusOr<Volunteer> Lookups::FindVolunteer(Tx& tx, const std::string& volunteer_id,
                                                 bool lock) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_ASSIGN_OR_RETURN(auto volunteer, volunteers_.Find(tx, volunteer_id, lock));
  if (!volunteer) return absl::NotFoundError("volunteer_id: no such volunteer");
  return *volunteer;
}

absl::StatusOr<Volunteer> Lookups::VolunteerVisibleTo(Tx& tx, const Principal& caller,
                                                      const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfIfVolunteer(caller, volunteer_id));
  TX_ASSIGN_OR_RETURN(Volunteer v, FindVolunteer(tx, volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  return v;
}

absl::Status Lookups::RequireCommunity(Tx& tx, const std::string& community_id) {
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, community_id));
  if (!community) return absl::NotFoundError("community_id: no such community");
  return absl::OkStatus();
}

absl::Status Lookups::RequireCommunityAndGrid(Tx& tx, const std::string& community_id,
                                              const std::string& grid_id) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(RequireCommunity(tx, community_id));
  if (grid_id.empty()) return absl::OkStatus();
  TX_RETURN_IF_ERROR(CheckGridInCommunity(grid_id, community_id));
  TX_ASSIGN_OR_RETURN(auto grid, grids_.FindGrid(tx, grid_id));
  if (!grid) return absl::NotFoundError("grid_id: no such grid");
  return absl::OkStatus();
}

}  // namespace tongxin::volunteer
