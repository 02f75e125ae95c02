// The points service's domain logic: earning rules, the ledger's rules of movement, the store's
// redemption rules, rankings, tiers and commendation rounds. It calls the repositories inside
// the transaction it is given and knows neither SQL nor gRPC.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/round_repository.h"
#include "services/points/repository/settings_repository.h"
#include "services/points/repository/store_repository.h"

namespace tongxin::points {

struct AwardInput {
  std::string volunteer_id;
  std::string volunteer_name;
  std::string community_id;
  bool party_member = false;
  Activity activity = Activity::kUnspecified;
  double hours = 0;
  std::string post_type;
  std::string source_ref;
  std::string description;
};

struct AwardResult {
  long long points = 0;
  bool capped = false;
  std::optional<Transfer> transfer;
};

struct BalanceView {
  std::string volunteer_id;
  long long balance = 0;
  long long earned_total = 0;
  std::string tier;
  std::string next_tier;
  long long points_to_next_tier = 0;
};

struct ExpiryResult {
  int volunteers = 0;
  long long points = 0;
};

struct PointsOptions {
  bool expiry_enabled = false;
  int default_notice_working_days = 5;
};

class PointsDomain {
 public:
  PointsDomain(LedgerRepository& ledger, SettingsRepository& settings, StoreRepository& store,
               RoundRepository& rounds, const Clock& clock, PointsOptions options = {});

  // Ledger.
  absl::StatusOr<AwardResult> Award(Tx& tx, const Principal& caller, const AwardInput& in);
  absl::StatusOr<Transfer> Adjust(Tx& tx, const Principal& caller, const std::string& volunteer_id,
                                  const std::string& community_id, long long amount,
                                  const std::string& reason);
  absl::StatusOr<Transfer> Reverse(Tx& tx, const Principal& caller, long long transfer_id,
                                   const std::string& reason);
  absl::StatusOr<BalanceView> GetBalance(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id);
  absl::StatusOr<Page<Transfer>> ListTransfers(Tx& tx, const Principal& caller,
                                               const std::string& volunteer_id,
                                               const PageRequest& page);
  absl::StatusOr<ConsistencyReport> CheckConsistency(Tx& tx, const Principal& caller,
                                                     const std::string& region_id);
  absl::StatusOr<EarningRules> GetRules(Tx& tx, const Principal& caller,
                                        const std::string& region_id);
  absl::StatusOr<EarningRules> UpdateRules(Tx& tx, const Principal& caller,
                                           const EarningRules& rules, const std::string& reason);
  absl::StatusOr<ExpiryResult> RunExpiry(Tx& tx, const Principal& caller, int year);

  // Store.
  absl::StatusOr<Reward> CreateReward(Tx& tx, const Principal& caller, const Reward& reward);
  absl::StatusOr<Reward> Restock(Tx& tx, const Principal& caller, const std::string& reward_id,
                                 int units);
  absl::StatusOr<Reward> SetRewardActive(Tx& tx, const Principal& caller,
                                         const std::string& reward_id, bool active);
  absl::StatusOr<Reward> GetReward(Tx& tx, const Principal& caller, const std::string& reward_id);
  absl::StatusOr<Page<Reward>> ListRewards(Tx& tx, const Principal& caller,
                                           const std::string& region_id, bool active_only,
                                           const PageRequest& page);
  absl::StatusOr<Order> Redeem(Tx& tx, const Principal& caller, const std::string& volunteer_id,
                               const std::string& reward_id, int quantity);
  absl::StatusOr<Order> Collect(Tx& tx, const Principal& caller, const std::string& order_id,
                                const std::string& pickup_code);
  absl::StatusOr<Order> Cancel(Tx& tx, const Principal& caller, const std::string& order_id,
                               const std::string& reason);
  absl::StatusOr<Page<Order>> ListOrders(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id,
                                         const std::string& region_id,
                                         std::optional<OrderStatus> status,
                                         const PageRequest& page);

  // Rankings and tiers.
  absl::StatusOr<std::vector<LeaderboardEntry>> Leaderboard(Tx& tx, const Principal& caller,
                                                            const std::string& region_id,
                                                            PeriodKind kind, std::string* period,
                                                            bool party_members_only, int limit);
  absl::StatusOr<std::vector<Tier>> GetTiers(Tx& tx, const Principal& caller);
  absl::StatusOr<std::vector<Tier>> UpdateTiers(Tx& tx, const Principal& caller,
                                                const std::vector<Tier>& tiers);

  // Commendation rounds.
  absl::StatusOr<Round> CreateRound(Tx& tx, const Principal& caller, const Round& in);
  absl::StatusOr<Round> GetRound(Tx& tx, const Principal& caller, const std::string& round_id);
  absl::StatusOr<Page<Round>> ListRounds(Tx& tx, const Principal& caller,
                                         const std::string& region_id, const PageRequest& page);
  absl::StatusOr<Round> DecideCandidate(Tx& tx, const Principal& caller,
                                        const std::string& round_id,
                                        const std::string& volunteer_id, Decision decision,
                                        const std::string& reason);
  absl::StatusOr<Round> PublishRound(Tx& tx, const Principal& caller, const std::string& round_id,
                                     int notice_working_days);
  absl::StatusOr<Objection> LodgeObjection(Tx& tx, const Principal& caller,
                                           const std::string& round_id,
                                           const std::string& volunteer_id,
                                           const std::string& text);
  absl::StatusOr<Round> ResolveObjection(Tx& tx, const Principal& caller,
                                         const std::string& objection_id, bool upheld,
                                         const std::string& resolution);
  absl::StatusOr<Round> FinalizeRound(Tx& tx, const Principal& caller, const std::string& round_id);
  absl::StatusOr<std::vector<Commendation>> ListCommendations(Tx& tx, const Principal& caller,
                                                              const std::string& volunteer_id);
  // UTF-8 with a BOM.
  absl::StatusOr<std::string> ExportRoundCsv(Tx& tx, const Principal& caller,
                                             const std::string& round_id, std::string* filename);

  // Statistics for the grid system's overview of a community or street: points earned and
  // redeemed in `month` (YYYY-MM; empty: the current month in China).
  absl::StatusOr<PointsStatistics> GetStatistics(Tx& tx, const Principal& caller,
                                                 const std::string& region_id,
                                                 const std::string& month);

 private:
  absl::StatusOr<Account> VolunteerAccountFor(Tx& tx, const std::string& volunteer_id, bool lock);
  absl::Status EnsureRegionAccount(Tx& tx, AccountKind kind, const std::string& region_id);
  absl::StatusOr<Round> LoadRound(Tx& tx, const std::string& round_id, bool lock);
  // Admins see a volunteer's points in the scope of the volunteer's community.
  absl::Status RequireSelfOrAdminOfVolunteer(Tx& tx, const Principal& caller,
                                             const std::string& volunteer_id);

  LedgerRepository& ledger_;
  SettingsRepository& settings_;
  StoreRepository& store_;
  RoundRepository& rounds_;
  const Clock& clock_;
  PointsOptions options_;
};

// Adds `days` working days (Monday to Friday) to `from`, in China Standard Time.
Time AddWorkingDays(Time from, int days);

}  // namespace tongxin::points
