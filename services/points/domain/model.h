// The points service's domain model: plain values, no SQL, no gRPC. Every enum keeps the
// numbers of its proto twin (tied by static_asserts in grpc/mapping.cc), and the numbers are what
// the database stores (SQL literals are written with SqlInt of these enums).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/common/pagination.h"
#include "services/common/validation.h"

namespace tongxin::points {

using Time = std::chrono::system_clock::time_point;
using tongxin::Page;
using tongxin::PageRequest;

enum class AccountKind { kVolunteer = 1, kIssuing = 2, kStore = 3, kExpiry = 4 };
enum class TransferKind {
  kAward = 1,
  kAdjustment = 2,
  kRedemptionHold = 3,
  kRedemptionRelease = 4,
  kExpiry = 5,
  kReversal = 6
};
enum class Activity { kUnspecified = 0, kPostService = 1, kWish = 2, kHonour = 3, kGridTask = 4 };

// Region ids carry their level in their length: a street's has 9 digits, a community's 12.
inline bool IsStreetId(const std::string& region_id) { return region_id.size() == kStreetIdLength; }

// Account ids say what they are: volunteer:<id>, issuing:<community>, store:<region>, expiry.
std::string VolunteerAccount(const std::string& volunteer_id);
std::string IssuingAccount(const std::string& community_id);
std::string StoreAccount(const std::string& region_id);
inline constexpr char kExpiryAccount[] = "expiry";

struct Account {
  std::string account_id;
  AccountKind kind = AccountKind::kVolunteer;
  std::string owner_id;
  // A volunteer's home community as the points service records it (who may act for them); never
  // where their points were earned (that is each transfer's region_id).
  std::string community_id;
  bool party_member = false;
  std::string display_name;
  long long balance = 0;
};

struct Transfer {
  long long transfer_id = 0;
  std::string from_account;
  std::string to_account;
  long long amount = 0;
  TransferKind kind = TransferKind::kAward;
  std::string source_ref;
  std::string actor;
  std::string reason;
  std::string region_id;
  long long reverses_transfer_id = 0;
  long long earned_delta = 0;
  std::string earned_volunteer;  // whose earned points earned_delta changes ("" for none)
  Time earned_at;                // the moment whose periods earned_delta counts in
  Time create_time;
};

struct EarningRules {
  std::string region_id;
  long long points_per_hour = 1;
  std::map<std::string, long long> points_per_hour_by_post_type;
  long long wish_points = 5;
  long long activity_cap = 50;
  // Points per grid task by task type (GRID_TASK_TYPE_PATROL ...).
  std::map<std::string, long long> points_by_grid_task_type;
  Time update_time;
  std::string updated_by;
};

struct Tier {
  std::string name;
  long long min_points = 0;
};

enum class LimitPeriod { kNone = 0, kMonth = 1, kQuarter = 2, kYear = 3 };

struct Reward {
  std::string reward_id;
  std::string region_id;
  std::string name;
  std::string description;
  long long price = 0;
  int stock = 0;
  int per_person_limit = 0;
  LimitPeriod limit_period = LimitPeriod::kNone;
  Time active_from;
  std::optional<Time> active_until;
  bool active = true;
  Time create_time;
};

enum class OrderStatus { kHeld = 1, kCollected = 2, kCancelled = 3 };

struct Order {
  std::string order_id;
  std::string reward_id;
  std::string reward_name;
  std::string region_id;
  std::string volunteer_id;
  int quantity = 0;
  long long points = 0;
  OrderStatus status = OrderStatus::kHeld;
  std::string pickup_code;
  std::string limit_period_key;
  long long hold_transfer_id = 0;
  std::string cancel_reason;
  Time create_time;
  std::optional<Time> close_time;
};

enum class PeriodKind { kUnspecified = 0, kMonth = 1, kQuarter = 2, kYear = 3, kAllTime = 4 };

struct LeaderboardEntry {
  int rank = 0;
  std::string volunteer_id;
  long long points = 0;
  std::string community_id;
  std::string name;
};

// A month of a community or street, for the grid system's overview.
struct RegionEarnings {
  long long points = 0;  // earned by the region's volunteers
  int earners = 0;       // volunteers who earned more than 0
};
struct RegionRedemptions {
  long long points = 0;  // of orders at the region's stores, not cancelled
  int orders = 0;
};
struct PointsStatistics {
  std::string region_id;
  std::string month;  // YYYY-MM
  RegionEarnings earned;
  RegionRedemptions redeemed;
};

struct ConsistencyReport {
  long long accounts_checked = 0;
  long long transfers_checked = 0;
  long long ledger_sum = 0;
  long long negative_volunteer_balances = 0;
  struct Mismatch {
    std::string account;
    long long balance = 0;
    long long sum_of_transfers = 0;
  };
  std::vector<Mismatch> mismatches;
  bool consistent() const {
    return mismatches.empty() && ledger_sum == 0 && negative_volunteer_balances == 0;
  }
};

enum class RoundStatus { kProposed = 1, kInNotice = 2, kFinal = 3 };
enum class RuleKind { kUnspecified = 0, kTopN = 1, kMinPoints = 2, kMinTier = 3 };
enum class CandidateDecision { kProposed = 1, kConfirmed = 2, kStruck = 3 };

struct Candidate {
  int rank = 0;
  std::string volunteer_id;
  long long points = 0;
  CandidateDecision decision = CandidateDecision::kProposed;
  std::string reason;
  std::string name;
  std::string community_id;
};

struct Objection {
  std::string objection_id;
  std::string round_id;
  std::string volunteer_id;
  std::string lodged_by;
  std::string text;
  bool resolved = false;
  bool upheld = false;
  std::string resolution;
  Time create_time;
};

struct Round {
  std::string round_id;
  std::string title;
  std::string region_id;
  PeriodKind period_kind = PeriodKind::kYear;
  std::string period;
  bool party_members_only = false;
  RuleKind rule = RuleKind::kTopN;
  long long rule_value = 0;
  std::string rule_tier;
  RoundStatus status = RoundStatus::kProposed;
  int notice_working_days = 0;
  std::optional<Time> notice_until;
  std::string created_by;
  Time create_time;
  std::optional<Time> final_time;
  std::vector<Candidate> candidates;
  std::vector<Objection> objections;
};

struct Commendation {
  std::string round_id;
  std::string title;
  std::string region_id;
  std::string period;
  std::string volunteer_id;
  long long points = 0;
  int rank = 0;
  Time final_time;
};

// What an award asks for (from the posts and wishes services' outbox events).
struct AwardInput {
  std::string volunteer_id;
  std::string volunteer_name;
  std::string community_id;       // where the points are earned
  std::string home_community_id;  // the volunteer's home, when the awarding service knows it
  bool party_member = false;
  Activity activity = Activity::kUnspecified;
  double hours = 0;
  std::string post_type;
  std::string grid_task_type;  // for kGridTask
  std::string source_ref;
  std::string description;
};

struct AwardResult {
  long long points = 0;
  bool capped = false;
  std::optional<Transfer> transfer;  // none when the activity earned nothing
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

// The service's settings that rules depend on.
struct PointsOptions {
  bool expiry_enabled = false;
  int default_notice_working_days = 5;
  int max_round_candidates = 500;    // the most candidates a round freezes
  int max_objections_per_round = 3;  // per caller (the system role excepted)
};
// The settings' ranges: INVALID_ARGUMENT naming the setting.
absl::Status CheckPointsOptions(const PointsOptions& options);

}  // namespace tongxin::points
