#include "services/points/domain/points_domain.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <regex>

#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/crypto.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::points {

std::string VolunteerAccount(const std::string& volunteer_id) {
  return "volunteer:" + volunteer_id;
}
std::string IssuingAccount(const std::string& community_id) { return "issuing:" + community_id; }
std::string StoreAccount(const std::string& region_id) { return "store:" + region_id; }

namespace {

absl::Status CheckVolunteerId(const std::string& volunteer_id) {
  return CheckText("volunteer_id", volunteer_id, 128);
}

// A store belongs to a community or a street.
absl::Status CheckStoreRegion(const std::string& field, const std::string& region_id) {
  return CheckStreetOrCommunityId(field, region_id);
}

// Pickup codes avoid look-alike characters (0/O, 1/I/L) so they can be read out at a counter.
std::string NewPickupCode() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::string random = RandomBytes(8);
  std::string code;
  for (unsigned char c : random) code.push_back(kAlphabet[c % (sizeof(kAlphabet) - 1)]);
  return code;
}

bool InWindow(const Reward& reward, Time now) {
  return reward.active_from <= now && (!reward.active_until || now < *reward.active_until);
}

std::string LimitPeriodKey(LimitPeriod period, Time now) {
  switch (period) {
    case LimitPeriod::kMonth:
      return PeriodKey(PeriodKind::kMonth, now);
    case LimitPeriod::kQuarter:
      return PeriodKey(PeriodKind::kQuarter, now);
    case LimitPeriod::kYear:
      return PeriodKey(PeriodKind::kYear, now);
    case LimitPeriod::kNone:
      break;
  }
  return "-";
}

absl::Status CheckPeriod(PeriodKind kind, const std::string& period) {
  static const std::regex kMonth(R"(\d{4}-(0[1-9]|1[0-2]))");
  static const std::regex kQuarter(R"(\d{4}-Q[1-4])");
  static const std::regex kYear(R"(\d{4})");
  bool ok = false;
  switch (kind) {
    case PeriodKind::kMonth:
      ok = std::regex_match(period, kMonth);
      break;
    case PeriodKind::kQuarter:
      ok = std::regex_match(period, kQuarter);
      break;
    case PeriodKind::kYear:
      ok = std::regex_match(period, kYear);
      break;
    case PeriodKind::kAllTime:
      ok = period == "all";
      break;
    case PeriodKind::kUnspecified:
      return absl::InvalidArgumentError("period_kind: required");
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        "period: must match the period kind (2026-05, 2026-Q2, 2026 or all)");
  }
  return absl::OkStatus();
}

// The tier of `earned` and the next one.
void PlaceInTiers(const std::vector<Tier>& tiers, long long earned, BalanceView* view) {
  for (size_t i = 0; i < tiers.size(); ++i) {
    if (earned >= tiers[i].min_points) {
      view->tier = tiers[i].name;
      if (i + 1 < tiers.size()) {
        view->next_tier = tiers[i + 1].name;
        view->points_to_next_tier = tiers[i + 1].min_points - earned;
      } else {
        view->next_tier.clear();
        view->points_to_next_tier = 0;
      }
    }
  }
}

}  // namespace

std::string PeriodKey(PeriodKind kind, Time t) {
  std::tm tm = ChinaCivilTime(t);
  int year = tm.tm_year + 1900;
  switch (kind) {
    case PeriodKind::kMonth:
      return ChinaMonth(t);
    case PeriodKind::kQuarter:
      return absl::StrCat(year, "-Q", tm.tm_mon / 3 + 1);
    case PeriodKind::kYear:
      return absl::StrCat(year);
    case PeriodKind::kAllTime:
    case PeriodKind::kUnspecified:
      break;
  }
  return "all";
}

std::vector<std::string> AllPeriodKeys(Time t) {
  return {PeriodKey(PeriodKind::kMonth, t), PeriodKey(PeriodKind::kQuarter, t),
          PeriodKey(PeriodKind::kYear, t), "all"};
}

Time AddWorkingDays(Time from, int days) {
  Time t = from;
  // Published at the weekend: the notice counts from Monday 00:00.
  std::tm start = ChinaCivilTime(from);
  if (start.tm_wday == 0 || start.tm_wday == 6) {
    int to_monday = start.tm_wday == 6 ? 2 : 1;
    t = from - std::chrono::hours(start.tm_hour) - std::chrono::minutes(start.tm_min) -
        std::chrono::seconds(start.tm_sec) + std::chrono::hours(24 * to_monday);
  }
  while (days > 0) {
    t += std::chrono::hours(24);
    int weekday = ChinaCivilTime(t).tm_wday;  // 0 Sunday .. 6 Saturday
    if (weekday != 0 && weekday != 6) --days;
  }
  return t;
}

