#include "services/points/repository/ledger_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tongxin::points {
namespace {

constexpr char kTransferColumns[] =
    "transfer_id, from_account, to_account, amount, kind, source_ref, actor, reason, region_id, "
    "coalesce(reverses_transfer_id, 0), earned_delta, coalesce(earned_volunteer, ''), "
    "epoch_micros(earned_at), epoch_micros(created_at)";

Transfer TransferFrom(const pqxx::row& row) {
  Transfer t;
  t.transfer_id = row[0].as<long long>();
  t.from_account = row[1].as<std::string>();
  t.to_account = row[2].as<std::string>();
  t.amount = row[3].as<long long>();
  t.kind = static_cast<TransferKind>(row[4].as<int>());
  t.source_ref = row[5].as<std::string>();
  t.actor = row[6].as<std::string>();
  t.reason = row[7].as<std::string>();
  t.region_id = row[8].as<std::string>();
  t.reverses_transfer_id = row[9].as<long long>();
  t.earned_delta = row[10].as<long long>();
  t.earned_volunteer = row[11].as<std::string>();
  t.earned_at = FromEpochMicros(row[12].as<long long>());
  t.create_time = FromEpochMicros(row[13].as<long long>());
  return t;
}

Account AccountFrom(const pqxx::row& row) {
  return Account{row[0].as<std::string>(), static_cast<AccountKind>(row[1].as<int>()),
                 row[2].as<std::string>(), row[3].as<std::string>(),
                 row[4].as<bool>(),        row[5].as<std::string>(),
                 row[6].as<long long>()};
}

}  // namespace

