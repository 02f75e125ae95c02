// The round repository's statements (rounds, their frozen candidates, objections,
// commendations), each declared once as a typed constant; computed columns carry names so rows
// are read by name, and statuses and decisions are written from the domain's enums (SqlInt), so
// the steps in domain/round.h and the SQL say the same numbers.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

inline const std::string kRoundColumns =
    "round_id::text AS round_id, title, region_id, period_kind, period, party_members_only, "
    "rule, rule_value, rule_tier, status, notice_working_days, "
    "epoch_micros(notice_until) AS notice_until_micros, created_by, "
    "epoch_micros(created_at) AS create_micros, epoch_micros(final_at) AS final_micros";

inline const std::string kObjectionColumns =
    "objection_id::text AS objection_id, round_id::text AS round_id, volunteer_id, lodged_by, "
    "text, resolved, upheld, resolution, epoch_micros(created_at) AS create_micros";

inline const Query kRoundInsert{
    "round_insert",
    "INSERT INTO rounds (title, region_id, period_kind, period, party_members_only, rule, "
    "rule_value, rule_tier, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
    "$7, $8, " +
        SqlInt(RoundStatus::kProposed) + ", $9, to_timestamp($10::float8 / 1000000)) RETURNING " +
        kRoundColumns};

inline const Query kCandidateInsert{
    "candidate_insert",
    "INSERT INTO round_candidates (round_id, volunteer_id, rank, points, name, community_id, "
    "decision) VALUES ($1::uuid, $2, $3, $4, $5, $6, " +
        SqlInt(CandidateDecision::kProposed) + ")"};

inline const Query kRoundGet{"round_get",
                             "SELECT " + kRoundColumns + " FROM rounds WHERE round_id = $1::uuid"};

inline const Query kRoundGetForUpdate{
    "round_get_for_update",
    "SELECT " + kRoundColumns + " FROM rounds WHERE round_id = $1::uuid FOR UPDATE"};

inline const Query kRoundCandidates{
    "round_candidates",
    "SELECT rank, volunteer_id, points, decision, reason, name, community_id FROM "
    "round_candidates WHERE round_id = $1::uuid ORDER BY rank, volunteer_id"};

inline const Query kRoundObjections{
    "round_objections", "SELECT " + kObjectionColumns +
                            " FROM objections WHERE round_id = $1::uuid ORDER BY created_at, "
                            "objection_id"};

// Rounds of a region and below; keyed by round_id (the first column).
inline const Query kRoundList{"round_list",
                              "SELECT " + kRoundColumns +
                                  " FROM rounds WHERE region_id LIKE $1 || '%' AND "
                                  "round_id::text > $2 ORDER BY round_id::text LIMIT $3"};

// Only while the round is PROPOSED.
inline const Query kCandidateDecide{
    "candidate_decide",
    "UPDATE round_candidates c SET decision = $3, reason = $4 FROM rounds r WHERE "
    "c.round_id = $1::uuid AND c.volunteer_id = $2 AND r.round_id = c.round_id AND r.status = " +
        SqlInt(RoundStatus::kProposed) + " RETURNING 1"};

// PROPOSED → IN_NOTICE.
inline const Query kRoundStartNotice{
    "round_start_notice",
    "UPDATE rounds SET status = " + SqlInt(RoundStatus::kInNotice) +
        ", notice_working_days = $2, notice_until = to_timestamp($3::float8 / 1000000) WHERE "
        "round_id = $1::uuid AND status = " +
        SqlInt(RoundStatus::kProposed)};

inline const Query kObjectionInsert{
    "objection_insert",
    "INSERT INTO objections (round_id, volunteer_id, lodged_by, text, created_at) VALUES "
    "($1::uuid, $2, $3, $4, to_timestamp($5::float8 / 1000000)) RETURNING " +
        kObjectionColumns};

