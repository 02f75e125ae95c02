// The statements of ActivityRepository, each declared once as a typed constant; columns are read
// by name in activity_repository.cc and state numbers come from the domain's enums. Times travel
// as epoch microseconds (0: none).
#pragma once

#include <string>

#include "services/activities/domain/model.h"
#include "services/common/db.h"

namespace tongxin::activities {

inline const std::string kActivityColumns =
    "activity_id::text AS activity_id, organiser_region_id, team_id, title, category, "
    "description, address, has_coordinates, latitude, longitude, radius_meters, "
    "epoch_micros(start_at) AS start_micros, epoch_micros(end_at) AS end_micros, quota, "
    "coalesce(epoch_micros(signup_deadline), 0) AS signup_deadline_micros, "
    "coalesce(epoch_micros(cancellation_deadline), 0) AS cancellation_deadline_micros, "
    "party_members_only, min_age, skills, requires_approval, max_hours::float8 AS max_hours, "
    "status, confirmed, waitlisted, pending, cancel_reason, created_by, "
    "epoch_micros(created_at) AS create_micros, epoch_micros(published_at) AS publish_micros, "
    "epoch_micros(records_confirmed_at) AS records_confirm_micros";

inline std::string MicrosParam(int n) {
  return "CASE WHEN $" + std::to_string(n) + "::bigint = 0 THEN NULL ELSE to_timestamp($" +
         std::to_string(n) + "::bigint::float8 / 1000000) END";
}

inline const std::string kDraftSql = SqlInt(ActivityState::kDraft);
inline const std::string kPublishedSql = SqlInt(ActivityState::kPublished);

// $1..$20: the fields; $21 created_by; $22 created_at (micros).
inline const Query kActivityInsert{
    "activity_insert",
    "INSERT INTO activities (organiser_region_id, team_id, title, category, description, "
    "address, has_coordinates, latitude, longitude, radius_meters, start_at, end_at, quota, "
    "signup_deadline, cancellation_deadline, party_members_only, min_age, skills, "
    "requires_approval, max_hours, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "$8, $9, $10, " +
        MicrosParam(11) + ", " + MicrosParam(12) + ", $13, " + MicrosParam(14) + ", " +
        MicrosParam(15) + ", $16, $17, $18::text[], $19, $20, $21, " + MicrosParam(22) +
        ") RETURNING " + kActivityColumns};
// A draft's fields, replaced ($21 the id); nothing when it is no longer a draft.
inline const Query kActivityUpdateDraft{
    "activity_update_draft",
    "UPDATE activities SET organiser_region_id = $1, team_id = $2, title = $3, category = $4, "
    "description = $5, address = $6, has_coordinates = $7, latitude = $8, longitude = $9, "
    "radius_meters = $10, start_at = " +
        MicrosParam(11) + ", end_at = " + MicrosParam(12) + ", quota = $13, signup_deadline = " +
        MicrosParam(14) + ", cancellation_deadline = " + MicrosParam(15) +
        ", party_members_only = $16, min_age = $17, skills = $18::text[], requires_approval = "
        "$19, max_hours = $20 WHERE activity_id = $21::uuid AND status = " +
        kDraftSql + " RETURNING " + kActivityColumns};
inline const Query kActivityGet{
    "activity_get", "SELECT " + kActivityColumns + " FROM activities WHERE activity_id = $1::uuid"};
inline const Query kActivityGetForUpdate{
    "activity_get_for_update",
    "SELECT " + kActivityColumns + " FROM activities WHERE activity_id = $1::uuid FOR UPDATE"};
// DRAFT → PUBLISHED, * → CANCELLED, PUBLISHED → RECORDS_CONFIRMED (domain/activity.h): $2 the
// stored state it must be in, $3 the new one, $4 the reason, $5 the time.
inline const Query kActivityMove{
    "activity_move",
    "UPDATE activities SET status = $3::smallint, cancel_reason = $4, published_at = CASE WHEN "
    "$3::smallint = " +
        kPublishedSql + " THEN " + MicrosParam(5) +
        " ELSE published_at END, records_confirmed_at = CASE WHEN $3::smallint = " +
        SqlInt(ActivityState::kRecordsConfirmed) + " THEN " + MicrosParam(5) +
        " ELSE records_confirmed_at END WHERE activity_id = $1::uuid AND status = $2::smallint "
        "RETURNING " +
        kActivityColumns};
// The quota as a database invariant: a place is taken only while one is left.
inline const Query kActivityTakePlace{
    "activity_take_place",
    "UPDATE activities SET confirmed = confirmed + 1 WHERE activity_id = $1::uuid AND "
    "confirmed < quota RETURNING confirmed"};
// The counts moved by a change of participation ($2 confirmed, $3 waitlisted, $4 pending).
inline const Query kActivityCount{
    "activity_count",
    "UPDATE activities SET confirmed = confirmed + $2, waitlisted = waitlisted + $3, pending = "
    "pending + $4 WHERE activity_id = $1::uuid"};
// The next place on the waiting list (the row lock orders concurrent sign-ups).
inline const Query kActivityNextWaitSeq{
    "activity_next_wait_seq",
    "UPDATE activities SET wait_seq = wait_seq + 1, waitlisted = waitlisted + 1 WHERE "
    "activity_id = $1::uuid RETURNING wait_seq"};

// $1 region (a community: its own and its street's; a street: all of it), $2 state filter,
// $3 include drafts and cancelled, $4 now (micros); soonest first after "start_micros|id" in $5.
inline const Query kActivitiesList{
    "activities_list",
    "SELECT " + kActivityColumns +
        " FROM activities WHERE (organiser_region_id LIKE $1 || '%' OR organiser_region_id = "
        "left($1, 9)) AND CASE $2::int WHEN 0 THEN ($3 OR status IN (" +
        kPublishedSql + ", " + SqlInt(ActivityState::kRecordsConfirmed) + ")) WHEN " +
        SqlInt(ActivityState::kPublished) + " THEN status = " + kPublishedSql +
        " AND start_at > to_timestamp($4::bigint::float8 / 1000000) WHEN " +
        SqlInt(ActivityState::kRunning) + " THEN status = " + kPublishedSql +
        " AND start_at <= to_timestamp($4::bigint::float8 / 1000000) AND end_at > "
        "to_timestamp($4::bigint::float8 / 1000000) WHEN " +
        SqlInt(ActivityState::kEnded) + " THEN status = " + kPublishedSql +
        " AND end_at <= to_timestamp($4::bigint::float8 / 1000000) ELSE status = $2 END AND "
        "($5 = '' OR (epoch_micros(start_at), activity_id::text) > (split_part($5, '|', "
        "1)::bigint, split_part($5, '|', 2))) ORDER BY start_at, activity_id::text LIMIT $6"};

}  // namespace tongxin::activities