LedgerRepository::LedgerRepository(Db& db) {
  const std::string columns = kTransferColumns;
  db.Register({
      {"account_ensure",
       "INSERT INTO accounts (account_id, kind, owner_id, community_id, party_member, "
       "display_name) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id) DO UPDATE SET "
       "community_id = CASE WHEN EXCLUDED.community_id = '' THEN accounts.community_id ELSE "
       "EXCLUDED.community_id END, party_member = CASE WHEN EXCLUDED.community_id = '' THEN "
       "accounts.party_member ELSE EXCLUDED.party_member END, display_name = CASE WHEN "
       "EXCLUDED.display_name = '' THEN accounts.display_name ELSE EXCLUDED.display_name END "
       "WHERE accounts.kind = 1 AND EXCLUDED.community_id <> ''"},
      {"account_get",
       "SELECT account_id, kind, owner_id, community_id, party_member, display_name, balance "
       "FROM accounts WHERE account_id = $1"},
      {"account_get_for_update",
       "SELECT account_id, kind, owner_id, community_id, party_member, display_name, balance "
       "FROM accounts WHERE account_id = $1 FOR UPDATE"},
      // Both balances and the transfer in one statement: none without the others.
      {"transfer_post",
       "WITH debit AS (UPDATE accounts SET balance = balance - $3 WHERE account_id = $1 "
       "RETURNING 1), credit AS (UPDATE accounts SET balance = balance + $3 WHERE account_id = "
       "$2 RETURNING 1) INSERT INTO transfers (from_account, to_account, amount, kind, "
       "source_ref, actor, reason, region_id, reverses_transfer_id, earned_delta, "
       "earned_volunteer, earned_at, created_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, "
       "nullif($9::bigint, 0), $10, nullif($11, ''), to_timestamp($12::float8 / 1000000), "
       "to_timestamp($13::float8 / 1000000) FROM debit, credit RETURNING " +
           columns},
      {"transfer_get", "SELECT " + columns + " FROM transfers WHERE transfer_id = $1"},
      {"transfer_by_source",
       "SELECT " + columns + " FROM transfers WHERE kind = $1 AND source_ref = $2"},
      {"transfer_reversed", "SELECT 1 FROM transfers WHERE reverses_transfer_id = $1"},
      {"transfer_list", "SELECT " + columns +
                            " FROM transfers WHERE (from_account = $1 OR to_account = $1) "
                            "AND ($2 = 0 OR transfer_id < $2) ORDER BY transfer_id DESC LIMIT $3"},
      {"earned_add",
       "INSERT INTO earned_points (period, volunteer_id, community_id, street_id, party_member, "
       "points) SELECT p, $2, $3, left($3, 9), $4, $5 FROM unnest($1::text[]) AS p "
       "ON CONFLICT (period, volunteer_id) DO UPDATE SET points = earned_points.points + "
       "EXCLUDED.points, community_id = EXCLUDED.community_id, street_id = EXCLUDED.street_id, "
       "party_member = EXCLUDED.party_member"},
      {"earned_get",
       "SELECT coalesce((SELECT points FROM earned_points WHERE period = $2 AND volunteer_id = "
       "$1), 0)"},
      // One statement per scope and filter, so each can use its own index.
      {"leaderboard_community",
       "SELECT e.volunteer_id, e.points, e.community_id, coalesce(a.display_name, '') FROM "
       "earned_points e LEFT JOIN accounts a ON a.account_id = 'volunteer:' || e.volunteer_id "
       "WHERE e.period = $1 AND e.community_id = $2 AND e.points > 0 "
       "ORDER BY e.points DESC, e.volunteer_id LIMIT $3"},
      {"leaderboard_street",
       "SELECT e.volunteer_id, e.points, e.community_id, coalesce(a.display_name, '') FROM "
       "earned_points e LEFT JOIN accounts a ON a.account_id = 'volunteer:' || e.volunteer_id "
       "WHERE e.period = $1 AND e.street_id = $2 AND e.points > 0 "
       "ORDER BY e.points DESC, e.volunteer_id LIMIT $3"},
      {"leaderboard_community_party",
       "SELECT e.volunteer_id, e.points, e.community_id, coalesce(a.display_name, '') FROM "
       "earned_points e LEFT JOIN accounts a ON a.account_id = 'volunteer:' || e.volunteer_id "
       "WHERE e.period = $1 AND e.community_id = $2 AND e.party_member AND e.points > 0 "
       "ORDER BY e.points DESC, e.volunteer_id LIMIT $3"},
      {"leaderboard_street_party",
       "SELECT e.volunteer_id, e.points, e.community_id, coalesce(a.display_name, '') FROM "
       "earned_points e LEFT JOIN accounts a ON a.account_id = 'volunteer:' || e.volunteer_id "
       "WHERE e.period = $1 AND e.street_id = $2 AND e.party_member AND e.points > 0 "
       "ORDER BY e.points DESC, e.volunteer_id LIMIT $3"},
      {"earned_in_community",
       "SELECT coalesce(sum(points), 0)::bigint, count(*) FILTER (WHERE points > 0)::int "
       "FROM earned_points WHERE period = $1 AND community_id = $2"},
      {"earned_in_street",
       "SELECT coalesce(sum(points), 0)::bigint, count(*) FILTER (WHERE points > 0)::int "
       "FROM earned_points WHERE period = $1 AND street_id = $2"},
      {"consistency_accounts",
       "SELECT a.account_id, a.balance, (SELECT coalesce(sum(amount), 0) FROM transfers t "
       "WHERE t.to_account = a.account_id) - (SELECT coalesce(sum(amount), 0) FROM transfers t "
       "WHERE t.from_account = a.account_id), a.kind FROM accounts a WHERE $1 = '' OR "
       "(a.kind = 1 AND a.community_id LIKE $1 || '%') OR (a.kind IN (2, 3) AND a.owner_id "
       "LIKE $1 || '%')"},
      {"consistency_ledger",
       "SELECT coalesce(sum(balance), 0)::bigint, (SELECT count(*) FROM transfers) FROM accounts"},
      // Outflow that uses up earned points, oldest first: redemptions net of releases, and
      // earlier expiries.
      {"expiry_candidates",
       "SELECT a.owner_id, a.community_id, coalesce((SELECT sum(earned_delta) FROM transfers t "
       "WHERE t.earned_volunteer = a.owner_id AND t.earned_at < to_timestamp($1::float8 / "
       "1000000)), 0)::bigint, coalesce((SELECT sum(CASE WHEN t.kind = 4 THEN -amount ELSE "
       "amount END) FROM transfers t WHERE ((t.from_account = a.account_id AND t.kind IN (3, 5)) "
       "OR (t.to_account = a.account_id AND t.kind = 4)) AND (t.kind = 5 OR t.created_at < "
       "to_timestamp($2::float8 / 1000000))), 0)::bigint, a.balance FROM accounts a "
       "WHERE a.kind = 1 AND a.balance > 0 AND ($3 = '' OR a.owner_id = $3)"},
  });
  db.RegisterConstraintMessages({
      {"accounts_volunteer_balance_not_negative",
       "the volunteer does not have enough points for this"},
      {"transfers_reversed_once", "transfer_id: this transfer has already been reversed"},
      {"transfers_award_source", "source_ref: this source has already been awarded"},
      {"transfers_immutable", "transfers are immutable; correct with a reversing transfer"},
  });
}

