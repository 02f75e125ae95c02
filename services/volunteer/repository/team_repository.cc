// The team aggregate's SQL (see team_repository.h and team_queries.h).
#include "services/volunteer/repository/team_repository.h"

#include "services/volunteer/repository/team_queries.h"

namespace tongxin::volunteer {
namespace {

Team TeamFrom(const pqxx::row& row) {
  return Team{
      row["team_id"].as<std::string>(), row["community_id"].as<std::string>(),
      row["name"].as<std::string>(),    row["description"].as<std::string>(),
      row["member_count"].as<int>(),    FromEpochMicros(row["create_micros"].as<long long>())};
}

TeamMember MemberFrom(const pqxx::row& row) {
  TeamMember member{row["team_id"].as<std::string>(), row["volunteer_id"].as<std::string>(),
                    row["name"].as<std::string>(),
                    FromEpochMicros(row["join_micros"].as<long long>()), std::nullopt};
  if (!row["leave_micros"].is_null()) {
    member.leave_time = FromEpochMicros(row["leave_micros"].as<long long>());
  }
  return member;
}

}  // namespace

TeamRepository::TeamRepository(Db& db) {
  db.Register({kTeamInsert, kTeamGet, kTeamList, kTeamJoin, kTeamLeave, kTeamMembers});
  db.RegisterConstraintMessages({
      {"teams_name_per_community", "name: the community has a team of this name"},
      {"teams_community_id_fkey", "community_id: no such community"},
      {"team_members_open", "volunteer_id: already a member of this team"},
  });
}

absl::StatusOr<Team> TeamRepository::Insert(Tx& tx, const Team& team) {
  return TeamFrom(Exec1(tx, kTeamInsert, team.community_id, team.name, team.description));
}

absl::StatusOr<std::optional<Team>> TeamRepository::Find(Tx& tx, const std::string& team_id) {
  auto rows = Exec(tx, kTeamGet, team_id);
  if (rows.empty()) return std::nullopt;
  return TeamFrom(rows[0]);
}

absl::StatusOr<Page<Team>> TeamRepository::List(Tx& tx, const std::string& community_id,
                                                const PageRequest& page) {
  auto rows = Exec(tx, kTeamList, community_id, page.after, page.page_size + 1);
  return ReadPage<Team>(rows, page.page_size, TeamFrom);
}

absl::StatusOr<TeamMember> TeamRepository::Join(Tx& tx, const std::string& team_id,
                                                const std::string& volunteer_id) {
  return MemberFrom(Exec1(tx, kTeamJoin, team_id, volunteer_id));
}

absl::StatusOr<std::optional<TeamMember>> TeamRepository::Leave(Tx& tx, const std::string& team_id,
                                                                const std::string& volunteer_id) {
  auto rows = Exec(tx, kTeamLeave, team_id, volunteer_id);
  if (rows.empty()) return std::nullopt;
  return MemberFrom(rows[0]);
}

absl::StatusOr<Page<TeamMember>> TeamRepository::Members(Tx& tx, const std::string& team_id,
                                                         const PageRequest& page) {
  auto rows = Exec(tx, kTeamMembers, team_id, page.after, page.page_size + 1);
  return ReadPage<TeamMember>(rows, page.page_size, MemberFrom, [](const pqxx::row& row) {
    return row["volunteer_id"].as<std::string>();
  });
}

}  // namespace tongxin::volunteer
