// The ledger area: awards, adjustments, reversals, balances, consistency, earning rules, expiry.
#include "services/points/domain/ledger_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/points/domain/earning.h"
#include "services/points/domain/periods.h"
#include "services/points/domain/transfers.h"

namespace tongxin::points {

LedgerDomain::LedgerDomain(LedgerRepository& ledger, SettingsRepository& settings,
                           Accounts& accounts, const Clock& clock, PointsOptions options)
    : ledger_(ledger), settings_(settings), accounts_(accounts), clock_(clock), options_(options) {}

absl::StatusOr<Answered<AwardResult>> LedgerDomain::Award(Tx& tx, const Principal& caller,
                                                          const RequestKey& key,
                                                          const AwardInput& in) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("awards come from the posts and wishes services");
  }
  TX_RETURN_IF_ERROR(CheckVolunteerId(in.volunteer_id));
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", in.community_id, kCommunityIdLength));
  if (!in.home_community_id.empty()) {
    TX_RETURN_IF_ERROR(
        CheckRegionId("home_community_id", in.home_community_id, kCommunityIdLength));
  }
  TX_RETURN_IF_ERROR(CheckText("source_ref", in.source_ref, 128));
  TX_RETURN_IF_ERROR(CheckText("volunteer_name", in.volunteer_name, 50, false));
  TX_RETURN_IF_ERROR(CheckText("description", in.description, 200, false));
  if (in.activity == Activity::kUnspecified) {
    return absl::InvalidArgumentError("activity: required");
  }
  TX_RETURN_IF_ERROR(CheckActivityHours(in.activity, in.hours));
  if (in.activity == Activity::kGridTask) {
    TX_RETURN_IF_ERROR(CheckText("grid_task_type", in.grid_task_type, 60));
  }

  Account volunteer;
  volunteer.account_id = VolunteerAccount(in.volunteer_id);
  volunteer.kind = AccountKind::kVolunteer;
  volunteer.owner_id = in.volunteer_id;
  // The account's community is the volunteer's home: the one the awarding service names, else
  // the one the account was opened in. Where these points were earned is the transfer's region.
  bool home_given = !in.home_community_id.empty();
  volunteer.community_id = home_given ? in.home_community_id : in.community_id;
  volunteer.party_member = in.party_member;
  volunteer.display_name = in.volunteer_name;
  // One call (AwardInOneCall): the same source paid before gives the first answer, nothing
  // more; else the points reckoned here by the rules as last read are posted while the rules
  // are still those. Rules changed since: read them again and reckon again.
  for (int attempt = 1; attempt <= kAwardAttempts; ++attempt) {
    TX_ASSIGN_OR_RETURN(VersionedRules rules, RulesForAward(tx, in.community_id, attempt > 1));
    Earning earning =
        PointsForActivity(rules.rules, in.activity, in.hours, in.post_type, in.grid_task_type);
    Time now = clock_.Now();
    TX_ASSIGN_OR_RETURN(
        AwardAnswer answer,
        ledger_.AwardInOneCall(tx, key, rules.version, earning.points, earning.capped, volunteer,
                               home_given, AwardTransfer(in, earning.points, caller.subject, now),
                               now));
    switch (answer.outcome) {
      case AwardOutcome::kAnswered:
        return Answered<AwardResult>{std::move(answer.result), ""};
      case AwardOutcome::kStoredResponse:
        return Answered<AwardResult>{std::nullopt, std::move(answer.stored_response)};
      case AwardOutcome::kRequestIdReused:
        return RequestIdReusedError();
      case AwardOutcome::kSourceElsewhere:
        return absl::AlreadyExistsError("source_ref: already awarded to another volunteer");
      case AwardOutcome::kAccountMissing:
        return absl::FailedPreconditionError("an account of the transfer is missing");
      case AwardOutcome::kRulesChanged:
        break;
    }
  }
  return absl::AbortedError("the earning rules changed while awarding; retry");
}

