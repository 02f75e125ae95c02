// The statements of VolunteerRepository, each declared once. Rows are read by the column names
// given here; status and political-status literals come from the domain's enums.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

inline const std::string kVolunteerColumns =
    "volunteer_id, name, id_number_masked, phone_masked, gender, birth_year, community_id, "
    "coalesce(grid_id, '') AS grid_id, skills, political_status, party_branch, status, "
    "status_reason, coalesce(reported_community_id, '') AS reported_community_id, "
    "epoch_micros(reported_at) AS report_micros, epoch_micros(created_at) AS create_micros, "
    "epoch_micros(updated_at) AS update_micros, "
    // The report waiting for confirmation, if any (at most one: a partial unique index).
    "coalesce((SELECT r.report_id::text FROM community_reports r "
    "WHERE r.volunteer_id = volunteers.volunteer_id AND r.state = " +
    SqlInt(ReportState::kPending) +
    "), '') AS pending_report_id, "
    "coalesce((SELECT r.community_id FROM community_reports r "
    "WHERE r.volunteer_id = volunteers.volunteer_id AND r.state = " +
    SqlInt(ReportState::kPending) + "), '') AS pending_report_community_id";

inline const Query kVolunteerInsert{
    "volunteer_insert",
    "INSERT INTO volunteers (volunteer_id, name, id_number_sealed, id_number_index, "
    "id_number_masked, phone_sealed, phone_index, phone_masked, gender, birth_year, "
    "community_id, grid_id, skills, political_status, party_branch, status) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14, $15, $16) "
    "RETURNING " +
        kVolunteerColumns};
inline const Query kVolunteerGet{
    "volunteer_get", "SELECT " + kVolunteerColumns + " FROM volunteers WHERE volunteer_id = $1"};
inline const Query kVolunteerGetForUpdate{
    "volunteer_get_for_update",
    "SELECT " + kVolunteerColumns + " FROM volunteers WHERE volunteer_id = $1 FOR UPDATE"};
inline const Query kVolunteerByIdNumber{
    "volunteer_by_id_number",
    "SELECT " + kVolunteerColumns + " FROM volunteers WHERE id_number_index = $1"};
inline const Query kVolunteerByPhone{
    "volunteer_by_phone",
    "SELECT " + kVolunteerColumns + " FROM volunteers WHERE phone_index = $1"};
// Optional filters are '' / unspecified / false when unused, so one prepared plan serves them all.
inline const Query kVolunteerList{"volunteer_list",
                                  "SELECT " + kVolunteerColumns +
                                      " FROM volunteers "
                                      "WHERE community_id LIKE left($1, 12) || '%' "
                                      "AND ($2 = '' OR grid_id = $2) "
                                      "AND ($3 = '' OR skills @> ARRAY[$3]) "
                                      "AND ($4 = " +
                                      SqlInt(VolunteerStatus::kUnspecified) +
                                      " OR status = $4) "
                                      "AND (NOT $5 OR political_status = " +
                                      SqlInt(PoliticalStatus::kPartyMember) +
                                      ") "
                                      "AND volunteer_id > $6 ORDER BY volunteer_id LIMIT $7"};
// A NULL phone ($8-$10) keeps the sealed phone as it is.
inline const Query kVolunteerUpdateProfile{
    "volunteer_update_profile",
    "UPDATE volunteers SET name = $2, community_id = $3, grid_id = $4, skills = $5::text[], "
    "political_status = $6, party_branch = $7, "
    "phone_sealed = coalesce($8, phone_sealed), phone_index = coalesce($9, phone_index), "
    "phone_masked = coalesce($10, phone_masked), updated_at = now() "
    "WHERE volunteer_id = $1 RETURNING " +
        kVolunteerColumns};
// Moves the status only from the states in $2 (the status table's "from" of the change).
inline const Query kVolunteerChangeStatus{
    "volunteer_change_status",
    "UPDATE volunteers SET status = $3, status_reason = $4, updated_at = now() "
    "WHERE volunteer_id = $1 AND status = ANY($2::smallint[]) RETURNING " +
        kVolunteerColumns};
inline const Query kVolunteerCountInRegion{
    "volunteer_count_in_region",
    "SELECT count(*) FILTER (WHERE status = " + SqlInt(VolunteerStatus::kActive) +
        ")::int AS active, "
        "count(*) FILTER (WHERE status = " +
        SqlInt(VolunteerStatus::kPending) +
        ")::int AS pending, "
        "count(*) FILTER (WHERE status = " +
        SqlInt(VolunteerStatus::kActive) +
        " AND political_status = " + SqlInt(PoliticalStatus::kPartyMember) +
        ")::int AS party_members, "
        "(SELECT count(*) FROM volunteers WHERE reported_community_id LIKE $1 || '%' "
        "AND status = " +
        SqlInt(VolunteerStatus::kActive) +
        ")::int AS reported_party_members "
        "FROM volunteers WHERE community_id LIKE $1 || '%'"};
inline const Query kVolunteerReport{
    "volunteer_report",
    "UPDATE volunteers SET reported_community_id = $2, reported_at = now(), updated_at = now() "
    "WHERE volunteer_id = $1 AND reported_community_id IS NULL RETURNING " +
        kVolunteerColumns};

// A broadcast's audience: ids of ACTIVE volunteers whose community ($1 a street or community,
// the first 12 digits of a grid id) lies in the region, or, unless a grid narrows it ($2), party
// members whose confirmed report does. $3 party members only, $4 a team ('' for any), keyset $5,
// limit $6. Region prefixes are ranges ([$1, $1 || '~'], ids are digits, COLLATE "C") rather
// than LIKE, so that the one generic plan still scans the V0012 indexes: a community's page is
// a range of (community_id, volunteer_id) read in order.
inline const Query kVolunteerAudience{
    "volunteer_audience",
    "SELECT volunteer_id FROM ("
    "(SELECT v.volunteer_id FROM volunteers v WHERE v.status = " +
        SqlInt(VolunteerStatus::kActive) +
        " AND v.community_id BETWEEN left($1, 12) AND left($1, 12) || '~' "
        "AND ($2 = '' OR v.grid_id = $2) "
        "AND (NOT $3 OR v.political_status = " +
        SqlInt(PoliticalStatus::kPartyMember) +
        ") "
        "AND ($4 = '' OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = "
        "nullif($4, '')::uuid AND m.volunteer_id = v.volunteer_id AND m.left_at IS NULL)) "
        "AND v.volunteer_id > $5 ORDER BY v.volunteer_id LIMIT $6) "
        "UNION "
        "(SELECT v.volunteer_id FROM volunteers v WHERE v.status = " +
        SqlInt(VolunteerStatus::kActive) +
        " AND v.political_status = " + SqlInt(PoliticalStatus::kPartyMember) +
        " AND $2 = '' "
        "AND v.reported_community_id BETWEEN left($1, 12) AND left($1, 12) || '~' "
        "AND ($4 = '' OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = "
        "nullif($4, '')::uuid AND m.volunteer_id = v.volunteer_id AND m.left_at IS NULL)) "
        "AND v.volunteer_id > $5 ORDER BY v.volunteer_id LIMIT $6)"
        ") audience ORDER BY volunteer_id LIMIT $6"};

}  // namespace tongxin::volunteer
