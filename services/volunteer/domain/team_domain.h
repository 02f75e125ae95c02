// Service teams (志愿服务队) of a community and their memberships: who creates a team, who
// joins or leaves it (active volunteers, themselves or through an admin in scope), who lists its
// members. Knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/db.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/team_repository.h"

namespace tongxin::volunteer {

class TeamDomain {
 public:
  TeamDomain(TeamRepository& teams, Lookups& lookups);

  absl::StatusOr<Team> CreateTeam(Tx& tx, const Principal& caller, const Team& team);
  absl::StatusOr<Page<Team>> ListTeams(Tx& tx, const Principal& caller,
                                       const std::string& community_id, const PageRequest& page);
  absl::StatusOr<TeamMember> JoinTeam(Tx& tx, const Principal& caller, const std::string& team_id,
                                      const std::string& volunteer_id);
  absl::StatusOr<TeamMember> LeaveTeam(Tx& tx, const Principal& caller, const std::string& team_id,
                                       const std::string& volunteer_id);
  absl::StatusOr<Page<TeamMember>> ListTeamMembers(Tx& tx, const Principal& caller,
                                                   const std::string& team_id,
                                                   const PageRequest& page);

 private:
  // The team, after the checks joining and leaving share: ids well formed, a volunteer acting
  // for themself, an admin in scope of the team's community.
  absl::StatusOr<Team> TeamForMembership(Tx& tx, const Principal& caller,
                                         const std::string& team_id,
                                         const std::string& volunteer_id);

  TeamRepository& teams_;
  Lookups& lookups_;
};

}  // namespace tongxin::volunteer
