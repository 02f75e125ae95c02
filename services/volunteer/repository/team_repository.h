// The service team aggregate (志愿服务队) and its memberships. The only code that runs its SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class TeamRepository {
 public:
  explicit TeamRepository(Db& db);

  absl::StatusOr<Team> Insert(Tx& tx, const Team& team);
  absl::StatusOr<std::optional<Team>> Find(Tx& tx, const std::string& team_id);
  absl::StatusOr<Page<Team>> List(Tx& tx, const std::string& community_id, const PageRequest& page);
  // ALREADY_EXISTS (via the open-membership index) when already a member.
  absl::StatusOr<TeamMember> Join(Tx& tx, const std::string& team_id,
                                  const std::string& volunteer_id);
  // nullopt when there is no open membership.
  absl::StatusOr<std::optional<TeamMember>> Leave(Tx& tx, const std::string& team_id,
                                                  const std::string& volunteer_id);
  // Current members.
  absl::StatusOr<Page<TeamMember>> Members(Tx& tx, const std::string& team_id,
                                           const PageRequest& page);
};

}  // namespace tongxin::volunteer
