// The store area: a community's or street's rewards, and orders — redeem (points held), collect
// (with the pickup code), cancel (points and stock back). An order's steps are checked by
// order.h. Calls the repositories inside the transaction it is given; knows neither SQL nor gRPC.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/model.h"
#include "services/points/domain/points_events.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/store_repository.h"

namespace tongxin::points {

class StoreDomain {
 public:
  StoreDomain(StoreRepository& store, LedgerRepository& ledger, Accounts& accounts,
              PointsEvents& events, const Clock& clock);

  absl::StatusOr<Reward> CreateReward(Tx& tx, const Principal& caller, const Reward& reward);
  absl::StatusOr<Reward> Restock(Tx& tx, const Principal& caller, const std::string& reward_id,
                                 int units);
  absl::StatusOr<Reward> SetRewardActive(Tx& tx, const Principal& caller,
                                         const std::string& reward_id, bool active);
  absl::StatusOr<Reward> GetReward(Tx& tx, const Principal& caller, const std::string& reward_id);
  // A community's rewards and its street's.
  absl::StatusOr<Page<Reward>> ListRewards(Tx& tx, const Principal& caller,
                                           const std::string& region_id, bool active_only,
                                           const PageRequest& page);
  // In one statement with its request id (`key`): the order, or the key's earlier answer.
  absl::StatusOr<Answered<Order>> Redeem(Tx& tx, const Principal& caller, const RequestKey& key,
                                         const std::string& volunteer_id,
                                         const std::string& reward_id, int quantity);
  absl::StatusOr<Order> Collect(Tx& tx, const Principal& caller, const std::string& order_id,
                                const std::string& pickup_code);
  absl::StatusOr<Order> Cancel(Tx& tx, const Principal& caller, const std::string& order_id,
                               const std::string& reason);
  // A volunteer's orders or a store's; no status: every status.
  absl::StatusOr<Page<Order>> ListOrders(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id,
                                         const std::string& region_id,
                                         std::optional<OrderStatus> status,
                                         const PageRequest& page);

 private:
  // Which rule refused a redemption, from what the call saw (the order the checks ran in before
  // the call did them): PERMISSION_DENIED out of the admin's scope, FAILED_PRECONDITION outside
  // the reward's window, short of points, over the per-person limit, or sold out.
  static absl::Status RedemptionRefusal(const Principal& caller, const RedeemAnswer& seen,
                                        int quantity, Time now);

  StoreRepository& store_;
  LedgerRepository& ledger_;
  Accounts& accounts_;
  PointsEvents& events_;
  const Clock& clock_;
};

}  // namespace tongxin::points