absl::StatusOr<LedgerDomain::VersionedRules> LedgerDomain::RulesForAward(
    Tx& tx, const std::string& community_id, bool reread) {
  if (!reread) {
    std::lock_guard lock(rules_mu_);
    if (auto it = rules_.find(community_id); it != rules_.end()) return it->second;
  }
  TX_ASSIGN_OR_RETURN(VersionedRulesChain chain, settings_.RulesChainWithVersion(tx, community_id));
  VersionedRules rules{ComposeRules(chain.chain), chain.version};
  std::lock_guard lock(rules_mu_);
  // Bounded: a city's communities fit many times over; past that, start again.
  if (rules_.size() >= kMaxCachedRules) rules_.clear();
  rules_[community_id] = rules;
  return rules;
}

absl::StatusOr<Transfer> LedgerDomain::Adjust(Tx& tx, const Principal& caller,
                                              const std::string& volunteer_id,
                                              const std::string& community_id, long long amount,
                                              const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  TX_RETURN_IF_ERROR(CheckAdjustmentAmount(amount));
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, community_id));
  TX_ASSIGN_OR_RETURN(Account account, accounts_.VolunteerAccountOf(tx, volunteer_id));
  if (account.community_id.empty() && caller.role != Role::kSystem) {
    // An account's community is the volunteer's points home, which decides who may act for
    // them (Redeem, CancelOrder): an admin's adjustment must not be what sets it.
    return absl::FailedPreconditionError(
        "volunteer_id: the volunteer has no points account yet; adjust where they earned");
  }
  if (!account.community_id.empty() && account.community_id != community_id) {
    // The volunteer earns in another community: its admins decide there.
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, account.community_id));
  }
  Account volunteer = account;
  volunteer.kind = AccountKind::kVolunteer;
  if (volunteer.community_id.empty()) volunteer.community_id = community_id;
  TX_RETURN_IF_ERROR(ledger_.EnsureVolunteerAccount(tx, volunteer, false));
  TX_RETURN_IF_ERROR(accounts_.EnsureRegionAccount(tx, AccountKind::kIssuing, community_id));
  Time now = clock_.Now();
  return ledger_.Post(
      tx, AdjustmentTransfer(volunteer_id, community_id, amount, caller.subject, reason, now), now);
}

absl::StatusOr<Transfer> LedgerDomain::Reverse(Tx& tx, const Principal& caller,
                                               long long transfer_id, const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  if (transfer_id <= 0) return absl::InvalidArgumentError("transfer_id: required");
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(auto original, ledger_.Find(tx, transfer_id));
  if (!original) return absl::NotFoundError("transfer_id: no such transfer");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, original->region_id));
  TX_RETURN_IF_ERROR(CheckReversible(*original));
  TX_ASSIGN_OR_RETURN(bool reversed, ledger_.IsReversed(tx, transfer_id));
  if (reversed) {
    return absl::FailedPreconditionError("transfer_id: this transfer has already been reversed");
  }
  // Volunteer first, as every other posting does, so reversals never deadlock with awards.
  if (!original->earned_volunteer.empty()) {
    TX_RETURN_IF_ERROR(accounts_.LockVolunteer(tx, original->earned_volunteer));
  }
  return ledger_.Post(tx, ReversalOf(*original, caller.subject, reason), clock_.Now());
}

absl::StatusOr<BalanceView> LedgerDomain::GetBalance(Tx& tx, const Principal& caller,
                                                     const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(accounts_.RequireSelfOrAdminOfVolunteer(tx, caller, volunteer_id));
  TX_ASSIGN_OR_RETURN(Account account, accounts_.VolunteerAccountOf(tx, volunteer_id));
  BalanceView view;
  view.volunteer_id = volunteer_id;
  view.balance = account.balance;
  TX_ASSIGN_OR_RETURN(view.earned_total, ledger_.EarnedPoints(tx, volunteer_id, kAllTimePeriod));
  TX_ASSIGN_OR_RETURN(auto tiers, settings_.Tiers(tx));
  PlaceInTiers(tiers, view.earned_total, &view);
  return view;
}

absl::StatusOr<Page<Transfer>> LedgerDomain::ListTransfers(Tx& tx, const Principal& caller,
                                                           const std::string& volunteer_id,
                                                           const PageRequest& page) {
  TX_RETURN_IF_ERROR(accounts_.RequireSelfOrAdminOfVolunteer(tx, caller, volunteer_id));
  return ledger_.ListForAccount(tx, VolunteerAccount(volunteer_id), page);
}