PointsDomain::PointsDomain(LedgerRepository& ledger, SettingsRepository& settings,
                           StoreRepository& store, RoundRepository& rounds, const Clock& clock,
                           PointsOptions options)
    : ledger_(ledger),
      settings_(settings),
      store_(store),
      rounds_(rounds),
      clock_(clock),
      options_(options) {}

absl::StatusOr<Account> PointsDomain::VolunteerAccountFor(Tx& tx, const std::string& volunteer_id,
                                                          bool lock) {
  TX_ASSIGN_OR_RETURN(auto account, ledger_.FindAccount(tx, VolunteerAccount(volunteer_id), lock));
  if (account) return *account;
  // A volunteer who never earned anything has an empty account.
  Account empty;
  empty.account_id = VolunteerAccount(volunteer_id);
  empty.owner_id = volunteer_id;
  return empty;
}

absl::Status PointsDomain::EnsureRegionAccount(Tx& tx, AccountKind kind,
                                               const std::string& region_id) {
  Account account;
  account.kind = kind;
  account.owner_id = region_id;
  account.account_id =
      kind == AccountKind::kIssuing ? IssuingAccount(region_id) : StoreAccount(region_id);
  return ledger_.EnsureAccount(tx, account);
}

absl::Status PointsDomain::RequireSelfOrAdminOfVolunteer(Tx& tx, const Principal& caller,
                                                         const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer || caller.role == Role::kSystem) {
    return RequireSelfOrAdminInScope(caller, volunteer_id, "");
  }
  TX_ASSIGN_OR_RETURN(Account account, VolunteerAccountFor(tx, volunteer_id, false));
  if (account.community_id.empty()) {
    return absl::NotFoundError("volunteer_id: no points account for this volunteer");
  }
  return RequireAdminInScope(caller, account.community_id);
}

// ---- ledger ----

absl::StatusOr<AwardResult> PointsDomain::Award(Tx& tx, const Principal& caller,
                                                const AwardInput& in) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("awards come from the posts and wishes services");
  }
  TX_RETURN_IF_ERROR(CheckVolunteerId(in.volunteer_id));
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", in.community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("source_ref", in.source_ref, 128));
  TX_RETURN_IF_ERROR(CheckText("volunteer_name", in.volunteer_name, 50, false));
  TX_RETURN_IF_ERROR(CheckText("description", in.description, 200, false));
  if (in.activity == Activity::kUnspecified) {
    return absl::InvalidArgumentError("activity: required");
  }
  if (in.activity == Activity::kPostService || in.activity == Activity::kHonour) {
    if (!std::isfinite(in.hours) || in.hours <= 0 || in.hours > 24) {
      return absl::InvalidArgumentError("hours: must be more than 0 and at most 24");
    }
  }
  // The same source paid before: the first answer, nothing more.
  TX_ASSIGN_OR_RETURN(auto existing, ledger_.FindBySource(tx, TransferKind::kAward, in.source_ref));
  if (existing) {
    if (existing->to_account != VolunteerAccount(in.volunteer_id)) {
      return absl::AlreadyExistsError("source_ref: already awarded to another volunteer");
    }
    return AwardResult{existing->amount, false, *existing};
  }
  TX_ASSIGN_OR_RETURN(EarningRules rules, settings_.EffectiveRules(tx, in.community_id));
  long long points = 0;
  switch (in.activity) {
    case Activity::kPostService: {
      long long rate = rules.points_per_hour;
      if (auto it = rules.points_per_hour_by_post_type.find(in.post_type);
          it != rules.points_per_hour_by_post_type.end()) {
        rate = it->second;
      }
      // Whole points only: partial points round down, never up.
      points = static_cast<long long>(std::floor(in.hours * static_cast<double>(rate) + 1e-9));
      break;
    }
    case Activity::kWish:
      points = rules.wish_points;
      break;
    case Activity::kHonour:  // honour hours mint no points
    case Activity::kUnspecified:
      points = 0;
      break;
  }
  AwardResult result;
  if (points > rules.activity_cap) {
    points = rules.activity_cap;
    result.capped = true;
  }
  result.points = points;
  if (points == 0) return result;

  Account volunteer;
  volunteer.account_id = VolunteerAccount(in.volunteer_id);
  volunteer.kind = AccountKind::kVolunteer;
  volunteer.owner_id = in.volunteer_id;
  volunteer.community_id = in.community_id;
  volunteer.party_member = in.party_member;
  volunteer.display_name = in.volunteer_name;
  TX_RETURN_IF_ERROR(ledger_.EnsureAccount(tx, volunteer));
  TX_RETURN_IF_ERROR(EnsureRegionAccount(tx, AccountKind::kIssuing, in.community_id));
  Time now = clock_.Now();
  Transfer transfer;
  transfer.from_account = IssuingAccount(in.community_id);
  transfer.to_account = volunteer.account_id;
  transfer.amount = points;
  transfer.kind = TransferKind::kAward;
  transfer.source_ref = in.source_ref;
  transfer.actor = caller.subject;
  transfer.reason = in.description;
  transfer.region_id = in.community_id;
  transfer.earned_delta = points;
  transfer.earned_volunteer = in.volunteer_id;
  transfer.earned_at = now;
  TX_ASSIGN_OR_RETURN(result.transfer, ledger_.Post(tx, transfer, now));
  return result;
}

