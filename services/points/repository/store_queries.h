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

// Redeem in two statements (with BEGIN, the request id and COMMIT: five round trips per
// request). The first reads the reward and locks the volunteer's account: that row lock
// serialises one volunteer's redemptions, so the second statement — whose snapshot is taken
// after the lock — counts everything that volunteer already committed. No account: the account
// columns are empty and zero.
inline const Query kRedeemRead{
    "redeem_read",
    "SELECT " + kRewardColumns +
        ", a.account_id IS NOT NULL AS has_account, coalesce(a.community_id, '') AS "
        "account_community_id, coalesce(a.party_member, false) AS account_party_member, "
        "coalesce(a.display_name, '') AS account_display_name, coalesce(a.balance, 0)::bigint "
        "AS account_balance FROM rewards LEFT JOIN LATERAL (SELECT account_id, community_id, "
        "party_member, display_name, balance FROM accounts WHERE account_id = $2 FOR UPDATE) a "
        "ON true WHERE reward_id = $1::uuid"};

// The second: the units the volunteer took in the period ($5: the period's key; counted only
// with a per-person limit $3), then — only within that limit and while stock lasts ($2 units) —
// the stock, the hold transfer ($6 … $15, built by the domain) with both balances, and the
// order. Locks in Redeem's order (volunteer, reward, store; Cancel relies on it), the store's
// account — every redemption of the region writes it — last, so it stays locked only until
// COMMIT. Always one row: units_taken, stock_taken, and the order's columns (NULL when none was
// placed). The store account is created by its first hold.
inline const Query kRedeemPlace{
    "redeem_place",
    "WITH units AS (SELECT coalesce(sum(quantity), 0)::int AS taken FROM orders WHERE $3 > 0 "
    "AND volunteer_id = $4 AND reward_id = $1::uuid AND limit_period_key = $5 AND status <> " +
        SqlInt(OrderStatus::kCancelled) +
        "), taken AS (UPDATE rewards SET stock = stock - $2 FROM units WHERE reward_id = $1::uuid "
        "AND stock >= $2 AND ($3 = 0 OR units.taken + $2 <= $3) RETURNING reward_id, name), "
        "debit AS (UPDATE accounts SET balance = balance - $8 FROM taken WHERE account_id = $6 "
        "RETURNING 1), credit AS (INSERT INTO accounts (account_id, kind, owner_id, balance) "
        "SELECT $7, " +
        SqlInt(AccountKind::kStore) +
        ", $13, $8 FROM debit ON CONFLICT (account_id) DO UPDATE SET balance = accounts.balance "
        "+ EXCLUDED.balance RETURNING 1), hold AS (INSERT INTO transfers (from_account, "
        "to_account, amount, kind, source_ref, actor, reason, region_id, earned_at, created_at) "
        "SELECT $6, $7, $8, $9, $10, $11, $12, $13, to_timestamp($14::float8 / 1000000), "
        "to_timestamp($15::float8 / 1000000) FROM credit RETURNING transfer_id), o AS (INSERT "
        "INTO orders (reward_id, region_id, volunteer_id, quantity, points, status, pickup_code, "
        "limit_period_key, hold_transfer_id, created_at) SELECT $1::uuid, $13, $4, $2, $8, " +
        SqlInt(OrderStatus::kHeld) +
        ", $16, $5, hold.transfer_id, to_timestamp($15::float8 / 1000000) FROM hold RETURNING *) "
        "SELECT u.taken AS units_taken, EXISTS (SELECT 1 FROM taken) AS stock_taken, " +
        kOrderColumns + " FROM units u LEFT JOIN (o JOIN taken r USING (reward_id)) ON true"};

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