absl::Status LedgerRepository::EnsureAccount(Tx& tx, const Account& a) {
  tx.exec_prepared0("account_ensure", a.account_id, static_cast<int>(a.kind), a.owner_id,
                    a.community_id, a.party_member, a.display_name);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Account>> LedgerRepository::FindAccount(Tx& tx,
                                                                     const std::string& account_id,
                                                                     bool lock) {
  auto rows = tx.exec_prepared(lock ? "account_get_for_update" : "account_get", account_id);
  if (rows.empty()) return std::nullopt;
  return AccountFrom(rows[0]);
}

absl::StatusOr<Transfer> LedgerRepository::Post(Tx& tx, const Transfer& t, Time now) {
  auto rows = tx.exec_prepared("transfer_post", t.from_account, t.to_account, t.amount,
                               static_cast<int>(t.kind), t.source_ref, t.actor, t.reason,
                               t.region_id, t.reverses_transfer_id, t.earned_delta,
                               t.earned_volunteer, ToEpochMicros(t.earned_at), ToEpochMicros(now));
  if (rows.empty()) return absl::FailedPreconditionError("an account of the transfer is missing");
  Transfer posted = TransferFrom(rows[0]);
  if (t.earned_delta != 0 && !t.earned_volunteer.empty()) {
    auto account = FindAccount(tx, VolunteerAccount(t.earned_volunteer));
    if (!account.ok()) return account.status();
    const Account& a = account->value();
    std::vector<std::string> periods = AllPeriodKeys(t.earned_at);
    tx.exec_prepared0("earned_add", absl::StrCat("{", absl::StrJoin(periods, ","), "}"),
                      t.earned_volunteer, a.community_id, a.party_member, t.earned_delta);
  }
  return posted;
}

absl::StatusOr<std::optional<Transfer>> LedgerRepository::Find(Tx& tx, long long transfer_id) {
  auto rows = tx.exec_prepared("transfer_get", transfer_id);
  if (rows.empty()) return std::nullopt;
  return TransferFrom(rows[0]);
}

absl::StatusOr<std::optional<Transfer>> LedgerRepository::FindBySource(
    Tx& tx, TransferKind kind, const std::string& source_ref) {
  auto rows = tx.exec_prepared("transfer_by_source", static_cast<int>(kind), source_ref);
  if (rows.empty()) return std::nullopt;
  return TransferFrom(rows[0]);
}

absl::StatusOr<bool> LedgerRepository::IsReversed(Tx& tx, long long transfer_id) {
  return !tx.exec_prepared("transfer_reversed", transfer_id).empty();
}

absl::StatusOr<Page<Transfer>> LedgerRepository::ListForAccount(Tx& tx,
                                                                const std::string& account_id,
                                                                const PageRequest& page) {
  long long before = 0;
  if (!page.after.empty() && !absl::SimpleAtoi(page.after, &before)) {
    return absl::InvalidArgumentError("page_token: not a token from a previous page");
  }
  auto rows = tx.exec_prepared("transfer_list", account_id, before, page.page_size + 1);
  return ReadPage<Transfer>(rows, page.page_size, TransferFrom);
}

absl::StatusOr<long long> LedgerRepository::EarnedPoints(Tx& tx, const std::string& volunteer_id,
                                                         const std::string& period) {
  return tx.exec_prepared1("earned_get", volunteer_id, period)[0].as<long long>();
}

absl::StatusOr<std::vector<LeaderboardEntry>> LedgerRepository::Leaderboard(
    Tx& tx, const std::string& region_id, const std::string& period, bool party_members_only,
    int limit) {
  std::string statement = region_id.size() == 9 ? "leaderboard_street" : "leaderboard_community";
  if (party_members_only) statement += "_party";
  std::vector<LeaderboardEntry> entries;
  for (const auto& row : tx.exec_prepared(statement, period, region_id, limit)) {
    LeaderboardEntry entry;
    entry.volunteer_id = row[0].as<std::string>();
    entry.points = row[1].as<long long>();
    entry.community_id = row[2].as<std::string>();
    entry.name = row[3].as<std::string>();
    // Competition ranking: equal points share a rank (1, 2, 2, 4).
    entry.rank = entries.empty() || entries.back().points != entry.points
                     ? static_cast<int>(entries.size()) + 1
                     : entries.back().rank;
    entries.push_back(std::move(entry));
  }
  return entries;
}

absl::StatusOr<RegionEarnings> LedgerRepository::EarnedInRegion(Tx& tx,
                                                                const std::string& region_id,
                                                                const std::string& period) {
  auto row = tx.exec_prepared1(region_id.size() == 9 ? "earned_in_street" : "earned_in_community",
                               period, region_id);
  return RegionEarnings{row[0].as<long long>(), row[1].as<int>()};
}

absl::StatusOr<ConsistencyReport> LedgerRepository::CheckConsistency(Tx& tx,
                                                                     const std::string& region_id) {
  ConsistencyReport report;
  for (const auto& row : tx.exec_prepared("consistency_accounts", region_id)) {
    ++report.accounts_checked;
    long long balance = row[1].as<long long>();
    long long sum = row[2].as<long long>();
    if (balance != sum) report.mismatches.push_back({row[0].as<std::string>(), balance, sum});
    if (row[3].as<int>() == static_cast<int>(AccountKind::kVolunteer) && balance < 0) {
      ++report.negative_volunteer_balances;
    }
  }
  auto ledger = tx.exec_prepared1("consistency_ledger");
  report.ledger_sum = ledger[0].as<long long>();
  report.transfers_checked = ledger[1].as<long long>();
  return report;
}

absl::StatusOr<std::vector<LedgerRepository::ExpiryCandidate>> LedgerRepository::ExpiryCandidates(
    Tx& tx, Time to, Time outflow_until, const std::string& volunteer_id) {
  std::vector<ExpiryCandidate> result;
  for (const auto& row : tx.exec_prepared("expiry_candidates", ToEpochMicros(to),
                                          ToEpochMicros(outflow_until), volunteer_id)) {
    result.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<long long>(),
                      row[3].as<long long>(), row[4].as<long long>()});
  }
  return result;
}

}  // namespace tongxin::points