absl::StatusOr<Transfer> PointsDomain::Adjust(Tx& tx, const Principal& caller,
                                              const std::string& volunteer_id,
                                              const std::string& community_id, long long amount,
                                              const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  if (amount == 0 || amount > 100000 || amount < -100000) {
    return absl::InvalidArgumentError("amount: must be non-zero and within ±100000");
  }
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, community_id));
  TX_ASSIGN_OR_RETURN(Account account, VolunteerAccountFor(tx, volunteer_id, false));
  if (!account.community_id.empty() && account.community_id != community_id) {
    // The volunteer earns in another community: its admins decide there.
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, account.community_id));
  }
  Account volunteer = account;
  volunteer.kind = AccountKind::kVolunteer;
  if (volunteer.community_id.empty()) volunteer.community_id = community_id;
  TX_RETURN_IF_ERROR(ledger_.EnsureAccount(tx, volunteer));
  TX_RETURN_IF_ERROR(EnsureRegionAccount(tx, AccountKind::kIssuing, community_id));
  Time now = clock_.Now();
  Transfer transfer;
  bool credit = amount > 0;
  transfer.from_account = credit ? IssuingAccount(community_id) : VolunteerAccount(volunteer_id);
  transfer.to_account = credit ? VolunteerAccount(volunteer_id) : IssuingAccount(community_id);
  transfer.amount = credit ? amount : -amount;
  transfer.kind = TransferKind::kAdjustment;
  transfer.source_ref = "adjustment:" + caller.subject;
  transfer.actor = caller.subject;
  transfer.reason = reason;
  transfer.region_id = community_id;
  transfer.earned_delta = amount;  // a deduction by hand counts against what was earned
  transfer.earned_volunteer = volunteer_id;
  transfer.earned_at = now;
  return ledger_.Post(tx, transfer, now);
}

absl::StatusOr<Transfer> PointsDomain::Reverse(Tx& tx, const Principal& caller,
                                               long long transfer_id, const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  if (transfer_id <= 0) return absl::InvalidArgumentError("transfer_id: required");
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  TX_ASSIGN_OR_RETURN(auto original, ledger_.Find(tx, transfer_id));
  if (!original) return absl::NotFoundError("transfer_id: no such transfer");
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, original->region_id));
  if (original->kind == TransferKind::kReversal) {
    return absl::FailedPreconditionError("transfer_id: a reversal is not reversed; adjust instead");
  }
  if (original->kind == TransferKind::kRedemptionHold ||
      original->kind == TransferKind::kRedemptionRelease) {
    return absl::FailedPreconditionError("transfer_id: cancel the order instead");
  }
  TX_ASSIGN_OR_RETURN(bool reversed, ledger_.IsReversed(tx, transfer_id));
  if (reversed) {
    return absl::FailedPreconditionError("transfer_id: this transfer has already been reversed");
  }
  // Volunteer first, as every other posting does, so reversals never deadlock with awards.
  if (!original->earned_volunteer.empty()) {
    TX_RETURN_IF_ERROR(
        ledger_.FindAccount(tx, VolunteerAccount(original->earned_volunteer), true).status());
  }
  Time now = clock_.Now();
  Transfer reversal;
  reversal.from_account = original->to_account;
  reversal.to_account = original->from_account;
  reversal.amount = original->amount;
  reversal.kind = TransferKind::kReversal;
  reversal.source_ref = absl::StrCat("reversal:", transfer_id);
  reversal.actor = caller.subject;
  reversal.reason = reason;
  reversal.region_id = original->region_id;
  reversal.reverses_transfer_id = transfer_id;
  // Taken back from the periods it was earned in, so rankings show what really counted.
  reversal.earned_delta = -original->earned_delta;
  reversal.earned_volunteer = original->earned_volunteer;
  reversal.earned_at = original->earned_at;
  return ledger_.Post(tx, reversal, now);
}

absl::StatusOr<BalanceView> PointsDomain::GetBalance(Tx& tx, const Principal& caller,
                                                     const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(RequireSelfOrAdminOfVolunteer(tx, caller, volunteer_id));
  TX_ASSIGN_OR_RETURN(Account account, VolunteerAccountFor(tx, volunteer_id, false));
  BalanceView view;
  view.volunteer_id = volunteer_id;
  view.balance = account.balance;
  TX_ASSIGN_OR_RETURN(view.earned_total, ledger_.EarnedPoints(tx, volunteer_id, "all"));
  TX_ASSIGN_OR_RETURN(auto tiers, settings_.Tiers(tx));
  PlaceInTiers(tiers, view.earned_total, &view);
  return view;
}

