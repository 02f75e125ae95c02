// The reads several areas of the volunteer domain make before their own work, with the
// not-found messages they share: a volunteer by id, a volunteer as the caller may see them, a
// community (and grid) that must exist.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/grid_repository.h"
#include "services/volunteer/repository/volunteer_repository.h"

namespace tongxin::volunteer {

class Lookups {
 public:
  Lookups(GridRepository& grids, VolunteerRepository& volunteers);

  // NOT_FOUND "volunteer_id: no such volunteer". lock: for a read-modify-write.
  absl::StatusOr<Volunteer> FindVolunteer(Tx& tx, const std::string& volunteer_id,
                                          bool lock = false);
  // The volunteer themself, an admin in scope of their community, or the system. A volunteer
  // learns nothing about other ids, not even whether they exist.
  absl::StatusOr<Volunteer> VolunteerVisibleTo(Tx& tx, const Principal& caller,
                                               const std::string& volunteer_id);
  // NOT_FOUND "community_id: no such community".
  absl::Status RequireCommunity(Tx& tx, const std::string& community_id);
  // A volunteer's community and (when not empty) grid: well formed, existing, the grid in the
  // community.
  absl::Status RequireCommunityAndGrid(Tx& tx, const std::string& community_id,
                                       const std::string& grid_id);

 private:
  GridRepository& grids_;
  VolunteerRepository& volunteers_;
};

}  // namespace tongxin::volunteer
