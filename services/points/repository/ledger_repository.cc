// Runs the ledger's statements (ledger_queries.h) and reads their rows by column name.
#include "services/points/repository/ledger_repository.h"

#include "absl/strings/numbers.h"
#include "services/points/domain/periods.h"
#include "services/points/domain/ranking.h"
#include "services/points/repository/ledger_queries.h"

namespace tongxin::points {
namespace {

Transfer TransferFrom(const pqxx::row& row) {
  Transfer t;
  t.transfer_id = row["transfer_id"].as<long long>();
  t.from_account = row["from_account"].as<std::string>();
  t.to_account = row["to_account"].as<std::string>();
  t.amount = row["amount"].as<long long>();
  t.kind = static_cast<TransferKind>(row["kind"].as<int>());
  t.source_ref = row["source_ref"].as<std::string>();
  t.actor = row["actor"].as<std::string>();
  t.reason = row["reason"].as<std::string>();
  t.region_id = row["region_id"].as<std::string>();
  t.reverses_transfer_id = row["reverses_transfer_id"].as<long long>();
  t.earned_delta = row["earned_delta"].as<long long>();
  t.earned_volunteer = row["earned_volunteer"].as<std::string>();
  t.earned_at = FromEpochMicros(row["earned_micros"].as<long long>());
  t.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return t;
}

Account AccountFrom(const pqxx::row& row) {
  Account a;
  a.account_id = row["account_id"].as<std::string>();
  a.kind = static_cast<AccountKind>(row["kind"].as<int>());
  a.owner_id = row["owner_id"].as<std::string>();
  a.community_id = row["community_id"].as<std::string>();
  a.party_member = row["party_member"].as<bool>();
  a.display_name = row["display_name"].as<std::string>();
  a.balance = row["balance"].as<long long>();
  return a;
}

}  // namespace

LedgerRepository::LedgerRepository(Db& db) {
  db.Register({kAccountEnsure,
               kVolunteerAccountEnsure,
               kAccountGet,
               kAccountGetForUpdate,
               kTransferPost,
               kAwardCall,
               kTransferGet,
               kTransferBySource,
               kTransferReversed,
               kTransferList,
               kEarnedAdd,
               kEarnedGet,
               kLeaderboardCommunity,
               kLeaderboardStreet,
               kLeaderboardCommunityParty,
               kLeaderboardStreetParty,
               kEarnedInRegion,
               kConsistencyAccounts,
               kConsistencyLedger,
               kExpiryCandidates});
  db.RegisterConstraintMessages({
      {"accounts_volunteer_balance_not_negative",
       "the volunteer does not have enough points for this"},
      {"transfers_reversed_once", "transfer_id: this transfer has already been reversed"},
      {"transfers_award_source", "source_ref: this source has already been awarded"},
      {"transfers_immutable", "transfers are immutable; correct with a reversing transfer"},
  });
}

absl::Status LedgerRepository::EnsureAccount(Tx& tx, const Account& a) {
  if (a.kind == AccountKind::kVolunteer) {
    return absl::InternalError("volunteer accounts are ensured with EnsureVolunteerAccount");
  }
  Exec0(tx, kAccountEnsure, a.account_id, static_cast<int>(a.kind), a.owner_id);
  return absl::OkStatus();
}

absl::Status LedgerRepository::EnsureVolunteerAccount(Tx& tx, const Account& a, bool home_given) {
  Exec0(tx, kVolunteerAccountEnsure, a.account_id, a.owner_id, a.community_id, a.party_member,
        a.display_name, home_given);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Account>> LedgerRepository::FindAccount(Tx& tx,
                                                                     const std::string& account_id,
                                                                     bool lock) {
  auto rows = Exec(tx, lock ? kAccountGetForUpdate : kAccountGet, account_id);
  if (rows.empty()) return std::nullopt;
  return AccountFrom(rows[0]);
}

absl::StatusOr<Transfer> LedgerRepository::Post(Tx& tx, const Transfer& t, Time now) {
  auto rows =
      Exec(tx, kTransferPost, t.from_account, t.to_account, t.amount, static_cast<int>(t.kind),
           t.source_ref, t.actor, t.reason, t.region_id, t.reverses_transfer_id, t.earned_delta,
           t.earned_volunteer, ToEpochMicros(t.earned_at), ToEpochMicros(now));
  if (rows.empty()) return absl::FailedPreconditionError("an account of the transfer is missing");
  Transfer posted = TransferFrom(rows[0]);
  if (t.earned_delta != 0 && !t.earned_volunteer.empty()) {
    auto account = FindAccount(tx, VolunteerAccount(t.earned_volunteer));
    if (!account.ok()) return account.status();
    const Account& a = account->value();
    // Counted where it was earned (the transfer's region), never where the volunteer lives.
    Exec0(tx, kEarnedAdd, TextArrayLiteral(AllPeriodKeys(t.earned_at)),
          TextArrayLiteral(EarnedRegions(t.region_id)), t.earned_volunteer, a.party_member,
          t.earned_delta);
  }
  return posted;
}

absl::StatusOr<AwardAnswer> LedgerRepository::AwardInOneCall(Tx& tx, const RequestKey& key,
                                                             const std::string& rules_version,
                                                             long long points, bool capped,
                                                             const Account& v, bool home_given,
                                                             const Transfer& t, Time now) {
  auto row = Exec1(tx, kAwardCall, key.caller, key.request_id, key.fingerprint, rules_version,
                   points, capped, v.account_id, v.owner_id, v.community_id, v.party_member,
                   v.display_name, home_given, t.from_account, t.source_ref, t.actor, t.region_id,
                   t.reason, ToEpochMicros(t.earned_at), ToEpochMicros(now),
                   TextArrayLiteral(AllPeriodKeys(t.earned_at)),
                   TextArrayLiteral(EarnedRegions(t.region_id)));
  AwardAnswer answer;
  const std::string outcome = row["outcome"].as<std::string>();
  if (outcome == "answered" || outcome == "replayed") {
    answer.outcome = AwardOutcome::kAnswered;
    answer.result.points = row["points"].as<long long>();
    answer.result.capped = row["capped"].as<bool>();
    if (!row["transfer_id"].is_null()) answer.result.transfer = TransferFrom(row);
  } else if (outcome == "stored_response") {
    answer.outcome = AwardOutcome::kStoredResponse;
    answer.stored_response = FromBytea(row["stored_response"]);
  } else if (outcome == "request_id_reused") {
    answer.outcome = AwardOutcome::kRequestIdReused;
  } else if (outcome == "source_elsewhere") {
    answer.outcome = AwardOutcome::kSourceElsewhere;
  } else if (outcome == "rules_changed") {
    answer.outcome = AwardOutcome::kRulesChanged;
  } else if (outcome == "account_missing") {
    answer.outcome = AwardOutcome::kAccountMissing;
  } else {
    return absl::InternalError("points_award answered an unknown outcome");
  }
  return answer;
}

absl::StatusOr<std::optional<Transfer>> LedgerRepository::Find(Tx& tx, long long transfer_id) {
  auto rows = Exec(tx, kTransferGet, transfer_id);
  if (rows.empty()) return std::nullopt;
  return TransferFrom(rows[0]);
}

absl::StatusOr<std::optional<Transfer>> LedgerRepository::FindBySource(
    Tx& tx, TransferKind kind, const std::string& source_ref) {
  auto rows = Exec(tx, kTransferBySource, static_cast<int>(kind), source_ref);
  if (rows.empty()) return std::nullopt;
  return TransferFrom(rows[0]);
}

absl::StatusOr<bool> LedgerRepository::IsReversed(Tx& tx, long long transfer_id) {
  return !Exec(tx, kTransferReversed, transfer_id).empty();
}

absl::StatusOr<Page<Transfer>> LedgerRepository::ListForAccount(Tx& tx,
                                                                const std::string& account_id,
                                                                const PageRequest& page) {
  long long before = 0;
  if (!page.after.empty() && !absl::SimpleAtoi(page.after, &before)) {
    return absl::InvalidArgumentError("page_token: not a token from a previous page");
  }
  auto rows = Exec(tx, kTransferList, account_id, before, page.page_size + 1);
  return ReadPage<Transfer>(rows, page.page_size, TransferFrom);
}

absl::StatusOr<long long> LedgerRepository::EarnedPoints(Tx& tx, const std::string& volunteer_id,
                                                         const std::string& period) {
  return Exec1(tx, kEarnedGet, volunteer_id, period)["points"].as<long long>();
}

absl::StatusOr<std::vector<LeaderboardEntry>> LedgerRepository::Leaderboard(
    Tx& tx, const std::string& region_id, const std::string& period, bool party_members_only,
    int limit) {
  std::vector<LeaderboardEntry> entries;
  for (const auto& row : Exec(tx, LeaderboardQuery(IsStreetId(region_id), party_members_only),
                              period, region_id, limit)) {
    LeaderboardEntry entry;
    entry.volunteer_id = row["volunteer_id"].as<std::string>();
    entry.points = row["points"].as<long long>();
    entry.community_id = row["community_id"].as<std::string>();
    entry.name = row["name"].as<std::string>();
    entry.rank = NextCompetitionRank(entries, entry.points);
    entries.push_back(std::move(entry));
  }
  return entries;
}

absl::StatusOr<RegionEarnings> LedgerRepository::EarnedInRegion(Tx& tx,
                                                                const std::string& region_id,
                                                                const std::string& period) {
  auto row = Exec1(tx, kEarnedInRegion, period, region_id);
  return RegionEarnings{row["points"].as<long long>(), row["earners"].as<int>()};
}

absl::StatusOr<ConsistencyReport> LedgerRepository::CheckConsistency(Tx& tx,
                                                                     const std::string& region_id) {
  ConsistencyReport report;
  for (const auto& row : Exec(tx, kConsistencyAccounts, region_id)) {
    ++report.accounts_checked;
    long long balance = row["balance"].as<long long>();
    long long sum = row["sum_of_transfers"].as<long long>();
    if (balance != sum) {
      report.mismatches.push_back({row["account_id"].as<std::string>(), balance, sum});
    }
    if (static_cast<AccountKind>(row["kind"].as<int>()) == AccountKind::kVolunteer && balance < 0) {
      ++report.negative_volunteer_balances;
    }
  }
  auto ledger = Exec1(tx, kConsistencyLedger);
  report.ledger_sum = ledger["ledger_sum"].as<long long>();
  report.transfers_checked = ledger["transfers"].as<long long>();
  return report;
}

absl::StatusOr<std::vector<LedgerRepository::ExpiryCandidate>> LedgerRepository::ExpiryCandidates(
    Tx& tx, Time to, Time outflow_until, const std::string& volunteer_id) {
  std::vector<ExpiryCandidate> result;
  for (const auto& row :
       Exec(tx, kExpiryCandidates, ToEpochMicros(to), ToEpochMicros(outflow_until), volunteer_id)) {
    ExpiryCandidate c;
    c.volunteer_id = row["volunteer_id"].as<std::string>();
    c.community_id = row["community_id"].as<std::string>();
    c.earned_through = row["earned_through"].as<long long>();
    c.outflow = row["outflow"].as<long long>();
    c.balance = row["balance"].as<long long>();
    result.push_back(std::move(c));
  }
  return result;
}

}  // namespace tongxin::points