absl::StatusOr<Page<Transfer>> PointsDomain::ListTransfers(Tx& tx, const Principal& caller,
                                                           const std::string& volunteer_id,
                                                           const PageRequest& page) {
  TX_RETURN_IF_ERROR(RequireSelfOrAdminOfVolunteer(tx, caller, volunteer_id));
  return ledger_.ListForAccount(tx, VolunteerAccount(volunteer_id), page);
}

absl::StatusOr<ConsistencyReport> PointsDomain::CheckConsistency(Tx& tx, const Principal& caller,
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

absl::StatusOr<EarningRules> PointsDomain::GetRules(Tx& tx, const Principal&,
                                                    const std::string& region_id) {
  if (!region_id.empty()) TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
  if (region_id.size() == kCommunityIdLength) return settings_.EffectiveRules(tx, region_id);
  TX_ASSIGN_OR_RETURN(auto rules, settings_.Rules(tx, region_id));
  if (rules) return *rules;
  return settings_.EffectiveRules(tx, region_id + "000");  // a street without its own: defaults
}

absl::StatusOr<EarningRules> PointsDomain::UpdateRules(Tx& tx, const Principal& caller,
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
  if (rules.points_per_hour < 0 || rules.points_per_hour > 1000) {
    return absl::InvalidArgumentError("rules.points_per_hour: between 0 and 1000");
  }
  for (const auto& [type, rate] : rules.points_per_hour_by_post_type) {
    TX_RETURN_IF_ERROR(CheckText("rules.points_per_hour_by_post_type", type, 40));
    if (rate < 0 || rate > 1000) {
      return absl::InvalidArgumentError("rules.points_per_hour_by_post_type: between 0 and 1000");
    }
  }
  if (rules.wish_points < 0 || rules.wish_points > 1000) {
    return absl::InvalidArgumentError("rules.wish_points: between 0 and 1000");
  }
  if (rules.activity_cap <= 0 || rules.activity_cap > 10000) {
    return absl::InvalidArgumentError("rules.activity_cap: between 1 and 10000");
  }
  return settings_.SaveRules(tx, rules, caller.subject, reason);
}

absl::StatusOr<ExpiryResult> PointsDomain::RunExpiry(Tx& tx, const Principal& caller, int year) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("expiry is run by the system role");
  }
  if (!options_.expiry_enabled) {
    return absl::FailedPreconditionError("points expiry is off (set --expiry_enabled to use it)");
  }
  Time now = clock_.Now();
  int this_year = ChinaCivilTime(now).tm_year + 1900;
  if (year < 2000 || year > this_year - 2) {
    return absl::InvalidArgumentError(
        "year: points of a year expire at the end of the next year; that year must be over");
  }
  // Year boundaries in China Standard Time.
  auto year_start = [](int y) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    return FromChinaCivilTime(tm);
  };
  Time earned_until = year_start(year + 1);
  Time spent_until = year_start(year + 2);
  TX_ASSIGN_OR_RETURN(auto candidates, ledger_.ExpiryCandidates(tx, earned_until, spent_until, ""));
  ExpiryResult result;
  TX_RETURN_IF_ERROR(ledger_.EnsureAccount(
      tx, Account{kExpiryAccount, AccountKind::kExpiry, "expiry", "", false, "", 0}));
  for (const auto& unlocked : candidates) {
    // Lock the account, then read its figures again: a redemption may have committed since.
    TX_RETURN_IF_ERROR(
        ledger_.FindAccount(tx, VolunteerAccount(unlocked.volunteer_id), true).status());
    TX_ASSIGN_OR_RETURN(
        auto fresh, ledger_.ExpiryCandidates(tx, earned_until, spent_until, unlocked.volunteer_id));
    if (fresh.empty()) continue;
    const auto& c = fresh.front();
    // Oldest first: spending used up the oldest points, so what is left of this year's is what
    // was earned up to its end beyond everything spent or expired until the end of the next.
    long long left = std::min(c.balance, c.earned_through - c.outflow);
    if (left <= 0) continue;
    std::string source = absl::StrCat("expiry:", year, ":", c.volunteer_id);
    TX_ASSIGN_OR_RETURN(auto done, ledger_.FindBySource(tx, TransferKind::kExpiry, source));
    if (done) continue;
    Transfer expiry;
    expiry.from_account = VolunteerAccount(c.volunteer_id);
    expiry.to_account = kExpiryAccount;
    expiry.amount = left;
    expiry.kind = TransferKind::kExpiry;
    expiry.source_ref = source;
    expiry.actor = caller.subject;
    expiry.reason = absl::StrCat(year, "年积分到期");
    expiry.region_id = c.community_id;
    expiry.earned_at = now;
    TX_RETURN_IF_ERROR(ledger_.Post(tx, expiry, now).status());
    ++result.volunteers;
    result.points += left;
  }
  return result;
}

