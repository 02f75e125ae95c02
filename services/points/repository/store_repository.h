// The points store aggregate: rewards and orders. The only code that runs their SQL (declared in
// store_queries.h).
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

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
  // Takes `quantity` units only if that many are left; false when not.
  absl::StatusOr<bool> TakeStock(Tx& tx, const std::string& reward_id, int quantity);
  absl::Status ReturnStock(Tx& tx, const std::string& reward_id, int quantity);
  // Units the volunteer holds or collected of this reward in the period (cancelled excluded).
  absl::StatusOr<int> UnitsInPeriod(Tx& tx, const std::string& volunteer_id,
                                    const std::string& reward_id, const std::string& period_key);

  absl::StatusOr<Order> InsertOrder(Tx& tx, const Order& order);
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
