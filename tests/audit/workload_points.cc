// The workload's points requests: awards (as the posts and wishes outboxes send them), redeems,
// cancels and collections, adjustments and reversals. Each answer is checked against what the
// request asked for; what the answer gave (an order, a transfer) is kept for a later request.
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "tests/audit/client.h"

namespace tongxin::audit {

namespace ppb = points::v1;

void Client::Award(const std::string& volunteer_id, int hours) {
  Record record;
  record.op = Op::kAward;
  record.request_id = NextRequestId();
  record.volunteer_id = volunteer_id;
  record.source_ref = absl::StrCat("audit:", record.request_id);
  ppb::AwardRequest request;
  request.set_request_id(record.request_id);
  request.set_volunteer_id(volunteer_id);
  request.set_community_id(world_.community);
  request.set_home_community_id(world_.community);
  request.set_activity(ppb::ACTIVITY_POST_SERVICE);
  request.set_hours(hours);
  request.set_post_type("AID_NEEDY");
  request.set_source_ref(record.source_ref);
  ppb::AwardResponse response;
  Call(record, world_.system_token, false, [&](bool, grpc::ClientContext* context) {
    return stubs_.points->Award(context, request, &response);
  });
  if (record.outcome == Outcome::kOk) {
    const auto& transfer = response.transfer();
    record.transfer_id = transfer.transfer_id();
    record.amount = response.points();
    if (response.points() <= 0 || transfer.source_ref() != record.source_ref ||
        transfer.to_account() != "volunteer:" + volunteer_id ||
        transfer.amount() != response.points() || transfer.kind() != ppb::TRANSFER_KIND_AWARD) {
      Wrong(record,
            "the award's answer is not the transfer asked for: " + transfer.ShortDebugString());
    } else {
      credits_.push_back(transfer.transfer_id());
    }
  }
  Keep(std::move(record));
}

void Client::Redeem() {
  const RewardInfo& reward = Pick(world_.rewards);
  Record record;
  record.op = Op::kRedeem;
  record.request_id = NextRequestId();
  record.volunteer_id = Pick(world_.volunteers);
  record.reward_id = reward.id;
  record.amount = Uniform(1, 2);
  ppb::RedeemRequest request;
  request.set_request_id(record.request_id);
  request.set_volunteer_id(record.volunteer_id);
  request.set_reward_id(reward.id);
  request.set_quantity(static_cast<int>(record.amount));
  ppb::Order order;
  Call(record, TokenOf(record.volunteer_id), true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->Redeem(context, request, &order)
                   : stubs_.points->Redeem(context, request, &order);
  });
  if (record.outcome == Outcome::kOk) {
    record.order_id = order.order_id();
    if (order.volunteer_id() != record.volunteer_id || order.reward_id() != reward.id ||
        order.quantity() != record.amount || order.points() != record.amount * reward.price ||
        order.status() != ppb::ORDER_STATUS_HELD || order.pickup_code().empty()) {
      Wrong(record, "the order is not the one asked for: " + order.ShortDebugString());
    } else {
      orders_.push_back({order.order_id(), order.pickup_code(), record.volunteer_id});
    }
  }
  Keep(std::move(record));
}

void Client::CancelOrder() {
  HeldOrder held = Take(orders_);
  Record record;
  record.op = Op::kCancel;
  record.request_id = NextRequestId();
  record.volunteer_id = held.volunteer_id;
  record.order_id = held.order_id;
  ppb::CancelOrderRequest request;
  request.set_request_id(record.request_id);
  request.set_order_id(held.order_id);
  request.set_reason("审计：不要了");
  // The volunteer cancels their own order, or an admin does it for them.
  const bool by_admin = Chance(0.3);
  ppb::Order order;
  Call(record, by_admin ? world_.admin_token : TokenOf(held.volunteer_id), !by_admin,
       [&](bool gateway, grpc::ClientContext* context) {
         return gateway ? stubs_.gateway->CancelOrder(context, request, &order)
                        : stubs_.points->CancelOrder(context, request, &order);
       });
  if (record.outcome == Outcome::kOk &&
      (order.order_id() != held.order_id || order.status() != ppb::ORDER_STATUS_CANCELLED)) {
    Wrong(record, "the cancel's answer is not a cancelled order: " + order.ShortDebugString());
  }
  Keep(std::move(record));
}

void Client::CollectOrder() {
  HeldOrder held = Take(orders_);
  Record record;
  record.op = Op::kCollect;
  record.request_id = NextRequestId();
  record.volunteer_id = held.volunteer_id;
  record.order_id = held.order_id;
  ppb::CollectOrderRequest request;
  request.set_request_id(record.request_id);
  request.set_order_id(held.order_id);
  request.set_pickup_code(held.pickup_code);
  ppb::Order order;
  Call(record, world_.admin_token, false, [&](bool, grpc::ClientContext* context) {
    return stubs_.points->CollectOrder(context, request, &order);
  });
  if (record.outcome == Outcome::kOk &&
      (order.order_id() != held.order_id || order.status() != ppb::ORDER_STATUS_COLLECTED)) {
    Wrong(record, "the collection's answer is not a collected order: " + order.ShortDebugString());
  }
  Keep(std::move(record));
}

void Client::Adjust() {
  Record record;
  record.op = Op::kAdjust;
  record.request_id = NextRequestId();
  record.volunteer_id = Pick(world_.volunteers);
  record.amount = Uniform(1, 6) * (Chance(0.4) ? -1 : 1);
  record.reason = "audit " + record.request_id;  // how the checks find its transfer
  ppb::AdjustRequest request;
  request.set_request_id(record.request_id);
  request.set_volunteer_id(record.volunteer_id);
  request.set_community_id(world_.community);
  request.set_amount(record.amount);
  request.set_reason(record.reason);
  ppb::Transfer transfer;
  Call(record, world_.admin_token, false, [&](bool, grpc::ClientContext* context) {
    return stubs_.points->Adjust(context, request, &transfer);
  });
  if (record.outcome == Outcome::kOk) {
    record.transfer_id = transfer.transfer_id();
    if (transfer.kind() != ppb::TRANSFER_KIND_ADJUSTMENT ||
        transfer.amount() != std::abs(record.amount) || transfer.reason() != record.reason ||
        (transfer.to_account() == "volunteer:" + record.volunteer_id) != (record.amount > 0)) {
      Wrong(record, "the adjustment's answer is not the transfer asked for: " +
                        transfer.ShortDebugString());
    } else if (record.amount > 0) {
      credits_.push_back(transfer.transfer_id());
    }
  }
  Keep(std::move(record));
}

void Client::Reverse() {
  Record record;
  record.op = Op::kReverse;
  record.request_id = NextRequestId();
  record.transfer_id = Take(credits_);
  record.reason = "audit " + record.request_id;
  ppb::ReverseTransferRequest request;
  request.set_request_id(record.request_id);
  request.set_transfer_id(record.transfer_id);
  request.set_reason(record.reason);
  ppb::Transfer transfer;
  Call(record, world_.admin_token, false, [&](bool, grpc::ClientContext* context) {
    return stubs_.points->ReverseTransfer(context, request, &transfer);
  });
  if (record.outcome == Outcome::kOk && (transfer.kind() != ppb::TRANSFER_KIND_REVERSAL ||
                                         transfer.reverses_transfer_id() != record.transfer_id ||
                                         transfer.reason() != record.reason)) {
    Wrong(record,
          "the reversal's answer is not the transfer asked for: " + transfer.ShortDebugString());
  }
  Keep(std::move(record));
}

}  // namespace tongxin::audit
