// The ledger repository's statements, each declared once as a typed constant (run only through
// Exec/Exec0/Exec1 with these). Computed columns carry names, so rows are read by column name;
// kinds are written from the domain's enums (SqlInt), never as bare numbers.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

inline const std::string kAccountColumns =
    "account_id, kind, owner_id, community_id, party_member, display_name, balance";

inline const std::string kTransferColumns =
    "transfer_id, from_account, to_account, amount, kind, source_ref, actor, reason, region_id, "
    "coalesce(reverses_transfer_id, 0) AS reverses_transfer_id, earned_delta, "
    "coalesce(earned_volunteer, '') AS earned_volunteer, epoch_micros(earned_at) AS earned_micros, "
    "epoch_micros(created_at) AS create_micros";

// Creates an issuing, store or expiry account when missing.
inline const Query kAccountEnsure{
    "account_ensure",
    "INSERT INTO accounts (account_id, kind, owner_id) VALUES ($1, $2, $3) "
    "ON CONFLICT (account_id) DO NOTHING"};

// Creates a volunteer's account with their home community, or refreshes their party membership
// and name. The home changes only when the caller names it ($6): where points are earned never
// moves it.
// The upsert's refresh of an existing volunteer account: the home changes only when the caller
// names it ($6), where points are earned never moves it.
inline const std::string kVolunteerAccountRefresh =
    "ON CONFLICT (account_id) DO UPDATE SET community_id = CASE WHEN $6 OR "
    "accounts.community_id = '' THEN EXCLUDED.community_id ELSE accounts.community_id END, "
    "party_member = EXCLUDED.party_member, display_name = CASE WHEN EXCLUDED.display_name = '' "
    "THEN accounts.display_name ELSE EXCLUDED.display_name END";

inline const Query kVolunteerAccountEnsure{
    "volunteer_account_ensure",
    "INSERT INTO accounts (account_id, kind, owner_id, community_id, party_member, "
    "display_name) VALUES ($1, " +
        SqlInt(AccountKind::kVolunteer) + ", $2, $3, $4, $5) " + kVolunteerAccountRefresh +
        " WHERE accounts.kind = " + SqlInt(AccountKind::kVolunteer)};

inline const Query kAccountGet{
    "account_get", "SELECT " + kAccountColumns + " FROM accounts WHERE account_id = $1"};

inline const Query kAccountGetForUpdate{
    "account_get_for_update",
    "SELECT " + kAccountColumns + " FROM accounts WHERE account_id = $1 FOR UPDATE"};

// Both balances and the transfer in one statement: none without the others.
inline const Query kTransferPost{
    "transfer_post",
    "WITH debit AS (UPDATE accounts SET balance = balance - $3 WHERE account_id = $1 "
    "RETURNING 1), credit AS (UPDATE accounts SET balance = balance + $3 WHERE account_id = "
    "$2 RETURNING 1) INSERT INTO transfers (from_account, to_account, amount, kind, "
    "source_ref, actor, reason, region_id, reverses_transfer_id, earned_delta, "
    "earned_volunteer, earned_at, created_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, "
    "nullif($9::bigint, 0), $10, nullif($11, ''), to_timestamp($12::float8 / 1000000), "
    "to_timestamp($13::float8 / 1000000) FROM debit, credit RETURNING " +
        kTransferColumns};

// An award as one call that commits itself (points_award, migration V0006; one round trip):
// the request's key ($1 … $3), the rules version the points were reckoned by $4, the points $5
// and whether capped $6, the volunteer's account ($7 id, $8 volunteer, $9 its community, $10
// party member, $11 name, $12 whether the home is given, as volunteer_account_ensure), the
// issuing account $13, the transfer's source_ref $14, actor $15, region $16 and reason $17,
// earned at $18, now $19, the earned-points summary's periods $20 and regions $21; the kind
// numbers from the domain's enums. One row (see award_result in the migration).
inline const Query kAwardCall{
    "award_call",
    "SELECT * FROM points_award($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, " +
        SqlInt(TransferKind::kAward) +
        "::smallint, $14, $15, $16, $17, $18, $19, $20::text[], $21::text[], " +
        SqlInt(AccountKind::kVolunteer) + "::smallint, " + SqlInt(AccountKind::kIssuing) +
        "::smallint)"};

inline const Query kTransferGet{
    "transfer_get", "SELECT " + kTransferColumns + " FROM transfers WHERE transfer_id = $1"};

inline const Query kTransferBySource{
    "transfer_by_source",
    "SELECT " + kTransferColumns + " FROM transfers WHERE kind = $1 AND source_ref = $2"};

inline const Query kTransferReversed{"transfer_reversed",
                                     "SELECT 1 FROM transfers WHERE reverses_transfer_id = $1"};

// Newest first; keyed by transfer_id (the first column).
inline const Query kTransferList{
    "transfer_list", "SELECT " + kTransferColumns +
                         " FROM transfers WHERE (from_account = $1 OR to_account = $1) "
                         "AND ($2 = 0 OR transfer_id < $2) ORDER BY transfer_id DESC LIMIT $3"};

