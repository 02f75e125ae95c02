// Runs the store's statements (store_queries.h) and reads their rows by column name.
#include "services/points/repository/store_repository.h"

#include "absl/strings/str_cat.h"
#include "services/points/repository/store_queries.h"

namespace tongxin::points {
namespace {

Reward RewardFrom(const pqxx::row& row) {
  Reward r;
  r.reward_id = row["reward_id"].as<std::string>();
  r.region_id = row["region_id"].as<std::string>();
  r.name = row["name"].as<std::string>();
  r.description = row["description"].as<std::string>();
  r.price = row["price"].as<long long>();
  r.stock = row["stock"].as<int>();
  r.per_person_limit = row["per_person_limit"].as<int>();
  r.limit_period = static_cast<LimitPeriod>(row["limit_period"].as<int>());
  r.active_from = FromEpochMicros(row["active_from_micros"].as<long long>());
  if (!row["active_until_micros"].is_null()) {
    r.active_until = FromEpochMicros(row["active_until_micros"].as<long long>());
  }
  r.active = row["active"].as<bool>();
  r.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return r;
}

Order OrderFrom(const pqxx::row& row) {
  Order o;
  o.order_id = row["order_id"].as<std::string>();
  o.reward_id = row["reward_id"].as<std::string>();
  o.reward_name = row["reward_name"].as<std::string>();
  o.region_id = row["region_id"].as<std::string>();
  o.volunteer_id = row["volunteer_id"].as<std::string>();
  o.quantity = row["quantity"].as<int>();
  o.points = row["points"].as<long long>();
  o.status = static_cast<OrderStatus>(row["status"].as<int>());
  o.pickup_code = row["pickup_code"].as<std::string>();
  o.limit_period_key = row["limit_period_key"].as<std::string>();
  o.hold_transfer_id = row["hold_transfer_id"].as<long long>();
  o.cancel_reason = row["cancel_reason"].as<std::string>();
  o.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  if (!row["close_micros"].is_null()) {
    o.close_time = FromEpochMicros(row["close_micros"].as<long long>());
  }
  return o;
}

std::optional<Order> FirstOrder(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return OrderFrom(rows[0]);
}

// Orders page newest first; the key is "create_micros|order_id".
std::string OrderKey(const pqxx::row& row) {
  return absl::StrCat(row["create_micros"].as<long long>(), "|", row["order_id"].as<std::string>());
}

}  // namespace

StoreRepository::StoreRepository(Db& db) {
  db.Register({kRewardInsert, kRewardGet, kRewardList, kRewardRestock, kRewardSetActive,
               kRewardReturnStock, kRedeemCall, kOrderGet, kOrderGetForUpdate, kOrderCollect,
               kOrderCancel, kOrdersRedeemedInCommunity, kOrdersRedeemedInStreet,
               kOrdersByVolunteer, kOrdersByRegion});
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
  return RewardFrom(Exec1(tx, kRewardInsert, r.region_id, r.name, r.description, r.price, r.stock,
                          r.per_person_limit, static_cast<int>(r.limit_period),
                          ToEpochMicros(r.active_from),
                          r.active_until ? ToEpochMicros(*r.active_until) : 0LL, r.active));
}

absl::StatusOr<std::optional<Reward>> StoreRepository::FindReward(Tx& tx,
                                                                  const std::string& reward_id) {
  auto rows = Exec(tx, kRewardGet, reward_id);
  if (rows.empty()) return std::nullopt;
  return RewardFrom(rows[0]);
}

absl::StatusOr<Page<Reward>> StoreRepository::ListRewards(Tx& tx, const std::string& region_id,
                                                          bool active_only, Time now,
                                                          const PageRequest& page) {
  auto rows = Exec(tx, kRewardList, region_id, active_only, ToEpochMicros(now), page.after,
                   page.page_size + 1);
  return ReadPage<Reward>(rows, page.page_size, RewardFrom);
}

absl::StatusOr<Reward> StoreRepository::Restock(Tx& tx, const std::string& reward_id, int units) {
  auto rows = Exec(tx, kRewardRestock, reward_id, units);
  if (rows.empty()) return absl::NotFoundError("reward_id: no such reward");
  return RewardFrom(rows[0]);
}

absl::StatusOr<Reward> StoreRepository::SetActive(Tx& tx, const std::string& reward_id,
                                                  bool active) {
  auto rows = Exec(tx, kRewardSetActive, reward_id, active);
  if (rows.empty()) return absl::NotFoundError("reward_id: no such reward");
  return RewardFrom(rows[0]);
}

absl::Status StoreRepository::ReturnStock(Tx& tx, const std::string& reward_id, int quantity) {
  Exec0(tx, kRewardReturnStock, reward_id, quantity);
  return absl::OkStatus();
}

absl::StatusOr<RedeemAnswer> StoreRepository::RedeemInOneCall(Tx& tx, const RequestKey& key,
                                                              const RedeemRequest& in) {
  const Transfer& hold = in.hold;
  auto row = Exec1(tx, kRedeemCall, key.caller, key.request_id, key.fingerprint, in.reward_id,
                   in.volunteer_id, hold.from_account, in.quantity, in.admin_scope.has_value(),
                   TextArrayLiteral(in.admin_scope.value_or(std::vector<std::string>{})),
                   ToEpochMicros(in.now), TextArrayLiteral(in.period_keys), in.pickup_code,
                   hold.actor, hold.source_ref, StoreAccount(""));
  RedeemAnswer answer;
  const std::string outcome = row["outcome"].as<std::string>();
  if (outcome == "placed" || outcome == "replayed") {
    answer.outcome = RedeemOutcome::kPlaced;
    answer.order = OrderFrom(row);
    answer.replayed = outcome == "replayed";
  } else if (outcome == "stored_response") {
    answer.outcome = RedeemOutcome::kStoredResponse;
    answer.stored_response = FromBytea(row["stored_response"]);
  } else if (outcome == "request_id_reused") {
    answer.outcome = RedeemOutcome::kRequestIdReused;
  } else if (outcome == "no_reward") {
    answer.outcome = RedeemOutcome::kNoReward;
  } else if (outcome == "refused") {
    answer.outcome = RedeemOutcome::kRefused;
    Reward& r = answer.reward;
    r.reward_id = in.reward_id;
    r.region_id = row["reward_region_id"].as<std::string>();
    r.price = row["reward_price"].as<long long>();
    r.per_person_limit = row["reward_per_person_limit"].as<int>();
    r.active = row["reward_active"].as<bool>();
    r.active_from = FromEpochMicros(row["reward_active_from_micros"].as<long long>());
    if (!row["reward_active_until_micros"].is_null()) {
      r.active_until = FromEpochMicros(row["reward_active_until_micros"].as<long long>());
    }
    answer.account.account_id = hold.from_account;
    answer.account.kind = AccountKind::kVolunteer;
    answer.account.owner_id = in.volunteer_id;
    if (row["has_account"].as<bool>()) {
      answer.account.community_id = row["account_community_id"].as<std::string>();
      answer.account.balance = row["account_balance"].as<long long>();
    }
    answer.units_taken = row["units_taken"].as<int>();
    answer.stock_taken = row["stock_taken"].as<bool>();
  } else {
    return absl::InternalError("points_redeem answered an unknown outcome");
  }
  return answer;
}

absl::StatusOr<std::optional<Order>> StoreRepository::FindOrder(Tx& tx, const std::string& order_id,
                                                                bool lock) {
  return FirstOrder(Exec(tx, lock ? kOrderGetForUpdate : kOrderGet, order_id));
}

absl::StatusOr<std::optional<Order>> StoreRepository::Collect(Tx& tx, const std::string& order_id,
                                                              const std::string& pickup_code,
                                                              Time now) {
  return FirstOrder(Exec(tx, kOrderCollect, order_id, pickup_code, ToEpochMicros(now)));
}

absl::StatusOr<std::optional<Order>> StoreRepository::Cancel(Tx& tx, const std::string& order_id,
                                                             long long release_transfer_id,
                                                             const std::string& reason, Time now) {
  return FirstOrder(
      Exec(tx, kOrderCancel, order_id, release_transfer_id, reason, ToEpochMicros(now)));
}

absl::StatusOr<RegionRedemptions> StoreRepository::RedeemedInRegion(Tx& tx,
                                                                    const std::string& region_id,
                                                                    Time from, Time to) {
  auto row = Exec1(tx, IsStreetId(region_id) ? kOrdersRedeemedInStreet : kOrdersRedeemedInCommunity,
                   region_id, ToEpochMicros(from), ToEpochMicros(to));
  return RegionRedemptions{row["points"].as<long long>(), row["orders"].as<int>()};
}

absl::StatusOr<Page<Order>> StoreRepository::ListOrders(Tx& tx, const std::string& volunteer_id,
                                                        const std::string& region_id,
                                                        std::optional<OrderStatus> status,
                                                        const PageRequest& page) {
  const bool filter = status.has_value();
  const int wanted = static_cast<int>(status.value_or(OrderStatus::kHeld));
  auto rows = volunteer_id.empty() ? Exec(tx, kOrdersByRegion, region_id, filter, wanted,
                                          page.after, page.page_size + 1)
                                   : Exec(tx, kOrdersByVolunteer, volunteer_id, filter, wanted,
                                          page.after, page.page_size + 1);
  return ReadPage<Order>(rows, page.page_size, OrderFrom, OrderKey);
}

}  // namespace tongxin::points