absl::StatusOr<ConsistencyReport> LedgerDomain::CheckConsistency(Tx& tx, const Principal& caller,
                                                                 const std::string& region_id) {
  if (region_id.empty()) {
    if (caller.role != Role::kSystem) {
      return absl::PermissionDeniedError("the whole ledger is checked by the system role");
    }
  } else {
    TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  }
  return ledger_.CheckConsistency(tx, region_id);
}

absl::StatusOr<EarningRules> LedgerDomain::EffectiveRules(Tx& tx, const std::string& region_id) {
  TX_ASSIGN_OR_RETURN(auto chain, settings_.RulesChain(tx, region_id));
  return ComposeRules(chain);
}

absl::StatusOr<EarningRules> LedgerDomain::GetRules(Tx& tx, const Principal&,
                                                    const std::string& region_id) {
  if (!region_id.empty()) TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
  return EffectiveRules(tx, region_id);
}

absl::StatusOr<EarningRules> LedgerDomain::UpdateRules(Tx& tx, const Principal& caller,
                                                       const EarningRules& rules,
                                                       const std::string& reason) {
  if (rules.region_id.empty()) {
    if (caller.role != Role::kSystem) {
      return absl::PermissionDeniedError("the defaults are changed by the system role");
    }
  } else {
    TX_RETURN_IF_ERROR(CheckStoreRegion("rules.region_id", rules.region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, rules.region_id));
  }
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  TX_RETURN_IF_ERROR(CheckEarningRuleValues(rules));
  if (rules.region_id.size() == kCommunityIdLength) {
    // A community goes as far as its street (or, without street rules, the defaults) allows.
    TX_ASSIGN_OR_RETURN(auto chain, settings_.RulesChain(tx, rules.region_id.substr(0, 9)));
    TX_RETURN_IF_ERROR(CheckWithinParent(rules, ComposeRules(chain)));
  }
  return settings_.SaveRules(tx, rules, caller.subject, reason);
}

absl::StatusOr<ExpiryResult> LedgerDomain::RunExpiry(Tx& tx, const Principal& caller, int year) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("expiry is run by the system role");
  }
  if (!options_.expiry_enabled) {
    return absl::FailedPreconditionError("points expiry is off (set --expiry_enabled to use it)");
  }
  Time now = clock_.Now();
  if (year < 2000 || year > ChinaYear(now) - 2) {
    return absl::InvalidArgumentError(
        "year: points of a year expire at the end of the next year; that year must be over");
  }
  Time earned_until = ChinaYearStart(year + 1);
  Time spent_until = ChinaYearStart(year + 2);
  TX_ASSIGN_OR_RETURN(auto candidates, ledger_.ExpiryCandidates(tx, earned_until, spent_until, ""));
  ExpiryResult result;
  TX_RETURN_IF_ERROR(ledger_.EnsureAccount(
      tx, Account{kExpiryAccount, AccountKind::kExpiry, "expiry", "", false, "", 0}));
  for (const auto& unlocked : candidates) {
    // Lock the account, then read its figures again: a redemption may have committed since.
    TX_RETURN_IF_ERROR(accounts_.LockVolunteer(tx, unlocked.volunteer_id));
    TX_ASSIGN_OR_RETURN(
        auto fresh, ledger_.ExpiryCandidates(tx, earned_until, spent_until, unlocked.volunteer_id));
    if (fresh.empty()) continue;
    const auto& c = fresh.front();
    long long left = ExpiringPoints(c.balance, c.earned_through, c.outflow);
    if (left <= 0) continue;
    TX_ASSIGN_OR_RETURN(auto done, ledger_.FindBySource(tx, TransferKind::kExpiry,
                                                        ExpirySource(year, c.volunteer_id)));
    if (done) continue;
    Transfer expiry =
        ExpiryTransfer(year, c.volunteer_id, c.community_id, left, caller.subject, now);
    TX_RETURN_IF_ERROR(ledger_.Post(tx, expiry, now).status());
    ++result.volunteers;
    result.points += left;
  }
  return result;
}

}  // namespace tongxin::points
