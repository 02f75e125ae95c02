// The points store aggregate: rewards and orders. The only code that runs their SQL (declared in
// store_queries.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

// What the domain gives a redemption in one call: everything it decides without the rows.
struct RedeemRequest {
  std::string reward_id;
  std::string volunteer_id;
  int quantity = 0;
  // An admin acting for the volunteer: their scope, which must hold the store and the
  // volunteer's home. None for the volunteer themself and the system.
  std::optional<std::vector<std::string>> admin_scope;
  Time now;
  std::vector<std::string> period_keys;  // the limit period key of `now`, by LimitPeriod number
  std::string pickup_code;
  Transfer hold;  // from, kind, source_ref, actor; its store, amount and reason come from the row
};

enum class RedeemOutcome {
  kPlaced,          // the order (also: replayed from the first attempt's stored row)
  kStoredResponse,  // a key IdempotencyStore stored: its answer
  kRequestIdReused,
  kNoReward,
  kRefused,  // nothing written; what it saw is returned for the domain to say which rule refused
};

// What RedeemInOneCall found or did.
struct RedeemAnswer {
  RedeemOutcome outcome = RedeemOutcome::kRefused;
  std::string stored_response;
  // kRefused: the reward (region, price, limit, window), the volunteer's account (community and
  // balance; empty when they have none), the units they took in the period, and whether stock
  // was taken.
  Reward reward;
  Account account;
  int units_taken = 0;
  bool stock_taken = false;
  std::optional<Order> order;  // kPlaced
  bool replayed = false;       // kPlaced: the first call's order, placed before (no news)
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
  // A redemption in one statement that commits itself with its request id (kRedeemCall): the
  // checks that need the reward and the account, the stock, the hold transfer with both
  // balances, the order and the key; or the key's earlier answer.
  absl::StatusOr<RedeemAnswer> RedeemInOneCall(Tx& tx, const RequestKey& key,
                                               const RedeemRequest& request);
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
