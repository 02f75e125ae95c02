// The statements of TeamRepository (teams and memberships), each declared once. Rows are read by
// the column names given here.
#pragma once

#include <string>

#include "services/common/db.h"

namespace tongxin::volunteer {

// A team `t` with its count of open memberships.
inline const std::string kTeamColumns =
    "t.team_id::text AS team_id, t.community_id, t.name, t.description, "
    "(SELECT count(*) FROM team_members m WHERE m.team_id = t.team_id AND m.left_at IS NULL)::int "
    "AS member_count, epoch_micros(t.created_at) AS create_micros";
// A membership `m` with the member's name from `v`.
inline const std::string kMemberColumns =
    "m.team_id::text AS team_id, m.volunteer_id, v.name, epoch_micros(m.joined_at) AS "
    "join_micros, epoch_micros(m.left_at) AS leave_micros";

inline const Query kTeamInsert{
    "team_insert",
    "WITH t AS (INSERT INTO teams (community_id, name, description) VALUES ($1, $2, $3) "
    "RETURNING *) SELECT t.team_id::text AS team_id, t.community_id, t.name, t.description, "
    "0 AS member_count, epoch_micros(t.created_at) AS create_micros FROM t"};
inline const Query kTeamGet{"team_get",
                            "SELECT " + kTeamColumns + " FROM teams t WHERE t.team_id = $1::uuid"};
inline const Query kTeamList{"team_list", "SELECT " + kTeamColumns +
                                              " FROM teams t WHERE t.community_id = $1 AND "
                                              "t.team_id::text > $2 "
                                              "ORDER BY t.team_id::text LIMIT $3"};
// A second open membership is refused by the team_members_open index.
inline const Query kTeamJoin{
    "team_join",
    "WITH m AS (INSERT INTO team_members (team_id, volunteer_id) VALUES ($1::uuid, $2) "
    "RETURNING *) SELECT " +
        kMemberColumns + " FROM m JOIN volunteers v USING (volunteer_id)"};
inline const Query kTeamLeave{
    "team_leave",
    "WITH m AS (UPDATE team_members SET left_at = now() WHERE team_id = $1::uuid AND "
    "volunteer_id = $2 AND left_at IS NULL RETURNING *) SELECT " +
        kMemberColumns + " FROM m JOIN volunteers v USING (volunteer_id)"};
// Current members, keyed by volunteer_id.
inline const Query kTeamMembers{
    "team_members", "SELECT " + kMemberColumns +
                        " FROM team_members m JOIN volunteers v USING (volunteer_id) "
                        "WHERE m.team_id = $1::uuid AND m.left_at IS NULL AND m.volunteer_id > $2 "
                        "ORDER BY m.volunteer_id LIMIT $3"};

}  // namespace tongxin::volunteer
