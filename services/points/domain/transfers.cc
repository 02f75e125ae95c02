// Every kind of ledger transfer, built in one place.
#include "services/points/domain/transfers.h"

#include "absl/strings/str_cat.h"

namespace tongxin::points {

Transfer AwardTransfer(const AwardInput& in, long long points, const std::string& actor, Time now) {
  Transfer transfer;
  transfer.from_account = IssuingAccount(in.community_id);
  transfer.to_account = VolunteerAccount(in.volunteer_id);
  transfer.amount = points;
  transfer.kind = TransferKind::kAward;
  transfer.source_ref = in.source_ref;
  transfer.actor = actor;
  transfer.reason = in.description;
  transfer.region_id = in.community_id;
  transfer.earned_delta = points;
  transfer.earned_volunteer = in.volunteer_id;
  transfer.earned_at = now;
  return transfer;
}

Transfer AdjustmentTransfer(const std::string& volunteer_id, const std::string& community_id,
                            long long amount, const std::string& actor, const std::string& reason,
                            Time now) {
  Transfer transfer;
  bool credit = amount > 0;
  transfer.from_account = credit ? IssuingAccount(community_id) : VolunteerAccount(volunteer_id);
  transfer.to_account = credit ? VolunteerAccount(volunteer_id) : IssuingAccount(community_id);
  transfer.amount = credit ? amount : -amount;
  transfer.kind = TransferKind::kAdjustment;
  transfer.source_ref = "adjustment:" + actor;
  transfer.actor = actor;
  transfer.reason = reason;
  transfer.region_id = community_id;
  transfer.earned_delta = amount;  // a deduction by hand counts against what was earned
  transfer.earned_volunteer = volunteer_id;
  transfer.earned_at = now;
  return transfer;
}

absl::Status CheckReversible(const Transfer& original) {
  switch (original.kind) {
    case TransferKind::kReversal:
      return absl::FailedPreconditionError(
          "transfer_id: a reversal is not reversed; adjust instead");
    case TransferKind::kRedemptionHold:
    case TransferKind::kRedemptionRelease:
      return absl::FailedPreconditionError("transfer_id: cancel the order instead");
    case TransferKind::kAward:
    case TransferKind::kAdjustment:
    case TransferKind::kExpiry:
      break;
  }
  return absl::OkStatus();
}

Transfer ReversalOf(const Transfer& original, const std::string& actor, const std::string& reason) {
  Transfer reversal;
  reversal.from_account = original.to_account;
  reversal.to_account = original.from_account;
  reversal.amount = original.amount;
  reversal.kind = TransferKind::kReversal;
  reversal.source_ref = absl::StrCat("reversal:", original.transfer_id);
  reversal.actor = actor;
  reversal.reason = reason;
  reversal.region_id = original.region_id;
  reversal.reverses_transfer_id = original.transfer_id;
  // Taken back from the periods it was earned in, so rankings show what really counted.
  reversal.earned_delta = -original.earned_delta;
  reversal.earned_volunteer = original.earned_volunteer;
  reversal.earned_at = original.earned_at;
  return reversal;
}

Transfer RedemptionHold(const Reward& reward, const std::string& reward_id,
                        const std::string& volunteer_id, long long cost, const std::string& actor,
                        Time now) {
  Transfer hold;
  hold.from_account = VolunteerAccount(volunteer_id);
  hold.to_account = StoreAccount(reward.region_id);
  hold.amount = cost;
  hold.kind = TransferKind::kRedemptionHold;
  hold.source_ref = "reward:" + reward_id;
  hold.actor = actor;
  hold.reason = reward.name;
  hold.region_id = reward.region_id;
  hold.earned_at = now;
  return hold;
}

Transfer RedemptionRelease(const Order& order, const std::string& order_id,
                           const std::string& actor, const std::string& reason, Time now) {
  Transfer release;
  release.from_account = StoreAccount(order.region_id);
  release.to_account = VolunteerAccount(order.volunteer_id);
  release.amount = order.points;
  release.kind = TransferKind::kRedemptionRelease;
  release.source_ref = "order:" + order_id;
  release.actor = actor;
  release.reason = reason;
  release.region_id = order.region_id;
  release.earned_at = now;
  return release;
}

std::string ExpirySource(int year, const std::string& volunteer_id) {
  return absl::StrCat("expiry:", year, ":", volunteer_id);
}

Transfer ExpiryTransfer(int year, const std::string& volunteer_id, const std::string& community_id,
                        long long points, const std::string& actor, Time now) {
  Transfer expiry;
  expiry.from_account = VolunteerAccount(volunteer_id);
  expiry.to_account = kExpiryAccount;
  expiry.amount = points;
  expiry.kind = TransferKind::kExpiry;
  expiry.source_ref = ExpirySource(year, volunteer_id);
  expiry.actor = actor;
  expiry.reason = absl::StrCat(year, "年积分到期");
  expiry.region_id = community_id;
  expiry.earned_at = now;
  return expiry;
}

}  // namespace tongxin::points
