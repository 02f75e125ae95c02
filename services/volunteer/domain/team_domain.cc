// Service teams and memberships (see team_domain.h).
#include "services/volunteer/domain/team_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/volunteer_status.h"

namespace tongxin::volunteer {

TeamDomain::TeamDomain(TeamRepository& teams, Lookups& lookups)
    : teams_(teams), lookups_(lookups) {}

absl::StatusOr<Team> TeamDomain::CreateTeam(Tx& tx, const Principal& caller, const Team& team) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", team.community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("name", team.name, 50));
  TX_RETURN_IF_ERROR(CheckText("description", team.description, 500, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team.community_id));
  TX_RETURN_IF_ERROR(lookups_.RequireCommunity(tx, team.community_id));
  return teams_.Insert(tx, team);
}

absl::StatusOr<Page<Team>> TeamDomain::ListTeams(Tx& tx, const Principal&,
                                                 const std::string& community_id,
                                                 const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  return teams_.List(tx, community_id, page);
}

absl::StatusOr<Team> TeamDomain::TeamForMembership(Tx& tx, const Principal& caller,
                                                   const std::string& team_id,
                                                   const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckUuid("team_id", team_id));
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfIfVolunteer(caller, volunteer_id));
  TX_ASSIGN_OR_RETURN(auto team, teams_.Find(tx, team_id));
  if (!team) return absl::NotFoundError("team_id: no such team");
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team->community_id));
  }
  return *team;
}

absl::StatusOr<TeamMember> TeamDomain::JoinTeam(Tx& tx, const Principal& caller,
                                                const std::string& team_id,
                                                const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(TeamForMembership(tx, caller, team_id, volunteer_id).status());
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, volunteer_id));
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  TX_RETURN_IF_ERROR(RequireActive(v.status));
  return teams_.Join(tx, team_id, volunteer_id);
}

absl::StatusOr<TeamMember> TeamDomain::LeaveTeam(Tx& tx, const Principal& caller,
                                                 const std::string& team_id,
                                                 const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(TeamForMembership(tx, caller, team_id, volunteer_id).status());
  TX_ASSIGN_OR_RETURN(auto left, teams_.Leave(tx, team_id, volunteer_id));
  if (!left) return absl::FailedPreconditionError("volunteer_id: not a member of this team");
  return *left;
}

absl::StatusOr<Page<TeamMember>> TeamDomain::ListTeamMembers(Tx& tx, const Principal& caller,
                                                             const std::string& team_id,
                                                             const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckUuid("team_id", team_id));
  TX_RETURN_IF_ERROR(RefuseVolunteers(caller));
  TX_ASSIGN_OR_RETURN(auto team, teams_.Find(tx, team_id));
  if (!team) return absl::NotFoundError("team_id: no such team");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, team->community_id));
  return teams_.Members(tx, team_id, page);
}

}  // namespace tongxin::volunteer