// ---- store ----

absl::StatusOr<Reward> PointsDomain::CreateReward(Tx& tx, const Principal& caller,
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

absl::StatusOr<Reward> PointsDomain::Restock(Tx& tx, const Principal& caller,
                                             const std::string& reward_id, int units) {
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  if (units <= 0 || units > 100000) {
    return absl::InvalidArgumentError("add_units: between 1 and 100000");
  }
  TX_ASSIGN_OR_RETURN(Reward reward, GetReward(tx, caller, reward_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, reward.region_id));
  return store_.Restock(tx, reward_id, units);
}

absl::StatusOr<Reward> PointsDomain::SetRewardActive(Tx& tx, const Principal& caller,
                                                     const std::string& reward_id, bool active) {
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  TX_ASSIGN_OR_RETURN(Reward reward, GetReward(tx, caller, reward_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, reward.region_id));
  return store_.SetActive(tx, reward_id, active);
}

absl::StatusOr<Reward> PointsDomain::GetReward(Tx& tx, const Principal&,
                                               const std::string& reward_id) {
  TX_RETURN_IF_ERROR(CheckUuid("reward_id", reward_id));
  TX_ASSIGN_OR_RETURN(auto reward, store_.FindReward(tx, reward_id));
  if (!reward) return absl::NotFoundError("reward_id: no such reward");
  return *reward;
}

absl::StatusOr<Page<Reward>> PointsDomain::ListRewards(Tx& tx, const Principal&,
                                                       const std::string& region_id,
                                                       bool active_only, const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
  return store_.ListRewards(tx, region_id, active_only, clock_.Now(), page);
}

absl::StatusOr<Order> PointsDomain::Redeem(Tx& tx, const Principal& caller,
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
  TX_ASSIGN_OR_RETURN(Reward reward, GetReward(tx, caller, reward_id));
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, reward.region_id));
  }
  Time now = clock_.Now();
  if (!reward.active) return absl::FailedPreconditionError("reward_id: the reward is not offered");
  if (!InWindow(reward, now)) {
    return absl::FailedPreconditionError("reward_id: outside the reward's active window");
  }
  // The volunteer's account row lock serialises one volunteer's redemptions, so the limit and
  // the balance are checked against everything that volunteer already committed.
  TX_ASSIGN_OR_RETURN(auto account, ledger_.FindAccount(tx, VolunteerAccount(volunteer_id), true));
  long long cost = reward.price * quantity;
  if (!account || account->balance < cost) {
    return absl::FailedPreconditionError("the volunteer does not have enough points for this");
  }
  std::string period_key = LimitPeriodKey(reward.limit_period, now);
  if (reward.per_person_limit > 0) {
    TX_ASSIGN_OR_RETURN(int units, store_.UnitsInPeriod(tx, volunteer_id, reward_id, period_key));
    if (units + quantity > reward.per_person_limit) {
      return absl::FailedPreconditionError(
          absl::StrCat("quantity: the limit is ", reward.per_person_limit,
                       " per person per period; ", units, " already taken"));
    }
  }
  TX_ASSIGN_OR_RETURN(bool taken, store_.TakeStock(tx, reward_id, quantity));
  if (!taken) return absl::FailedPreconditionError("reward_id: not enough units left");
  TX_RETURN_IF_ERROR(EnsureRegionAccount(tx, AccountKind::kStore, reward.region_id));
  Transfer hold;
  hold.from_account = VolunteerAccount(volunteer_id);
  hold.to_account = StoreAccount(reward.region_id);
  hold.amount = cost;
  hold.kind = TransferKind::kRedemptionHold;
  hold.source_ref = "reward:" + reward_id;
  hold.actor = caller.subject;
  hold.reason = reward.name;
  hold.region_id = reward.region_id;
  hold.earned_at = now;
  TX_ASSIGN_OR_RETURN(Transfer posted, ledger_.Post(tx, hold, now));
  Order order;
  order.reward_id = reward_id;
  order.region_id = reward.region_id;
  order.volunteer_id = volunteer_id;
  order.quantity = quantity;
  order.points = cost;
  order.pickup_code = NewPickupCode();
  order.limit_period_key = period_key;
  order.hold_transfer_id = posted.transfer_id;
  order.create_time = now;
  return store_.InsertOrder(tx, order);
}

absl::StatusOr<Order> PointsDomain::Collect(Tx& tx, const Principal& caller,
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
  if (order->status != OrderStatus::kHeld) {
    return absl::FailedPreconditionError("order_id: the order is no longer waiting for pickup");
  }
  if (order->pickup_code != pickup_code) {
    return absl::InvalidArgumentError("pickup_code: does not match the order");
  }
  TX_ASSIGN_OR_RETURN(auto collected, store_.Collect(tx, order_id, pickup_code, clock_.Now()));
  if (!collected) return absl::AbortedError("order changed concurrently; retry");
  return *collected;
}

