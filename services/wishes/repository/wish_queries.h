// The statements of WishRepository, each declared once as a typed constant (run only through
// Exec/Exec0/Exec1 with the constant, so a misspelt name does not compile). Computed columns
// carry names, read by name in wish_repository.cc; state numbers come from the domain's enum.
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/db.h"
#include "services/wishes/domain/model.h"

namespace tongxin::wishes {

// A wish as every wish statement returns it.
inline const std::string kWishColumns =
    "wish_id::text AS wish_id, community_id, coalesce(grid_id, '') AS grid_id, category, "
    "description, estimated_value, photo_url, wisher_name_sealed, wisher_name_masked, "
    "wisher_contact_sealed, state, coalesce(claimer_id, '') AS claimer_id, claimer_name, "
    "claimer_party_member, epoch_micros(claimed_at) AS claim_micros, "
    "epoch_micros(claim_deadline) AS claim_deadline_micros, fulfil_note, fulfil_photo_url, "
    "service_hours::float8 AS service_hours, reason, submitted_by, "
    "epoch_micros(created_at) AS create_micros, epoch_micros(published_at) AS publish_micros, "
    "epoch_micros(confirmed_at) AS confirm_micros, epoch_micros(first_claimed_at) AS "
    "first_claim_micros, epoch_micros(last_claimed_at) AS last_claim_micros";
// Parameter $n, epoch microseconds (0 for none), as a timestamp.
inline std::string TimestampParam(int n) {
  return absl::StrCat("to_timestamp(nullif($", n, "::bigint, 0)::float8 / 1000000)");
}
inline const std::string kClaimedSql = SqlInt(WishState::kClaimed);

inline const Query kWishInsert{
    "wish_insert",
    "INSERT INTO wishes (community_id, grid_id, category, description, estimated_value, "
    "photo_url, wisher_name_sealed, wisher_name_masked, wisher_contact_sealed, state, "
    "submitted_by, created_at) VALUES ($1, nullif($2, ''), $3, $4, $5, $6, $7, $8, $9, " +
        SqlInt(WishState::kSubmitted) + ", $10, " + TimestampParam(11) + ") RETURNING " +
        kWishColumns};
inline const Query kWishGet{"wish_get",
                            "SELECT " + kWishColumns + " FROM wishes WHERE wish_id = $1::uuid"};
inline const Query kWishGetForUpdate{
    "wish_get_for_update",
    "SELECT " + kWishColumns + " FROM wishes WHERE wish_id = $1::uuid FOR UPDATE"};
// Writes the changeable fields if the state is still $2 (the one the domain moved it from).
inline const Query kWishUpdate{
    "wish_update",
    "UPDATE wishes SET state = $3, claimer_id = nullif($4, ''), claimer_name = $5, "
    "claimer_party_member = $6, claimed_at = " +
        TimestampParam(7) + ", claim_deadline = " + TimestampParam(8) +
        ", fulfil_note = $9, fulfil_photo_url = $10, service_hours = $11, reason = $12, "
        "published_at = " +
        TimestampParam(13) + ", confirmed_at = " + TimestampParam(14) +
        ", first_claimed_at = " + TimestampParam(15) + ", last_claimed_at = " + TimestampParam(16) +
        " WHERE wish_id = $1::uuid AND state = $2 RETURNING " + kWishColumns};
inline const Query kWishEvent{
    "wish_event",
    "INSERT INTO wish_events (wish_id, from_state, to_state, actor, note, at) VALUES "
    "($1::uuid, $2, $3, $4, $5, " +
        TimestampParam(6) + ")"};
inline const Query kWishHistory{
    "wish_history",
    "SELECT from_state, to_state, actor, note, epoch_micros(at) AS at_micros FROM wish_events "
    "WHERE wish_id = $1::uuid ORDER BY event_id"};
// Published wishes of a community or grid, oldest first, after the token "publish_micros|id".
inline const Query kWishWall{
    "wish_wall",
    "SELECT " + kWishColumns + " FROM wishes WHERE state = " + SqlInt(WishState::kApproved) +
        " AND community_id = left($1, 12) AND (length($1) <> 15 OR grid_id = $1) AND ($2 = " +
        SqlInt(Category::kUnspecified) +
        " OR category = $2) AND ($3 = '' OR (epoch_micros(published_at), wish_id::text) > "
        "(split_part($3, '|', 1)::bigint, split_part($3, '|', 2))) "
        "ORDER BY published_at, wish_id::text LIMIT $4"};
// Any region; UNSPECIFIED / '' for an unused filter; after the token "create_micros|id".
inline const Query kWishList{
    "wish_list", "SELECT " + kWishColumns +
                     " FROM wishes WHERE community_id LIKE left($1, 12) || '%' AND "
                     "(length($1) <> 15 OR grid_id = $1) AND ($2 = " +
                     SqlInt(WishState::kUnspecified) +
                     " OR state = $2) AND ($3 = '' OR claimer_id = $3) AND ($4 = '' OR "
                     "(epoch_micros(created_at), wish_id::text) > (split_part($4, '|', 1)::bigint, "
                     "split_part($4, '|', 2))) ORDER BY created_at, wish_id::text LIMIT $5"};
// Claims past their deadline, locked; SKIP LOCKED lets replicas share the work.
inline const Query kWishExpiredClaims{
    "wish_expired_claims", "SELECT " + kWishColumns + " FROM wishes WHERE state = " + kClaimedSql +
                               " AND claim_deadline <= " + TimestampParam(1) +
                               " ORDER BY claim_deadline LIMIT $2 FOR UPDATE SKIP LOCKED"};
// Counted under LockKey(tx, "claimer:" + id): one claimer's claims queue, so the limits count
// everything that claimer committed.
inline const Query kClaimerOpenClaims{
    "claimer_open_claims",
    "SELECT count(*)::int AS open FROM wishes WHERE claimer_id = $1 AND "
    "state IN (" +
        kClaimedSql + ", " + SqlInt(WishState::kFulfilled) + ")"};
// A volunteer's own releases (CLAIMED → APPROVED with them as the actor) after $2.
inline const Query kClaimerReleases{
    "claimer_releases",
    "SELECT count(*)::int AS released FROM wish_events WHERE actor = $1 AND "
    "from_state = " +
        kClaimedSql + " AND to_state = " + SqlInt(WishState::kApproved) + " AND at > " +
        TimestampParam(2)};
// The wishes of a street or community ($1, digits): the LIKE says it, and the range says it
// again so that a generic plan can use the region indexes too (a LIKE whose pattern is a
// parameter becomes an index range only in a custom plan; the plan cache chose the generic plan
// for the statistics, which read the whole table). ':' is the character after '9'.
inline const std::string kInRegion =
    "community_id LIKE $1 || '%' AND community_id ~>=~ $1 AND community_id ~<~ ($1 || ':')";
// The statistics of a region in one statement, one index-only scan of
// wishes_statistics_by_region: a row per state (kind 1), per category (kind 2) and the totals
// (kind 3, always one). Rates and medians are over wishes ever published; the medians over the
// first claim and over the last claim before the confirmation, kept on the wish by each claim.
inline const Query kWishStats{
    "wish_stats",
    "SELECT grouping(state, category) AS kind, state, category, count(*)::int AS count, "
    "count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published, "
    "count(first_claimed_at) FILTER (WHERE published_at IS NOT NULL)::int AS claimed, "
    "count(confirmed_at) FILTER (WHERE published_at IS NOT NULL)::int AS confirmed, "
    "coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_claimed_at - "
    "published_at) / 3600), 0)::float8 AS median_hours_publish_to_claim, "
    "coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM confirmed_at - "
    "last_claimed_at) / 3600) FILTER (WHERE published_at IS NOT NULL), 0)::float8 AS "
    "median_hours_claim_to_confirm FROM wishes WHERE " +
        kInRegion +
        " GROUP BY GROUPING SETS ((state), (category), ()) ORDER BY kind, state, category"};

}  // namespace tongxin::wishes
