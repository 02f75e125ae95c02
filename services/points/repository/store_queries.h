// The store repository's statements (rewards and orders), each declared once as a typed
// constant; computed columns carry names so rows are read by name, and order statuses are written
// from OrderStatus (SqlInt), so the steps in domain/order.h and the SQL say the same numbers.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

inline const std::string kRewardColumns =
    "reward_id::text AS reward_id, region_id, name, description, price, stock, per_person_limit, "
    "limit_period, epoch_micros(active_from) AS active_from_micros, "
    "epoch_micros(active_until) AS active_until_micros, active, "
    "epoch_micros(created_at) AS create_micros";

inline const std::string kOrderColumns =
    "o.order_id::text AS order_id, o.reward_id::text AS reward_id, r.name AS reward_name, "
    "o.region_id, o.volunteer_id, o.quantity, o.points, o.status, o.pickup_code, "
    "o.limit_period_key, o.hold_transfer_id, o.cancel_reason, "
    "epoch_micros(o.created_at) AS create_micros, epoch_micros(o.closed_at) AS close_micros";

inline const std::string kOrdersJoinRewards = " FROM orders o JOIN rewards r USING (reward_id) ";

inline const Query kRewardInsert{
    "reward_insert",
    "INSERT INTO rewards (region_id, name, description, price, stock, per_person_limit, "
    "limit_period, active_from, active_until, active) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "to_timestamp($8::float8 / 1000000), to_timestamp(nullif($9::bigint, 0)::float8 / 1000000), "
    "$10) RETURNING " +
        kRewardColumns};

inline const Query kRewardGet{
    "reward_get", "SELECT " + kRewardColumns + " FROM rewards WHERE reward_id = $1::uuid"};

// A community's rewards and its street's; keyed by reward_id (the first column).
inline const Query kRewardList{
    "reward_list",
    "SELECT " + kRewardColumns +
        " FROM rewards WHERE region_id IN ($1, left($1, 9)) AND (NOT $2 OR "
        "(active AND active_from <= to_timestamp($3::float8 / 1000000) AND (active_until IS NULL "
        "OR active_until > to_timestamp($3::float8 / 1000000)))) AND reward_id::text > $4 "
        "ORDER BY reward_id::text LIMIT $5"};

inline const Query kRewardRestock{
    "reward_restock",
    "UPDATE rewards SET stock = stock + $2 WHERE reward_id = $1::uuid RETURNING " + kRewardColumns};

inline const Query kRewardSetActive{
    "reward_set_active",
    "UPDATE rewards SET active = $2 WHERE reward_id = $1::uuid RETURNING " + kRewardColumns};

inline const Query kRewardReturnStock{
    "reward_return_stock", "UPDATE rewards SET stock = stock + $2 WHERE reward_id = $1::uuid"};

// Redeem as one call that commits itself (points_redeem, migration V0006; one round trip):
// the request's key ($1 caller, $2 request id, $3 fingerprint), the reward $4, the volunteer $5
// and their account $6, the quantity $7, the admin's scope $9 when $8 (an admin acts for the
// volunteer), now $10, the limit period keys of now by limit_period number $11, the pickup code
// $12, the actor $13, the hold's source_ref $14 and the store account's prefix $15; the state
// and kind numbers from the domain's enums. One row (see redeem_result in the migration).
inline const Query kRedeemCall{
    "redeem_call",
    "SELECT * FROM points_redeem($1, $2, $3, $4::uuid, $5, $6, $7, CASE WHEN $8 THEN $9::text[] "
    "END, $10, $11::text[], $12, $13, $14, $15, " +
        SqlInt(OrderStatus::kHeld) + "::smallint, " + SqlInt(OrderStatus::kCancelled) +
        "::smallint, " + SqlInt(AccountKind::kStore) + "::smallint, " +
        SqlInt(TransferKind::kRedemptionHold) + "::smallint)"};

inline const Query kOrderGet{
    "order_get", "SELECT " + kOrderColumns + kOrdersJoinRewards + "WHERE o.order_id = $1::uuid"};

inline const Query kOrderGetForUpdate{
    "order_get_for_update",
    "SELECT " + kOrderColumns + kOrdersJoinRewards + "WHERE o.order_id = $1::uuid FOR UPDATE OF o"};

// HELD → COLLECTED with the right code.
inline const Query kOrderCollect{
    "order_collect",
    "WITH o AS (UPDATE orders SET status = " + SqlInt(OrderStatus::kCollected) +
        ", closed_at = to_timestamp($3::float8 / 1000000) WHERE order_id = $1::uuid AND status = " +
        SqlInt(OrderStatus::kHeld) + " AND pickup_code = $2 RETURNING *) SELECT " + kOrderColumns +
        " FROM o JOIN rewards r USING (reward_id)"};

// HELD → CANCELLED, naming the release transfer.
inline const Query kOrderCancel{
    "order_cancel",
    "WITH o AS (UPDATE orders SET status = " + SqlInt(OrderStatus::kCancelled) +
        ", release_transfer_id = $2, cancel_reason = $3, closed_at = to_timestamp($4::float8 / "
        "1000000) WHERE order_id = $1::uuid AND status = " +
        SqlInt(OrderStatus::kHeld) + " RETURNING *) SELECT " + kOrderColumns +
        " FROM o JOIN rewards r USING (reward_id)"};

// One statement per scope, each with its own index (orders_by_region, orders_by_street).
inline const Query kOrdersRedeemedInCommunity{
    "orders_redeemed_in_community",
    "SELECT coalesce(sum(points), 0)::bigint AS points, count(*)::int AS orders FROM orders "
    "WHERE region_id = $1 AND status <> " +
        SqlInt(OrderStatus::kCancelled) +
        " AND created_at >= to_timestamp($2::float8 / 1000000) "
        "AND created_at < to_timestamp($3::float8 / 1000000)"};

inline const Query kOrdersRedeemedInStreet{
    "orders_redeemed_in_street",
    "SELECT coalesce(sum(points), 0)::bigint AS points, count(*)::int AS orders FROM orders "
    "WHERE left(region_id, 9) = $1 AND status <> " +
        SqlInt(OrderStatus::kCancelled) +
        " AND created_at >= to_timestamp($2::float8 / 1000000) "
        "AND created_at < to_timestamp($3::float8 / 1000000)"};

// Newest first, keyed by "create_micros|order_id"; $2: filter by the status $3.
inline const std::string kOrdersPage =
    "AND (NOT $2 OR o.status = $3) "
    "AND ($4 = '' OR (epoch_micros(o.created_at), o.order_id::text) < "
    "(split_part($4, '|', 1)::bigint, split_part($4, '|', 2))) "
    "ORDER BY o.created_at DESC, o.order_id::text DESC LIMIT $5";

inline const Query kOrdersByVolunteer{
    "orders_by_volunteer",
    "SELECT " + kOrderColumns + kOrdersJoinRewards + "WHERE o.volunteer_id = $1 " + kOrdersPage};

inline const Query kOrdersByRegion{
    "orders_by_region",
    "SELECT " + kOrderColumns + kOrdersJoinRewards + "WHERE o.region_id = $1 " + kOrdersPage};

}  // namespace tongxin::points