inline const Query kObjectionGet{
    "objection_get",
    "SELECT " + kObjectionColumns + " FROM objections WHERE objection_id = $1::uuid"};

inline const Query kObjectionGetForUpdate{
    "objection_get_for_update",
    "SELECT " + kObjectionColumns + " FROM objections WHERE objection_id = $1::uuid FOR UPDATE"};

// Open → resolved, once.
inline const Query kObjectionResolve{
    "objection_resolve",
    "UPDATE objections SET resolved = true, upheld = $2, resolution = $3, resolved_at = "
    "to_timestamp($4::float8 / 1000000) WHERE objection_id = $1::uuid AND NOT resolved"};

// An upheld objection strikes its candidate.
inline const Query kCandidateStrikeUpheld{
    "candidate_strike_upheld",
    "UPDATE round_candidates SET decision = " + SqlInt(CandidateDecision::kStruck) +
        ", reason = $3 WHERE round_id = $1::uuid AND volunteer_id = $2"};

// IN_NOTICE → FINAL.
inline const Query kRoundFinalize{
    "round_finalize",
    "UPDATE rounds SET status = " + SqlInt(RoundStatus::kFinal) +
        ", final_at = to_timestamp($2::float8 / 1000000) WHERE round_id = $1::uuid AND status = " +
        SqlInt(RoundStatus::kInNotice)};

// A commendation for every confirmed candidate of a final round.
inline const Query kCommendationsInsert{
    "commendations_insert",
    "INSERT INTO commendations (round_id, volunteer_id, title, region_id, period, points, "
    "rank, final_at) SELECT c.round_id, c.volunteer_id, r.title, r.region_id, r.period, "
    "c.points, c.rank, r.final_at FROM round_candidates c JOIN rounds r USING (round_id) "
    "WHERE c.round_id = $1::uuid AND c.decision = " +
        SqlInt(CandidateDecision::kConfirmed)};

inline const Query kCommendationsOf{
    "commendations_of",
    "SELECT round_id::text AS round_id, title, region_id, period, volunteer_id, points, rank, "
    "epoch_micros(final_at) AS final_micros FROM commendations WHERE volunteer_id = $1 "
    "ORDER BY final_at DESC"};

// Points earned in a period in a community or street, best first, ties by id, with their
// competition rank among everyone there ($3: party members only): the snapshot of a round. $4
// keeps only those whose all-time total is at least $5 (a tier rule; ranks stay those of the
// whole standings); $6 bounds the rows read. A community's candidates show the community; a
// street's, each volunteer's home.
inline std::string StandingsSql(const std::string& community_column) {
  return "SELECT s.volunteer_id, s.points, s.rank, " + community_column +
         " AS community_id, coalesce(a.display_name, '') AS name FROM (SELECT e.volunteer_id, "
         "e.points, e.region_id, rank() OVER (ORDER BY e.points DESC) AS rank FROM earned_points "
         "e WHERE e.period = $1 AND e.region_id = $2 AND (NOT $3 OR e.party_member) AND "
         "e.points > 0) s LEFT JOIN accounts a ON a.account_id = 'volunteer:' || s.volunteer_id "
         "WHERE NOT $4 OR coalesce((SELECT t.points FROM earned_points t WHERE t.period = 'all' "
         "AND t.region_id = '' AND t.volunteer_id = s.volunteer_id), 0) >= $5 "
         "ORDER BY s.points DESC, s.volunteer_id LIMIT $6";
}

inline const Query kStandingsCommunity{"standings_community", StandingsSql("s.region_id")};
inline const Query kStandingsStreet{"standings_street",
                                    StandingsSql("coalesce(a.community_id, '')")};

// How many objections a caller lodged in a round (counted under the round's row lock).
inline const Query kObjectionsBy{
    "objections_by",
    "SELECT count(*)::int AS lodged FROM objections WHERE round_id = $1::uuid AND lodged_by = $2"};

}  // namespace tongxin::points
