// The store area: rewards, redeem, collect, cancel and orders.
#include "services/points/domain/store_domain.h"

#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/points/domain/order.h"
#include "services/points/domain/periods.h"
#include "services/points/domain/transfers.h"

namespace tongxin::points {

StoreDomain::StoreDomain(StoreRepository& store, LedgerRepository& ledger, Accounts& accounts,
                         PointsEvents& events, const Clock& clock)
    : store_(store), ledger_(ledger), accounts_(accounts), events_(events), clock_(clock) {}

absl::StatusOr<Reward> StoreDomain::CreateReward(Tx& tx, const Principal& caller,
                                                 const Reward& in) {
  TX_RETURN_IF_ERROR(CheckStoreRegion("reward.region_id", in.region_id));
  TX_RETURN_IF_ERROR(CheckText("reward.name", in.name, 50));
  TX_RETURN_IF_ERROR(CheckText("reward.description", in.description, 500, false));
  if (in.price <= 0 || in.price > 1000000) {
    return absl::InvalidArgumentError("reward.price: between 1 and 1000000 points");
  }
  if (in.stock < 0) return absl::InvalidArgumentError("reward.stock: must not be negative");
  if (in.per_person_limit < 0) {
    return absl::InvalidArgumentError("reward.per_person_limit: must not be negative");
  }
  if ((in.per_person_limit > 0) != (in.limit_period != LimitPeriod::kNone)) {
    return absl::InvalidArgumentError(
        "reward.limit_period: a per-person limit needs a period, and a period needs a limit");
  }
  Reward reward = in;
  if (reward.active_from == Time{}) reward.active_from = clock_.Now();
  if (reward.active_until && *reward.active_until <= reward.active_from) {
    return absl::InvalidArgumentError("reward.active_until: must be after active_from");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.region_id));
  return store_.InsertReward(tx, reward);
}

absl::StatusOr<Reward> StoreDomain::Restock(Tx& tx, const Principal& caller,
                                            const std::string& reward_id, int units) {
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  if (units <= 0 || units > 100000) {
    return absl::InvalidArgumentError("add_units: between 1 and 100000");
  }
  TX_ASSIGN_OR_RETURN(Reward reward, GetReward(tx, caller, reward_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, reward.region_id));
  return store_.Restock(tx, reward_id, units);
}

absl::StatusOr<Reward> StoreDomain::SetRewardActive(Tx& tx, const Principal& caller,
                                                    const std::string& reward_id, bool active) {
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  TX_ASSIGN_OR_RETURN(Reward reward, GetReward(tx, caller, reward_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, reward.region_id));
  return store_.SetActive(tx, reward_id, active);
}

absl::StatusOr<Reward> StoreDomain::GetReward(Tx& tx, const Principal&,
                                              const std::string& reward_id) {
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  TX_ASSIGN_OR_RETURN(auto reward, store_.FindReward(tx, reward_id));
  if (!reward) return absl::NotFoundError("reward_id: no such reward");
  return *reward;
}

absl::StatusOr<Page<Reward>> StoreDomain::ListRewards(Tx& tx, const Principal&,
                                                      const std::string& region_id,
                                                      bool active_only, const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
  return store_.ListRewards(tx, region_id, active_only, clock_.Now(), page);
}

absl::StatusOr<Answered<Order>> StoreDomain::Redeem(Tx& tx, const Principal& caller,
                                                    const RequestKey& key,
                                                    const std::string& volunteer_id,
                                                    const std::string& reward_id, int quantity) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  if (quantity <= 0 || quantity > 100) {
    return absl::InvalidArgumentError("quantity: between 1 and 100");
  }
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  // One call does the whole redemption (RedeemInOneCall): this side decides what needs no row
  // — who acts (an admin's scope must hold the store and the volunteer's home), the period keys
  // of now, the pickup code, the hold's names — and the call checks against the rows, under the
  // volunteer's account lock, the same rules as RedemptionRefusal below, which says which one
  // refused.
  Time now = clock_.Now();
  RedeemRequest request;
  request.reward_id = reward_id;
  request.volunteer_id = volunteer_id;
  request.quantity = quantity;
  if (caller.role != Role::kVolunteer && caller.role != Role::kSystem) {
    request.admin_scope = caller.IsAdmin() ? caller.scope : std::vector<std::string>{};
  }
  request.now = now;
  for (LimitPeriod period :
       {LimitPeriod::kNone, LimitPeriod::kMonth, LimitPeriod::kQuarter, LimitPeriod::kYear}) {
    request.period_keys.push_back(LimitPeriodKey(period, now));
  }
  request.pickup_code = NewPickupCode();
  request.hold = RedemptionHold(Reward{}, reward_id, volunteer_id, 0, caller.subject, now);
  TX_ASSIGN_OR_RETURN(RedeemAnswer answer, store_.RedeemInOneCall(tx, key, request));
  switch (answer.outcome) {
    case RedeemOutcome::kPlaced:
      // A replay's order was told when it was placed.
      if (!answer.replayed && answer.order) events_.OrderReady(tx, *answer.order);
      return Answered<Order>{std::move(answer.order), ""};
    case RedeemOutcome::kStoredResponse:
      return Answered<Order>{std::nullopt, std::move(answer.stored_response)};
    case RedeemOutcome::kRequestIdReused:
      return RequestIdReusedError();
    case RedeemOutcome::kNoReward:
      return absl::NotFoundError("reward_id: no such reward");
    case RedeemOutcome::kRefused:
      break;
  }
  return RedemptionRefusal(caller, answer, quantity, now);
}

