// The ledger's movements as values: every kind of transfer is built in one function here (which
// accounts, which source_ref, what it does to earned points), and which transfers a reversal may
// undo. Pure: the domain classes post what these return.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

// Issuing account → volunteer: earned points, counted in the periods of `now`.
Transfer AwardTransfer(const AwardInput& in, long long points, const std::string& actor, Time now);

// By hand, either way between the community's issuing account and the volunteer; a deduction
// counts against what was earned.
Transfer AdjustmentTransfer(const std::string& volunteer_id, const std::string& community_id,
                            long long amount, const std::string& actor, const std::string& reason,
                            Time now);

// Awards, adjustments and expiries are reversed; a reversal is not (adjust instead), and a
// redemption is undone by cancelling its order. FAILED_PRECONDITION otherwise.
absl::Status CheckReversible(const Transfer& original);
// The mirror of `original`, taking its earned points back from the periods they were earned in.
Transfer ReversalOf(const Transfer& original, const std::string& actor, const std::string& reason);

// Volunteer → store: the points of an order, held until it is collected or cancelled.
// `reward_id` as the caller wrote it (it names the source).
Transfer RedemptionHold(const Reward& reward, const std::string& reward_id,
                        const std::string& volunteer_id, long long cost, const std::string& actor,
                        Time now);
// Store → volunteer: a cancelled order's points back. `order_id` as the caller wrote it.
Transfer RedemptionRelease(const Order& order, const std::string& order_id,
                           const std::string& actor, const std::string& reason, Time now);

// Volunteer → expiry: what was left of `year`'s points; once per volunteer and year by its
// source_ref.
std::string ExpirySource(int year, const std::string& volunteer_id);
Transfer ExpiryTransfer(int year, const std::string& volunteer_id, const std::string& community_id,
                        long long points, const std::string& actor, Time now);

}  // namespace tongxin::points
