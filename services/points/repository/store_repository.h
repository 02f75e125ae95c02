// The points store aggregate: rewards and orders. The only code that runs their SQL (declared in
// store_queries.h).
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

// A reward with its redeeming volunteer's account, read and locked together (kRedeemRead).
struct RewardForRedeem {
  Reward reward;
  Account account;  // empty, balance 0, when the volunteer has no account yet
};

// What PlaceOrder did: the units the volunteer had taken in the period, whether stock was taken,
// and the order when one was placed.
struct PlacedOrder {
  int units_taken = 0;
  bool stock_taken = false;
  std::optional<Order> order;
};

class StoreRepository {
 public:
  explicit StoreRepository(Db& db);

  absl::StatusOr<Reward> InsertReward(Tx& tx, const Reward& reward);
  absl::StatusOr<std::optional<Reward>> FindReward(Tx& tx, const std::string& reward_id);
  // A community's rewards and its street's.
  absl::StatusOr<Page<Reward>> ListRewards(Tx& tx, const std::string& region_id, bool active_only,
                                           Time now, const PageRequest& page);
  absl::StatusOr<Reward> Restock(Tx& tx, const std::string& reward_id, int units);
  absl::StatusOr<Reward> SetActive(Tx& tx, const std::string& reward_id, bool active);
  absl::Status ReturnStock(Tx& tx, const std::string& reward_id, int quantity);
  // The reward and the volunteer's account `account_id`, locking the account; nullopt when there
  // is no such reward.
  absl::StatusOr<std::optional<RewardForRedeem>> FindRewardLockingAccount(
      Tx& tx, const std::string& reward_id, const std::string& account_id);
  // In one statement: when the volunteer has taken fewer than `per_person_limit` units in the
  // order's period (0: no limit) and the stock lasts, takes the order's units, posts `hold` (the
  // volunteer's account to the store's, created if missing) and inserts the order.
  absl::StatusOr<PlacedOrder> PlaceOrder(Tx& tx, const Order& order, const Transfer& hold,
                                         int per_person_limit);
  absl::StatusOr<std::optional<Order>> FindOrder(Tx& tx, const std::string& order_id,
                                                 bool lock = false);
  // HELD → COLLECTED if the code matches; nullopt otherwise.
  absl::StatusOr<std::optional<Order>> Collect(Tx& tx, const std::string& order_id,
                                               const std::string& pickup_code, Time now);
  // HELD → CANCELLED naming the release transfer; nullopt when not held (exactly once).
  absl::StatusOr<std::optional<Order>> Cancel(Tx& tx, const std::string& order_id,
                                              long long release_transfer_id,
                                              const std::string& reason, Time now);
  // Orders placed in [from, to) at a community's store, or at a street's store and its
  // communities' stores; cancelled orders excluded.
  absl::StatusOr<RegionRedemptions> RedeemedInRegion(Tx& tx, const std::string& region_id,
                                                     Time from, Time to);
  // A volunteer's orders (volunteer_id given) or a store's, newest first; no status: any.
  absl::StatusOr<Page<Order>> ListOrders(Tx& tx, const std::string& volunteer_id,
                                         const std::string& region_id,
                                         std::optional<OrderStatus> status,
                                         const PageRequest& page);
};

}  // namespace tongxin::points
