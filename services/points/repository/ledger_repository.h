// The ledger aggregate: accounts, transfers and the earned-points summary kept with them.
// The only code that runs their SQL (declared in ledger_queries.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

enum class AwardOutcome {
  kAnswered,  // points posted, none earned, or the source's earlier award (also when replayed)
  kStoredResponse,  // a key IdempotencyStore stored: its answer
  kRequestIdReused,
  kSourceElsewhere,  // the source was awarded to another volunteer
  kRulesChanged,     // the rules are no longer of the version the points were reckoned by
  kAccountMissing,
};

// What AwardInOneCall found or did.
struct AwardAnswer {
  AwardOutcome outcome = AwardOutcome::kAnswered;
  std::string stored_response;
  AwardResult result;  // kAnswered
};

class LedgerRepository {
 public:
  explicit LedgerRepository(Db& db);

  // Creates an issuing, store or expiry account when missing.
  absl::Status EnsureAccount(Tx& tx, const Account& account);
  // Creates a volunteer's account (community_id: their home) when missing; refreshes their party
  // membership and a non-empty display_name. The home is replaced only when `home_given` (the
  // caller knows it) or when the account has none.
  absl::Status EnsureVolunteerAccount(Tx& tx, const Account& account, bool home_given);
  absl::StatusOr<std::optional<Account>> FindAccount(Tx& tx, const std::string& account_id,
                                                     bool lock = false);
  // One transfer and both balances, in one statement. A volunteer balance that would go below
  // zero fails FAILED_PRECONDITION (the database's constraint). Applies earned_delta to the
  // earned-points summary of earned_volunteer in the transfer's region, its street and the city.
  absl::StatusOr<Transfer> Post(Tx& tx, const Transfer& transfer, Time now);
  // An award in one statement that commits itself with its request id (kAwardCall): the
  // source's earlier award if any; else, while the rules are still of `rules_version`,
  // `points` (none: nothing posted) with `volunteer` ensured as EnsureVolunteerAccount does and
  // credited, the transfer's issuing account (owned by its region) ensured and debited, the
  // transfer and the earned-points summary; or the key's earlier answer.
  absl::StatusOr<AwardAnswer> AwardInOneCall(Tx& tx, const RequestKey& key,
                                             const std::string& rules_version, long long points,
                                             bool capped, const Account& volunteer, bool home_given,
                                             const Transfer& transfer, Time now);
  absl::StatusOr<std::optional<Transfer>> Find(Tx& tx, long long transfer_id);
  absl::StatusOr<std::optional<Transfer>> FindBySource(Tx& tx, TransferKind kind,
                                                       const std::string& source_ref);
  absl::StatusOr<bool> IsReversed(Tx& tx, long long transfer_id);
  // Newest first.
  absl::StatusOr<Page<Transfer>> ListForAccount(Tx& tx, const std::string& account_id,
                                                const PageRequest& page);
  absl::StatusOr<long long> EarnedPoints(Tx& tx, const std::string& volunteer_id,
                                         const std::string& period);
  absl::StatusOr<std::vector<LeaderboardEntry>> Leaderboard(Tx& tx, const std::string& region_id,
                                                            const std::string& period,
                                                            bool party_members_only, int limit);
  absl::StatusOr<ConsistencyReport> CheckConsistency(Tx& tx, const std::string& region_id);
  // Points earned in a community or a street in `period`.
  absl::StatusOr<RegionEarnings> EarnedInRegion(Tx& tx, const std::string& region_id,
                                                const std::string& period);

  // For expiry: volunteers who earned in [from, to); their earned points then, and what left
  // their account (spent, deducted, expired) up to `outflow_until`.
  struct ExpiryCandidate {
    std::string volunteer_id;
    std::string community_id;
    long long earned_through = 0;  // earned up to `to`
    long long outflow = 0;         // left the account up to `outflow_until`
    long long balance = 0;
  };
  // All volunteers with a balance, or only `volunteer_id` when it is not empty.
  absl::StatusOr<std::vector<ExpiryCandidate>> ExpiryCandidates(Tx& tx, Time to, Time outflow_until,
                                                                const std::string& volunteer_id);
};

}  // namespace tongxin::points