// The earned-points summary, one row per period, region where earned (the community, its
// street, "" for the city: $2) and volunteer.
inline const Query kEarnedAdd{
    "earned_add",
    "INSERT INTO earned_points (period, region_id, volunteer_id, party_member, points) "
    "SELECT p, r, $3, $4, $5 FROM unnest($1::text[]) AS p, unnest($2::text[]) AS r "
    "ON CONFLICT (period, region_id, volunteer_id) DO UPDATE SET points = earned_points.points + "
    "EXCLUDED.points, party_member = EXCLUDED.party_member"};

// A volunteer's points in a period, wherever earned.
inline const Query kEarnedGet{
    "earned_get",
    "SELECT coalesce((SELECT points FROM earned_points WHERE period = $2 AND region_id = '' AND "
    "volunteer_id = $1), 0) AS points"};

// One statement per scope and filter, each on its index. A community's board shows the
// community; a street's, each volunteer's home. bench/points runs "leaderboard_street" by name
// (Db::StatementSql): keep the name.
inline std::string LeaderboardSql(const std::string& community_column, bool party_members_only) {
  return "SELECT e.volunteer_id, e.points, " + community_column +
         " AS community_id, coalesce(a.display_name, '') AS name FROM earned_points e LEFT JOIN "
         "accounts a ON a.account_id = 'volunteer:' || e.volunteer_id WHERE e.period = $1 AND "
         "e.region_id = $2 AND e.points > 0 " +
         (party_members_only ? "AND e.party_member " : "") +
         "ORDER BY e.points DESC, e.volunteer_id LIMIT $3";
}
inline const std::string kHomeCommunityColumn = "coalesce(a.community_id, '')";

inline const Query kLeaderboardCommunity{"leaderboard_community",
                                         LeaderboardSql("e.region_id", false)};
inline const Query kLeaderboardStreet{"leaderboard_street",
                                      LeaderboardSql(kHomeCommunityColumn, false)};
inline const Query kLeaderboardCommunityParty{"leaderboard_community_party",
                                              LeaderboardSql("e.region_id", true)};
inline const Query kLeaderboardStreetParty{"leaderboard_street_party",
                                           LeaderboardSql(kHomeCommunityColumn, true)};

// Points earned in a community or street in a period, and by how many volunteers.
inline const Query kEarnedInRegion{"earned_in_region",
                                   "SELECT coalesce(sum(points), 0)::bigint AS points, "
                                   "count(*) FILTER (WHERE points > 0)::int AS earners "
                                   "FROM earned_points WHERE period = $1 AND region_id = $2"};

// Each account of the scope (all with an empty $1): its balance and the sum of its transfers.
inline const Query kConsistencyAccounts{
    "consistency_accounts",
    "SELECT a.account_id, a.balance, (SELECT coalesce(sum(amount), 0) FROM transfers t "
    "WHERE t.to_account = a.account_id) - (SELECT coalesce(sum(amount), 0) FROM transfers t "
    "WHERE t.from_account = a.account_id) AS sum_of_transfers, a.kind FROM accounts a "
    "WHERE $1 = '' OR (a.kind = " +
        SqlInt(AccountKind::kVolunteer) + " AND a.community_id LIKE $1 || '%') OR (a.kind IN (" +
        SqlInt(AccountKind::kIssuing) + ", " + SqlInt(AccountKind::kStore) +
        ") AND a.owner_id LIKE $1 || '%')"};

inline const Query kConsistencyLedger{
    "consistency_ledger",
    "SELECT coalesce(sum(balance), 0)::bigint AS ledger_sum, "
    "(SELECT count(*) FROM transfers) AS transfers FROM accounts"};

// Outflow that uses up earned points, oldest first: redemptions net of releases, and earlier
// expiries (whenever they were posted).
inline const Query kExpiryCandidates{
    "expiry_candidates",
    "SELECT a.owner_id AS volunteer_id, a.community_id, coalesce((SELECT sum(earned_delta) "
    "FROM transfers t WHERE t.earned_volunteer = a.owner_id AND t.earned_at < "
    "to_timestamp($1::float8 / 1000000)), 0)::bigint AS earned_through, "
    "coalesce((SELECT sum(CASE WHEN t.kind = " +
        SqlInt(TransferKind::kRedemptionRelease) +
        " THEN -amount ELSE amount END) FROM transfers t WHERE ((t.from_account = a.account_id "
        "AND t.kind IN (" +
        SqlInt(TransferKind::kRedemptionHold) + ", " + SqlInt(TransferKind::kExpiry) +
        ")) OR (t.to_account = a.account_id AND t.kind = " +
        SqlInt(TransferKind::kRedemptionRelease) +
        ")) AND (t.kind = " + SqlInt(TransferKind::kExpiry) +
        " OR t.created_at < to_timestamp($2::float8 / 1000000))), 0)::bigint AS outflow, "
        "a.balance FROM accounts a WHERE a.kind = " +
        SqlInt(AccountKind::kVolunteer) + " AND a.balance > 0 AND ($3 = '' OR a.owner_id = $3)"};

// The leaderboard statement for a scope (street: 9 digits) and filter.
inline const Query& LeaderboardQuery(bool street, bool party_members_only) {
  if (street) return party_members_only ? kLeaderboardStreetParty : kLeaderboardStreet;
  return party_members_only ? kLeaderboardCommunityParty : kLeaderboardCommunity;
}

}  // namespace tongxin::points
