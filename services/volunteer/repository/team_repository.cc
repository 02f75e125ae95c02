#include "services/volunteer/repository/team_repository.h"

namespace tongxin::volunteer {
namespace {

constexpr char kTeamColumns[] =
    "t.team_id::text, t.community_id, t.name, t.description, "
    "(SELECT count(*) FROM team_members m WHERE m.team_id = t.team_id AND m.left_at IS NULL)::int, "
    "epoch_micros(t.created_at)";

Team TeamFrom(const pqxx::row& row) {
  return Team{row[0].as<std::string>(), row[1].as<std::string>(),
              row[2].as<std::string>(), row[3].as<std::string>(),
              row[4].as<int>(),         FromEpochMicros(row[5].as<long long>())};
}

TeamMember MemberFrom(const pqxx::row& row) {
  TeamMember member{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                    FromEpochMicros(row[3].as<long long>()), std::nullopt};
  if (!row[4].is_null()) member.leave_time = FromEpochMicros(row[4].as<long long>());
  return member;
}

}  // namespace

TeamRepository::TeamRepository(Db& db) {
  const std::string columns = kTeamColumns;
  db.Register({
      {"team_insert",
       "WITH t AS (INSERT INTO teams (community_id, name, description) VALUES ($1, $2, $3) "
       "RETURNING *) SELECT t.team_id::text, t.community_id, t.name, t.description, 0, "
       "epoch_micros(t.created_at) FROM t"},
      {"team_get", "SELECT " + columns + " FROM teams t WHERE t.team_id = $1::uuid"},
      {"team_list", "SELECT " + columns +
                        " FROM teams t WHERE t.community_id = $1 AND t.team_id::text > $2 "
                        "ORDER BY t.team_id::text LIMIT $3"},
      {"team_join",
       "WITH m AS (INSERT INTO team_members (team_id, volunteer_id) VALUES ($1::uuid, $2) "
       "RETURNING *) SELECT m.team_id::text, m.volunteer_id, v.name, epoch_micros(m.joined_at), "
       "epoch_micros(m.left_at) FROM m JOIN volunteers v USING (volunteer_id)"},
      {"team_leave",
       "WITH m AS (UPDATE team_members SET left_at = now() WHERE team_id = $1::uuid AND "
       "volunteer_id = $2 AND left_at IS NULL RETURNING *) SELECT m.team_id::text, "
       "m.volunteer_id, v.name, epoch_micros(m.joined_at), epoch_micros(m.left_at) FROM m "
       "JOIN volunteers v USING (volunteer_id)"},
      {"team_members",
       "SELECT m.team_id::text, m.volunteer_id, v.name, epoch_micros(m.joined_at), "
       "epoch_micros(m.left_at) FROM team_members m JOIN volunteers v USING (volunteer_id) "
       "WHERE m.team_id = $1::uuid AND m.left_at IS NULL AND m.volunteer_id > $2 "
       "ORDER BY m.volunteer_id LIMIT $3"},
  });
  db.RegisterConstraintMessages({
      {"teams_name_per_community", "name: the community has a team of this name"},
      {"teams_community_id_fkey", "community_id: no such community"},
      {"team_members_open", "volunteer_id: already a member of this team"},
  });
}

absl::StatusOr<Team> TeamRepository::Insert(Tx& tx, const Team& team) {
  return TeamFrom(tx.exec_prepared1("team_insert", team.community_id, team.name, team.description));
}

absl::StatusOr<std::optional<Team>> TeamRepository::Find(Tx& tx, const std::string& team_id) {
  auto rows = tx.exec_prepared("team_get", team_id);
  if (rows.empty()) return std::nullopt;
  return TeamFrom(rows[0]);
}

absl::StatusOr<Page<Team>> TeamRepository::List(Tx& tx, const std::string& community_id,
                                                const PageRequest& page) {
  auto rows = tx.exec_prepared("team_list", community_id, page.after, page.page_size + 1);
  return ReadPage<Team>(rows, page.page_size, TeamFrom);
}

absl::StatusOr<TeamMember> TeamRepository::Join(Tx& tx, const std::string& team_id,
                                                const std::string& volunteer_id) {
  return MemberFrom(tx.exec_prepared1("team_join", team_id, volunteer_id));
}

absl::StatusOr<std::optional<TeamMember>> TeamRepository::Leave(Tx& tx, const std::string& team_id,
                                                                const std::string& volunteer_id) {
  auto rows = tx.exec_prepared("team_leave", team_id, volunteer_id);
  if (rows.empty()) return std::nullopt;
  return MemberFrom(rows[0]);
}

absl::StatusOr<Page<TeamMember>> TeamRepository::Members(Tx& tx, const std::string& team_id,
                                                         const PageRequest& page) {
  auto rows = tx.exec_prepared("team_members", team_id, page.after, page.page_size + 1);
  return ReadPage<TeamMember>(rows, page.page_size, MemberFrom,
                              [](const pqxx::row& row) { return row[1].as<std::string>(); });
}

}  // namespace tongxin::volunteer