absl::StatusOr<Order> PointsDomain::Cancel(Tx& tx, const Principal& caller,
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
  }
  if (order->status != OrderStatus::kHeld) {
    return absl::FailedPreconditionError(
        "order_id: only an order waiting for pickup can be cancelled");
  }
  // Lock order as in Redeem — volunteer, then reward, then store — so the two never deadlock.
  TX_RETURN_IF_ERROR(ledger_.FindAccount(tx, VolunteerAccount(order->volunteer_id), true).status());
  TX_RETURN_IF_ERROR(store_.ReturnStock(tx, order->reward_id, order->quantity));
  Time now = clock_.Now();
  Transfer release;
  release.from_account = StoreAccount(order->region_id);
  release.to_account = VolunteerAccount(order->volunteer_id);
  release.amount = order->points;
  release.kind = TransferKind::kRedemptionRelease;
  release.source_ref = "order:" + order_id;
  release.actor = caller.subject;
  release.reason = reason;
  release.region_id = order->region_id;
  release.earned_at = now;
  TX_ASSIGN_OR_RETURN(Transfer posted, ledger_.Post(tx, release, now));
  TX_ASSIGN_OR_RETURN(auto cancelled, store_.Cancel(tx, order_id, posted.transfer_id, reason, now));
  if (!cancelled) return absl::AbortedError("order changed concurrently; retry");
  return *cancelled;
}

absl::StatusOr<Page<Order>> PointsDomain::ListOrders(Tx& tx, const Principal& caller,
                                                     const std::string& volunteer_id,
                                                     const std::string& region_id,
                                                     std::optional<OrderStatus> status,
                                                     const PageRequest& page) {
  if (volunteer_id.empty() == region_id.empty()) {
    return absl::InvalidArgumentError("volunteer_id: give either volunteer_id or region_id");
  }
  if (!volunteer_id.empty()) {
    TX_RETURN_IF_ERROR(RequireSelfOrAdminOfVolunteer(tx, caller, volunteer_id));
  } else {
    TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  }
  return store_.ListOrders(tx, volunteer_id, region_id, status.value_or(OrderStatus::kHeld),
                           !status.has_value(), page);
}

// ---- rankings and tiers ----

absl::StatusOr<std::vector<LeaderboardEntry>> PointsDomain::Leaderboard(
    Tx& tx, const Principal&, const std::string& region_id, PeriodKind kind, std::string* period,
    bool party_members_only, int limit) {
  TX_RETURN_IF_ERROR(CheckStoreRegion("region_id", region_id));
  if (kind == PeriodKind::kUnspecified) return absl::InvalidArgumentError("period_kind: required");
  if (period->empty()) *period = PeriodKey(kind, clock_.Now());
  TX_RETURN_IF_ERROR(CheckPeriod(kind, *period));
  if (limit < 0) return absl::InvalidArgumentError("limit: must not be negative");
  if (limit == 0) limit = 20;
  limit = std::min(limit, 200);
  return ledger_.Leaderboard(tx, region_id, *period, party_members_only, limit);
}

absl::StatusOr<std::vector<Tier>> PointsDomain::GetTiers(Tx& tx, const Principal&) {
  return settings_.Tiers(tx);
}

absl::StatusOr<std::vector<Tier>> PointsDomain::UpdateTiers(Tx& tx, const Principal& caller,
                                                            const std::vector<Tier>& tiers) {
  if (caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("tiers are set city-wide by the system role");
  }
  if (tiers.empty() || tiers.front().min_points != 0) {
    return absl::InvalidArgumentError("tiers: the first tier must start at 0 points");
  }
  for (size_t i = 0; i < tiers.size(); ++i) {
    TX_RETURN_IF_ERROR(CheckText("tiers.name", tiers[i].name, 30));
    if (i > 0 && tiers[i].min_points <= tiers[i - 1].min_points) {
      return absl::InvalidArgumentError("tiers: min_points must strictly increase");
    }
  }
  TX_RETURN_IF_ERROR(settings_.ReplaceTiers(tx, tiers));
  return settings_.Tiers(tx);
}

// ---- commendation rounds ----

absl::StatusOr<Round> PointsDomain::LoadRound(Tx& tx, const std::string& round_id, bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("round_id", round_id));
  TX_ASSIGN_OR_RETURN(auto round, rounds_.Find(tx, round_id, lock));
  if (!round) return absl::NotFoundError("round_id: no such round");
  return *round;
}