absl::Status StoreDomain::RedemptionRefusal(const Principal& caller, const RedeemAnswer& seen,
                                            int quantity, Time now) {
  const Reward& reward = seen.reward;
  if (caller.role != Role::kVolunteer) {
    // For a volunteer: the store's admins, and only those who also serve the volunteer's home.
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, reward.region_id));
    TX_RETURN_IF_ERROR(Accounts::RequireAdminOfHome(caller, seen.account));
  }
  TX_RETURN_IF_ERROR(CheckOrderable(reward, now));
  if (seen.account.balance < reward.price * quantity) {
    return absl::FailedPreconditionError("the volunteer does not have enough points for this");
  }
  if (reward.per_person_limit > 0 && seen.units_taken + quantity > reward.per_person_limit) {
    return absl::FailedPreconditionError(
        absl::StrCat("quantity: the limit is ", reward.per_person_limit, " per person per period; ",
                     seen.units_taken, " already taken"));
  }
  if (!seen.stock_taken) return absl::FailedPreconditionError("reward_id: not enough units left");
  return absl::InternalError("the redemption was refused for no rule the domain knows");
}

absl::StatusOr<Order> StoreDomain::Collect(Tx& tx, const Principal& caller,
                                           const std::string& order_id,
                                           const std::string& pickup_code) {
  TX_RETURN_IF_ERROR(CheckUuid("order_id", order_id));
  TX_RETURN_IF_ERROR(CheckText("pickup_code", pickup_code, 16));
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("orders are handed out by the store's admins");
  }
  TX_ASSIGN_OR_RETURN(auto order, store_.FindOrder(tx, order_id, true));
  if (!order) return absl::NotFoundError("order_id: no such order");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, order->region_id));
  TX_RETURN_IF_ERROR(CheckOrderStep(order->status, OrderStep::kCollect));
  if (order->pickup_code != pickup_code) {
    return absl::InvalidArgumentError("pickup_code: does not match the order");
  }
  TX_ASSIGN_OR_RETURN(auto collected, store_.Collect(tx, order_id, pickup_code, clock_.Now()));
  if (!collected) return absl::AbortedError("order changed concurrently; retry");
  events_.OrderHandedOut(tx, *collected);
  return *collected;
}

absl::StatusOr<Order> StoreDomain::Cancel(Tx& tx, const Principal& caller,
                                          const std::string& order_id, const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckUuid("order_id", order_id));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, false));
  // The order's row lock makes concurrent cancels queue; only the first finds it held.
  TX_ASSIGN_OR_RETURN(auto order, store_.FindOrder(tx, order_id, true));
  if (!order) return absl::NotFoundError("order_id: no such order");
  if (caller.role == Role::kVolunteer) {
    if (caller.subject != order->volunteer_id) {
      return absl::PermissionDeniedError("a volunteer may act only on themself");
    }
  } else {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, order->region_id));
    TX_RETURN_IF_ERROR(accounts_.RequireAdminOfVolunteerHome(tx, caller, order->volunteer_id));
  }
  TX_RETURN_IF_ERROR(CheckOrderStep(order->status, OrderStep::kCancel));
  // Lock order as in Redeem — volunteer, then reward, then store — so the two never deadlock.
  TX_RETURN_IF_ERROR(accounts_.LockVolunteer(tx, order->volunteer_id));
  TX_RETURN_IF_ERROR(store_.ReturnStock(tx, order->reward_id, order->quantity));
  Time now = clock_.Now();
  TX_ASSIGN_OR_RETURN(
      Transfer posted,
      ledger_.Post(tx, RedemptionRelease(*order, order_id, caller.subject, reason, now), now));
  TX_ASSIGN_OR_RETURN(auto cancelled, store_.Cancel(tx, order_id, posted.transfer_id, reason, now));
  if (!cancelled) return absl::AbortedError("order changed concurrently; retry");
  return *cancelled;
}

absl::StatusOr<Page<Order>> StoreDomain::ListOrders(Tx& tx, const Principal& caller,
                                                    const std::string& volunteer_id,
                                                    const std::string& region_id,
                                                    std::optional<OrderStatus> status,
                                                    const PageRequest& page) {
  if (volunteer_id.empty() == region_id.empty()) {
    return absl::InvalidArgumentError("volunteer_id: give either volunteer_id or region_id");
  }
  if (!volunteer_id.empty()) {
    TX_RETURN_IF_ERROR(accounts_.RequireSelfOrAdminOfVolunteer(tx, caller, volunteer_id));
  } else {
    TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  }
  return store_.ListOrders(tx, volunteer_id, region_id, status, page);
}

}  // namespace tongxin::points
