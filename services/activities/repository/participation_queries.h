// The statements of ParticipationRepository (participations, attendance corrections and the
// hours credited per day), each declared once as a typed constant; columns are read by name in
// participation_repository.cc and state numbers come from the domain's enums.
#pragma once

#include <string>

#include "services/activities/domain/model.h"
#include "services/activities/repository/activity_queries.h"
#include "services/common/db.h"

namespace tongxin::activities {

inline const std::string kWaitlistedSql = SqlInt(ParticipationState::kWaitlisted);

// A participation (alias `p`) with its activity (alias `a`); the waiting-list position is one
// more than the number waiting before it (also in a RETURNING CTE, whose snapshot holds the row
// as it was).
inline const std::string kParticipationColumns =
    "p.participation_id::text AS participation_id, p.activity_id::text AS activity_id, "
    "p.volunteer_id, p.volunteer_name, p.party_member, p.home_community_id, p.state, "
    "CASE WHEN p.state = " +
    kWaitlistedSql +
    " THEN 1 + (SELECT count(*)::int FROM participations w WHERE w.activity_id = p.activity_id "
    "AND w.state = " +
    kWaitlistedSql +
    " AND w.wait_seq < p.wait_seq) ELSE 0 END AS waitlist_position, p.late_cancellation, "
    "p.review_reason, epoch_micros(p.signed_up_at) AS signup_micros, "
    "epoch_micros(p.check_in_at) AS check_in_micros, "
    "epoch_micros(p.check_out_at) AS check_out_micros, p.hours::float8 AS hours, "
    "p.hours_explanation, a.title AS activity_title, epoch_micros(a.start_at) AS "
    "activity_start_micros, epoch_micros(a.end_at) AS activity_end_micros, a.status AS "
    "activity_status, a.max_hours::float8 AS activity_max_hours";
inline const std::string kParticipationFrom =
    " FROM participations p JOIN activities a USING (activity_id) ";
// A change to the participation row (`cte`, without RETURNING), answered as above.
inline std::string ReturningParticipation(const std::string& cte) {
  return "WITH p AS (" + cte + " RETURNING *) SELECT " + kParticipationColumns +
         " FROM p JOIN activities a USING (activity_id)";
}

// $1 activity, $2 volunteer, $3 name, $4 party member, $5 home community, $6 state, $7 wait_seq
// (0: none), $8 signed up (micros).
inline const Query kParticipationInsert{
    "participation_insert",
    ReturningParticipation("INSERT INTO participations (activity_id, volunteer_id, "
                           "volunteer_name, party_member, home_community_id, state, wait_seq, "
                           "signed_up_at) VALUES ($1::uuid, $2, $3, $4, $5, $6, "
                           "NULLIF($7::bigint, 0), " +
                           MicrosParam(8) + ")")};
inline const Query kParticipationGet{
    "participation_get",
    "SELECT " + kParticipationColumns + kParticipationFrom + "WHERE p.participation_id = $1::uuid"};
inline const Query kParticipationGetForUpdate{
    "participation_get_for_update", "SELECT " + kParticipationColumns + kParticipationFrom +
                                        "WHERE p.participation_id = $1::uuid FOR UPDATE OF p"};
// $1 id, $2 from, $3 to, $4 wait_seq (0: none), $5 late, $6 review reason, $7 time (micros): a
// change of state, only from the state the domain read (domain/participation.h).
inline const Query kParticipationMove{
    "participation_move",
    ReturningParticipation(
        "UPDATE participations SET state = $3::smallint, wait_seq = NULLIF($4::bigint, 0), "
        "late_cancellation = $5, review_reason = $6, cancelled_at = CASE WHEN $3::smallint = " +
        SqlInt(ParticipationState::kCancelled) + " THEN " + MicrosParam(7) +
        " ELSE cancelled_at END WHERE participation_id = $1::uuid AND state = $2::smallint")};
// The first on an activity's waiting list.
inline const Query kParticipationFirstWaiting{
    "participation_first_waiting",
    "SELECT participation_id::text AS participation_id FROM participations WHERE activity_id = "
    "$1::uuid AND state = " +
        kWaitlistedSql + " ORDER BY wait_seq LIMIT 1 FOR UPDATE"};
// Check-in and check-out, once each, while holding a place.
inline const Query kParticipationCheckIn{
    "participation_check_in",
    ReturningParticipation("UPDATE participations SET check_in_at = " + MicrosParam(2) +
                           " WHERE participation_id = $1::uuid AND state = " +
                           SqlInt(ParticipationState::kConfirmed) + " AND check_in_at IS NULL")};
inline const Query kParticipationCheckOut{
    "participation_check_out",
    ReturningParticipation(
        "UPDATE participations SET check_out_at = " + MicrosParam(2) +
        " WHERE participation_id = $1::uuid AND state = " + SqlInt(ParticipationState::kConfirmed) +
        " AND check_in_at IS NOT NULL AND check_out_at IS NULL")};
// An organiser's correction, kept with its reason and the times it replaced ($2, $3: the new
// times, 0 for none).
inline const Query kCorrectionInsert{
    "correction_insert",
    "INSERT INTO attendance_corrections (participation_id, corrected_by, reason, "
    "previous_check_in_at, previous_check_out_at, check_in_at, check_out_at, corrected_at) "
    "SELECT participation_id, $4, $5, check_in_at, check_out_at, " +
        MicrosParam(2) + ", " + MicrosParam(3) + ", " + MicrosParam(6) +
        " FROM participations WHERE participation_id = $1::uuid"};
inline const Query kParticipationSetTimes{
    "participation_set_times", "UPDATE participations SET check_in_at = " + MicrosParam(2) +
                                   ", check_out_at = " + MicrosParam(3) +
                                   " WHERE participation_id = $1::uuid"};
inline const Query kCorrectionsOf{
    "corrections_of",
    "SELECT corrected_by, reason, epoch_micros(previous_check_in_at) AS previous_in, "
    "epoch_micros(previous_check_out_at) AS previous_out, epoch_micros(check_in_at) AS in_micros, "
    "epoch_micros(check_out_at) AS out_micros, epoch_micros(corrected_at) AS at_micros FROM "
    "attendance_corrections WHERE participation_id = $1::uuid ORDER BY correction_id"};
// The volunteer's live participation in an activity.
inline const Query kParticipationLive{
    "participation_live",
    "SELECT " + kParticipationColumns + kParticipationFrom +
        "WHERE p.activity_id = $1::uuid AND p.volunteer_id = $2 AND p.state IN (1, 2, 3, 6, 7)"};
// A viewer's latest participation in each of the activities $2 (text[] of ids).
inline const Query kParticipationsMineIn{
    "participations_mine_in",
    "SELECT DISTINCT ON (p.activity_id) " + kParticipationColumns + kParticipationFrom +
        "WHERE p.volunteer_id = $1 AND p.activity_id = ANY($2::uuid[]) ORDER BY p.activity_id, "
        "p.signed_up_at DESC"};
// An activity's roster, sign-up order; $2 a state (0: all), after "signup_micros|id" in $3.
inline const Query kParticipationsOfActivity{
    "participations_of_activity",
    "SELECT " + kParticipationColumns + kParticipationFrom +
        "WHERE p.activity_id = $1::uuid AND ($2::int = 0 OR p.state = $2::int) AND ($3 = '' OR "
        "(epoch_micros(p.signed_up_at), p.participation_id::text) > (split_part($3, '|', "
        "1)::bigint, split_part($3, '|', 2))) ORDER BY p.signed_up_at, p.participation_id::text "
        "LIMIT $4"};
// A volunteer's participations, latest first, after "signup_micros|id" in $2.
inline const Query kParticipationsOfVolunteer{
    "participations_of_volunteer",
    "SELECT " + kParticipationColumns + kParticipationFrom +
        "WHERE p.volunteer_id = $1 AND ($2 = '' OR (epoch_micros(p.signed_up_at), "
        "p.participation_id::text) < (split_part($2, '|', 1)::bigint, split_part($2, '|', 2))) "
        "ORDER BY p.signed_up_at DESC, p.participation_id::text DESC LIMIT $3"};
// Everyone holding a place when the roster is confirmed.
inline const Query kParticipationsHoldingPlace{
    "participations_holding_place",
    "SELECT " + kParticipationColumns + kParticipationFrom +
        "WHERE p.activity_id = $1::uuid AND p.state = " + SqlInt(ParticipationState::kConfirmed) +
        " ORDER BY p.signed_up_at FOR UPDATE OF p"};
// CONFIRMED → ATTENDED | NO_SHOW with the final hours ($2 state, $3 hours, $4 explanation).
inline const Query kParticipationSettle{
    "participation_settle",
    "UPDATE participations SET state = $2, hours = $3, hours_explanation = $4 WHERE "
    "participation_id = $1::uuid AND state = " +
        SqlInt(ParticipationState::kConfirmed)};
inline const Query kCreditedDayInsert{
    "credited_day_insert",
    "INSERT INTO credited_days (participation_id, volunteer_id, service_date, hours) VALUES "
    "($1::uuid, $2, $3::date, $4)"};
// What the volunteer's confirmed attendances credited per China day, $2..$3 inclusive.
inline const Query kCreditedDays{
    "credited_days",
    "SELECT service_date::text AS service_date, sum(hours) AS hours FROM credited_days WHERE "
    "volunteer_id = $1 AND service_date BETWEEN $2::date AND $3::date GROUP BY service_date"};
inline const Query kVolunteerCredit{
    "volunteer_credit",
    "SELECT count(*) FILTER (WHERE state = " + SqlInt(ParticipationState::kAttended) +
        ")::int AS attendances, count(*) FILTER (WHERE state = " +
        SqlInt(ParticipationState::kCancelled) +
        " AND late_cancellation)::int AS late_cancellations, count(*) FILTER (WHERE state = " +
        SqlInt(ParticipationState::kNoShow) +
        ")::int AS no_shows, coalesce(sum(hours) FILTER (WHERE state = " +
        SqlInt(ParticipationState::kAttended) +
        "), 0)::float8 AS hours FROM participations WHERE volunteer_id = $1"};
// The volunteer's home community as their latest participation recorded it ('' when none).
inline const Query kHomeCommunity{
    "home_community",
    "SELECT coalesce((SELECT home_community_id FROM participations WHERE volunteer_id = $1 ORDER "
    "BY signed_up_at DESC LIMIT 1), '') AS home_community_id"};

}  // namespace tongxin::activities