absl::StatusOr<Round> PointsDomain::CreateRound(Tx& tx, const Principal& caller, const Round& in) {
  TX_RETURN_IF_ERROR(CheckText("round.title", in.title, 100));
  TX_RETURN_IF_ERROR(CheckStoreRegion("round.region_id", in.region_id));
  TX_RETURN_IF_ERROR(CheckPeriod(in.period_kind, in.period));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.region_id));
  Round round = in;
  round.created_by = caller.subject;
  round.candidates.clear();
  TX_ASSIGN_OR_RETURN(auto standings,
                      rounds_.Standings(tx, in.region_id, in.period, in.party_members_only));
  switch (in.rule) {
    case RuleKind::kTopN: {
      if (in.rule_value <= 0 || in.rule_value > 1000) {
        return absl::InvalidArgumentError("round.rule_value: N between 1 and 1000");
      }
      // Everyone who ties with the N-th is proposed: the admin decides, not the sort order.
      for (const auto& c : standings) {
        if (c.rank > in.rule_value) break;
        round.candidates.push_back(c);
      }
      break;
    }
    case RuleKind::kMinPoints:
      if (in.rule_value <= 0) return absl::InvalidArgumentError("round.rule_value: P above 0");
      for (const auto& c : standings) {
        if (c.points >= in.rule_value) round.candidates.push_back(c);
      }
      break;
    case RuleKind::kMinTier: {
      TX_ASSIGN_OR_RETURN(auto tiers, settings_.Tiers(tx));
      auto tier = std::find_if(tiers.begin(), tiers.end(),
                               [&](const Tier& t) { return t.name == in.rule_tier; });
      if (tier == tiers.end()) return absl::InvalidArgumentError("round.rule_tier: no such tier");
      // Tiers are by all-time earned points; the period still ranks and limits who is in.
      for (const auto& c : standings) {
        TX_ASSIGN_OR_RETURN(long long total, ledger_.EarnedPoints(tx, c.volunteer_id, "all"));
        if (total >= tier->min_points) round.candidates.push_back(c);
      }
      break;
    }
    case RuleKind::kUnspecified:
      return absl::InvalidArgumentError("round.rule: required");
  }
  for (auto& c : round.candidates) c.decision = Decision::kProposed;
  TX_ASSIGN_OR_RETURN(Round inserted, rounds_.Insert(tx, round, clock_.Now()));
  return LoadRound(tx, inserted.round_id, false);
}

absl::StatusOr<Round> PointsDomain::GetRound(Tx& tx, const Principal&,
                                             const std::string& round_id) {
  return LoadRound(tx, round_id, false);
}

absl::StatusOr<Page<Round>> PointsDomain::ListRounds(Tx& tx, const Principal&,
                                                     const std::string& region_id,
                                                     const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckAnyRegionId("region_id", region_id));
  return rounds_.List(tx, region_id, page);
}

absl::StatusOr<Round> PointsDomain::DecideCandidate(Tx& tx, const Principal& caller,
                                                    const std::string& round_id,
                                                    const std::string& volunteer_id,
                                                    Decision decision, const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200, decision == Decision::kStruck));
  if (decision != Decision::kConfirmed && decision != Decision::kStruck) {
    return absl::InvalidArgumentError("decision: CONFIRMED or STRUCK");
  }
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  if (round.status != RoundStatus::kProposed) {
    return absl::FailedPreconditionError("round_id: candidates are decided before publishing");
  }
  TX_ASSIGN_OR_RETURN(bool decided, rounds_.Decide(tx, round_id, volunteer_id, decision, reason));
  if (!decided) return absl::NotFoundError("volunteer_id: not a candidate of this round");
  return LoadRound(tx, round_id, false);
}

absl::StatusOr<Round> PointsDomain::PublishRound(Tx& tx, const Principal& caller,
                                                 const std::string& round_id,
                                                 int notice_working_days) {
  if (notice_working_days == 0) notice_working_days = options_.default_notice_working_days;
  if (notice_working_days < 5 || notice_working_days > 30) {
    return absl::InvalidArgumentError("notice_working_days: between 5 and 30");
  }
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  if (round.status != RoundStatus::kProposed) {
    return absl::FailedPreconditionError("round_id: the round is already published");
  }
  for (const auto& c : round.candidates) {
    if (c.decision == Decision::kProposed) {
      return absl::FailedPreconditionError(
          "round_id: confirm or strike every candidate before publishing");
    }
  }
  TX_RETURN_IF_ERROR(rounds_.StartNotice(tx, round_id, notice_working_days,
                                         AddWorkingDays(clock_.Now(), notice_working_days)));
  return LoadRound(tx, round_id, false);
}

