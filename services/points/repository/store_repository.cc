#include "services/points/repository/store_repository.h"

#include "absl/strings/str_cat.h"

namespace tongxin::points {
namespace {

constexpr char kRewardColumns[] =
    "reward_id::text, region_id, name, description, price, stock, per_person_limit, "
    "limit_period, epoch_micros(active_from), epoch_micros(active_until), active, "
    "epoch_micros(created_at)";

constexpr char kOrderColumns[] =
    "o.order_id::text, o.reward_id::text, r.name, o.region_id, o.volunteer_id, o.quantity, "
    "o.points, o.status, o.pickup_code, o.limit_period_key, o.hold_transfer_id, "
    "o.cancel_reason, epoch_micros(o.created_at), epoch_micros(o.closed_at)";

Reward RewardFrom(const pqxx::row& row) {
  Reward r;
  r.reward_id = row[0].as<std::string>();
  r.region_id = row[1].as<std::string>();
  r.name = row[2].as<std::string>();
  r.description = row[3].as<std::string>();
  r.price = row[4].as<long long>();
  r.stock = row[5].as<int>();
  r.per_person_limit = row[6].as<int>();
  r.limit_period = static_cast<LimitPeriod>(row[7].as<int>());
  r.active_from = FromEpochMicros(row[8].as<long long>());
  if (!row[9].is_null()) r.active_until = FromEpochMicros(row[9].as<long long>());
  r.active = row[10].as<bool>();
  r.create_time = FromEpochMicros(row[11].as<long long>());
  return r;
}

Order OrderFrom(const pqxx::row& row) {
  Order o;
  o.order_id = row[0].as<std::string>();
  o.reward_id = row[1].as<std::string>();
  o.reward_name = row[2].as<std::string>();
  o.region_id = row[3].as<std::string>();
  o.volunteer_id = row[4].as<std::string>();
  o.quantity = row[5].as<int>();
  o.points = row[6].as<long long>();
  o.status = static_cast<OrderStatus>(row[7].as<int>());
  o.pickup_code = row[8].as<std::string>();
  o.limit_period_key = row[9].as<std::string>();
  o.hold_transfer_id = row[10].as<long long>();
  o.cancel_reason = row[11].as<std::string>();
  o.create_time = FromEpochMicros(row[12].as<long long>());
  if (!row[13].is_null()) o.close_time = FromEpochMicros(row[13].as<long long>());
  return o;
}

std::optional<Order> FirstOrder(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return OrderFrom(rows[0]);
}

// Orders page newest first; the key is "created_micros|order_id".
std::string OrderKey(const pqxx::row& row) {
  return absl::StrCat(row[12].as<long long>(), "|", row[0].as<std::string>());
}

}  // namespace

StoreRepository::StoreRepository(Db& db) {
  const std::string reward = kRewardColumns;
  const std::string order = kOrderColumns;
  const std::string order_from = " FROM orders o JOIN rewards r USING (reward_id) ";
  db.Register({
      {"reward_insert",
       "INSERT INTO rewards (region_id, name, description, price, stock, per_person_limit, "
       "limit_period, active_from, active_until, active) VALUES ($1, $2, $3, $4, $5, $6, $7, "
       "to_timestamp($8::float8 / 1000000), to_timestamp(nullif($9::bigint, 0)::float8 / 1000000), "
       "$10) "
       "RETURNING " +
           reward},
      {"reward_get", "SELECT " + reward + " FROM rewards WHERE reward_id = $1::uuid"},
      {"reward_list",
       "SELECT " + reward +
           " FROM rewards WHERE region_id IN ($1, left($1, 9)) AND (NOT $2 OR "
           "(active AND active_from <= to_timestamp($3::float8 / 1000000) AND (active_until IS "
           "NULL "
           "OR active_until > to_timestamp($3::float8 / 1000000)))) AND reward_id::text > $4 "
           "ORDER BY reward_id::text LIMIT $5"},
      {"reward_restock",
       "UPDATE rewards SET stock = stock + $2 WHERE reward_id = $1::uuid RETURNING " + reward},
      {"reward_set_active",
       "UPDATE rewards SET active = $2 WHERE reward_id = $1::uuid RETURNING " + reward},
      // The row lock of this UPDATE serialises concurrent redemptions of one reward; the
      // condition is re-checked after waiting, so stock never goes below zero.
      {"reward_take_stock",
       "UPDATE rewards SET stock = stock - $2 WHERE reward_id = $1::uuid AND stock >= $2 "
       "RETURNING stock"},
      {"reward_return_stock", "UPDATE rewards SET stock = stock + $2 WHERE reward_id = $1::uuid"},
      {"orders_units_in_period",
       "SELECT coalesce(sum(quantity), 0)::int FROM orders WHERE volunteer_id = $1 AND "
       "reward_id = $2::uuid AND limit_period_key = $3 AND status <> 3"},
      {"order_insert",
       "WITH o AS (INSERT INTO orders (reward_id, region_id, volunteer_id, quantity, points, "
       "status, pickup_code, limit_period_key, hold_transfer_id, created_at) VALUES ($1::uuid, "
       "$2, $3, $4, $5, 1, $6, $7, $8, to_timestamp($9::float8 / 1000000)) RETURNING *) SELECT " +
           order + " FROM o JOIN rewards r USING (reward_id)"},
      {"order_get", "SELECT " + order + order_from + "WHERE o.order_id = $1::uuid"},
      {"order_get_for_update",
       "SELECT " + order + order_from + "WHERE o.order_id = $1::uuid FOR UPDATE OF o"},
      {"order_collect",
       "WITH o AS (UPDATE orders SET status = 2, closed_at = to_timestamp($3::float8 / 1000000) "
       "WHERE order_id = $1::uuid AND status = 1 AND pickup_code = $2 RETURNING *) SELECT " +
           order + " FROM o JOIN rewards r USING (reward_id)"},
      {"order_cancel",
       "WITH o AS (UPDATE orders SET status = 3, release_transfer_id = $2, cancel_reason = $3, "
       "closed_at = to_timestamp($4::float8 / 1000000) WHERE order_id = $1::uuid AND status = 1 "
       "RETURNING *) SELECT " +
           order + " FROM o JOIN rewards r USING (reward_id)"},
      // One statement per scope, each with its own index (orders_by_region, orders_by_street).
      {"orders_redeemed_in_community",
       "SELECT coalesce(sum(points), 0)::bigint, count(*)::int FROM orders WHERE region_id = $1 "
       "AND status <> 3 AND created_at >= to_timestamp($2::float8 / 1000000) "
       "AND created_at < to_timestamp($3::float8 / 1000000)"},
      {"orders_redeemed_in_street",
       "SELECT coalesce(sum(points), 0)::bigint, count(*)::int FROM orders "
       "WHERE left(region_id, 9) = $1 AND status <> 3 "
       "AND created_at >= to_timestamp($2::float8 / 1000000) "
       "AND created_at < to_timestamp($3::float8 / 1000000)"},
      {"orders_by_volunteer",
       "SELECT " + order + order_from +
           "WHERE o.volunteer_id = $1 AND (NOT $2 OR o.status = $3) "
           "AND ($4 = '' OR (epoch_micros(o.created_at), o.order_id::text) < "
           "(split_part($4, '|', 1)::bigint, split_part($4, '|', 2))) "
           "ORDER BY o.created_at DESC, o.order_id::text DESC LIMIT $5"},
      {"orders_by_region", "SELECT " + order + order_from +
                               "WHERE o.region_id = $1 AND (NOT $2 OR o.status = $3) "
                               "AND ($4 = '' OR (epoch_micros(o.created_at), o.order_id::text) < "
                               "(split_part($4, '|', 1)::bigint, split_part($4, '|', 2))) "
                               "ORDER BY o.created_at DESC, o.order_id::text DESC LIMIT $5"},
  });
  db.RegisterConstraintMessages({
      {"rewards_name_per_region", "reward.name: the store already lists a reward of this name"},
      {"rewards_stock_not_negative", "stock: not enough units left"},
      {"rewards_window", "reward.active_until: must be after active_from"},
      {"rewards_limit_has_period",
       "reward.limit_period: a per-person limit needs a period, and a period needs a limit"},
      {"orders_open_pickup_code", "pickup code collision; retry"},
  });
}

absl::StatusOr<Reward> StoreRepository::InsertReward(Tx& tx, const Reward& r) {
  return RewardFrom(tx.exec_prepared1(
      "reward_insert", r.region_id, r.name, r.description, r.price, r.stock, r.per_person_limit,
      static_cast<int>(r.limit_period), ToEpochMicros(r.active_from),
      r.active_until ? ToEpochMicros(*r.active_until) : 0LL, r.active));
}

absl::StatusOr<std::optional<Reward>> StoreRepository::FindReward(Tx& tx,
                                                                  const std::string& reward_id) {
  auto rows = tx.exec_prepared("reward_get", reward_id);
  if (rows.empty()) return std::nullopt;
  return RewardFrom(rows[0]);
}

absl::StatusOr<Page<Reward>> StoreRepository::ListRewards(Tx& tx, const std::string& region_id,
                                                          bool active_only, Time now,
                                                          const PageRequest& page) {
  auto rows = tx.exec_prepared("reward_list", region_id, active_only, ToEpochMicros(now),
                               page.after, page.page_size + 1);
  return ReadPage<Reward>(rows, page.page_size, RewardFrom);
}

absl::StatusOr<Reward> StoreRepository::Restock(Tx& tx, const std::string& reward_id, int units) {
  auto rows = tx.exec_prepared("reward_restock", reward_id, units);
  if (rows.empty()) return absl::NotFoundError("reward_id: no such reward");
  return RewardFrom(rows[0]);
}

absl::StatusOr<Reward> StoreRepository::SetActive(Tx& tx, const std::string& reward_id,
                                                  bool active) {
  auto rows = tx.exec_prepared("reward_set_active", reward_id, active);
  if (rows.empty()) return absl::NotFoundError("reward_id: no such reward");
  return RewardFrom(rows[0]);
}

absl::StatusOr<bool> StoreRepository::TakeStock(Tx& tx, const std::string& reward_id,
                                                int quantity) {
  return !tx.exec_prepared("reward_take_stock", reward_id, quantity).empty();
}

absl::Status StoreRepository::ReturnStock(Tx& tx, const std::string& reward_id, int quantity) {
  tx.exec_prepared0("reward_return_stock", reward_id, quantity);
  return absl::OkStatus();
}

absl::StatusOr<int> StoreRepository::UnitsInPeriod(Tx& tx, const std::string& volunteer_id,
                                                   const std::string& reward_id,
                                                   const std::string& period_key) {
  return tx.exec_prepared1("orders_units_in_period", volunteer_id, reward_id, period_key)[0]
      .as<int>();
}

absl::StatusOr<Order> StoreRepository::InsertOrder(Tx& tx, const Order& o) {
  return OrderFrom(tx.exec_prepared1("order_insert", o.reward_id, o.region_id, o.volunteer_id,
                                     o.quantity, o.points, o.pickup_code, o.limit_period_key,
                                     o.hold_transfer_id, ToEpochMicros(o.create_time)));
}

absl::StatusOr<std::optional<Order>> StoreRepository::FindOrder(Tx& tx, const std::string& order_id,
                                                                bool lock) {
  return FirstOrder(tx.exec_prepared(lock ? "order_get_for_update" : "order_get", order_id));
}

absl::StatusOr<std::optional<Order>> StoreRepository::Collect(Tx& tx, const std::string& order_id,
                                                              const std::string& pickup_code,
                                                              Time now) {
  return FirstOrder(tx.exec_prepared("order_collect", order_id, pickup_code, ToEpochMicros(now)));
}

absl::StatusOr<std::optional<Order>> StoreRepository::Cancel(Tx& tx, const std::string& order_id,
                                                             long long release_transfer_id,
                                                             const std::string& reason, Time now) {
  return FirstOrder(
      tx.exec_prepared("order_cancel", order_id, release_transfer_id, reason, ToEpochMicros(now)));
}

absl::StatusOr<RegionRedemptions> StoreRepository::RedeemedInRegion(Tx& tx,
                                                                    const std::string& region_id,
                                                                    Time from, Time to) {
  auto row = tx.exec_prepared1(
      region_id.size() == 9 ? "orders_redeemed_in_street" : "orders_redeemed_in_community",
      region_id, ToEpochMicros(from), ToEpochMicros(to));
  return RegionRedemptions{row[0].as<long long>(), row[1].as<int>()};
}

absl::StatusOr<Page<Order>> StoreRepository::ListOrders(Tx& tx, const std::string& volunteer_id,
                                                        const std::string& region_id,
                                                        OrderStatus status, bool any_status,
                                                        const PageRequest& page) {
  auto rows = volunteer_id.empty()
                  ? tx.exec_prepared("orders_by_region", region_id, !any_status,
                                     static_cast<int>(status), page.after, page.page_size + 1)
                  : tx.exec_prepared("orders_by_volunteer", volunteer_id, !any_status,
                                     static_cast<int>(status), page.after, page.page_size + 1);
  return ReadPage<Order>(rows, page.page_size, OrderFrom, OrderKey);
}

}  // namespace tongxin::points