absl::StatusOr<Objection> PointsDomain::LodgeObjection(Tx& tx, const Principal& caller,
                                                       const std::string& round_id,
                                                       const std::string& volunteer_id,
                                                       const std::string& text) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckText("text", text, 1000));
  // Locked: a finalisation cannot slip in between the notice check and the insert.
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  if (round.status != RoundStatus::kInNotice || clock_.Now() >= *round.notice_until) {
    return absl::FailedPreconditionError("round_id: objections are taken during the notice only");
  }
  auto candidate = std::find_if(round.candidates.begin(), round.candidates.end(),
                                [&](const Candidate& c) { return c.volunteer_id == volunteer_id; });
  if (candidate == round.candidates.end() || candidate->decision != Decision::kConfirmed) {
    return absl::NotFoundError("volunteer_id: not on the published list");
  }
  Objection objection;
  objection.round_id = round_id;
  objection.volunteer_id = volunteer_id;
  objection.lodged_by = caller.subject;
  objection.text = text;
  return rounds_.InsertObjection(tx, objection, clock_.Now());
}

absl::StatusOr<Round> PointsDomain::ResolveObjection(Tx& tx, const Principal& caller,
                                                     const std::string& objection_id, bool upheld,
                                                     const std::string& resolution) {
  TX_RETURN_IF_ERROR(CheckUuid("objection_id", objection_id));
  TX_RETURN_IF_ERROR(CheckText("resolution", resolution, 500));
  TX_ASSIGN_OR_RETURN(auto objection, rounds_.FindObjection(tx, objection_id, true));
  if (!objection) return absl::NotFoundError("objection_id: no such objection");
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, objection->round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  if (round.status != RoundStatus::kInNotice) {
    return absl::FailedPreconditionError("round_id: the round is not in its notice");
  }
  if (objection->resolved) {
    return absl::FailedPreconditionError("objection_id: already resolved");
  }
  TX_RETURN_IF_ERROR(rounds_.ResolveObjection(tx, objection_id, upheld, resolution, clock_.Now()));
  return LoadRound(tx, round.round_id, false);
}

absl::StatusOr<Round> PointsDomain::FinalizeRound(Tx& tx, const Principal& caller,
                                                  const std::string& round_id) {
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  if (round.status != RoundStatus::kInNotice) {
    return absl::FailedPreconditionError("round_id: only a round in its notice is finalised");
  }
  if (clock_.Now() < *round.notice_until) {
    return absl::FailedPreconditionError("round_id: the notice period has not ended");
  }
  for (const auto& objection : round.objections) {
    if (!objection.resolved) {
      return absl::FailedPreconditionError("round_id: resolve every objection first");
    }
  }
  TX_RETURN_IF_ERROR(rounds_.Finalize(tx, round, clock_.Now()));
  return LoadRound(tx, round_id, false);
}

absl::StatusOr<std::vector<Commendation>> PointsDomain::ListCommendations(
    Tx& tx, const Principal& caller, const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  return rounds_.CommendationsOf(tx, volunteer_id);
}

absl::StatusOr<std::string> PointsDomain::ExportRoundCsv(Tx& tx, const Principal& caller,
                                                         const std::string& round_id,
                                                         std::string* filename) {
  TX_ASSIGN_OR_RETURN(Round round, LoadRound(tx, round_id, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, round.region_id));
  auto field = [](const std::string& value) {
    std::string quoted = "\"";
    for (char c : value) {
      if (c == '"') quoted.push_back('"');
      quoted.push_back(c);
    }
    return quoted + "\"";
  };
  static const char* kDecision[] = {"", "待定", "确认", "撤销"};
  std::string csv = "\xEF\xBB\xBF";  // the BOM: Excel then reads UTF-8
  csv += "排名,姓名,志愿者编号,社区,积分,结果,说明\r\n";
  for (const auto& c : round.candidates) {
    csv += absl::StrCat(c.rank, ",", field(c.name), ",", field(c.volunteer_id), ",",
                        field(c.community_id), ",", c.points, ",",
                        kDecision[static_cast<int>(c.decision)], ",", field(c.reason), "\r\n");
  }
  *filename = absl::StrCat("round-", round.period, "-", round.round_id.substr(0, 8), ".csv");
  return csv;
}

// ---- statistics ----

absl::StatusOr<PointsStatistics> PointsDomain::GetStatistics(Tx& tx, const Principal& caller,
                                                             const std::string& region_id,
                                                             const std::string& month) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", region_id));
  PointsStatistics statistics;
  statistics.region_id = region_id;
  TX_ASSIGN_OR_RETURN(statistics.month, MonthOrCurrent("month", month, clock_.Now()));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  ChinaMonthSpan span = MonthSpanInChina(statistics.month);
  // Month keys of earned_points are the PeriodKey of the moment earned, in China time too.
  TX_ASSIGN_OR_RETURN(statistics.earned, ledger_.EarnedInRegion(tx, region_id, statistics.month));
  TX_ASSIGN_OR_RETURN(statistics.redeemed,
                      store_.RedeemedInRegion(tx, region_id, span.begin, span.end));
  return statistics;
}

}  // namespace tongxin::points
