// The points service's pure rules without a database: period keys, years and working days in
// China time, what an activity earns (per hour rounded down, by post type, capped; honour hours
// nothing), rule ranges and a community's rules within its street's, tiers, what expires, every
// kind of transfer, what may be ordered and the pickup code, where earned points count,
// candidate selection and its cap, the objection cap, who sees what of a round, competition
// ranks and the round's CSV.
#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/points/domain/earning.h"
#include "services/points/domain/order.h"
#include "services/points/domain/periods.h"
#include "services/points/domain/ranking.h"
#include "services/points/domain/round.h"
#include "services/points/domain/transfers.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::points {
namespace {

// An instant given as China Standard Time (UTC+8).
Time China(int year, int month, int day, int hour = 0, int minute = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return std::chrono::system_clock::from_time_t(timegm(&tm) - 8 * 3600);
}

// ---- periods ----

TEST(Periods, KeysAreChinasMonthQuarterAndYear) {
  Time t = China(2026, 5, 20, 10);
  EXPECT_EQ(PeriodKey(PeriodKind::kMonth, t), "2026-05");
  EXPECT_EQ(PeriodKey(PeriodKind::kQuarter, t), "2026-Q2");
  EXPECT_EQ(PeriodKey(PeriodKind::kYear, t), "2026");
  EXPECT_EQ(PeriodKey(PeriodKind::kAllTime, t), "all");
  EXPECT_EQ(AllPeriodKeys(t), (std::vector<std::string>{"2026-05", "2026-Q2", "2026", "all"}));
  EXPECT_EQ(PeriodKey(PeriodKind::kQuarter, China(2026, 1, 1)), "2026-Q1");
  EXPECT_EQ(PeriodKey(PeriodKind::kQuarter, China(2026, 9, 30, 23)), "2026-Q3");
  EXPECT_EQ(PeriodKey(PeriodKind::kQuarter, China(2026, 10, 1)), "2026-Q4");
}

TEST(Periods, TheNewYearStartsAtMidnightInChinaNotInUtc) {
  // 2026-01-01 00:30 in China is still 2025-12-31 in UTC.
  Time just_after = China(2026, 1, 1, 0, 30);
  EXPECT_EQ(AllPeriodKeys(just_after),
            (std::vector<std::string>{"2026-01", "2026-Q1", "2026", "all"}));
  Time just_before = China(2025, 12, 31, 23, 59);
  EXPECT_EQ(AllPeriodKeys(just_before),
            (std::vector<std::string>{"2025-12", "2025-Q4", "2025", "all"}));
  EXPECT_EQ(ChinaYear(just_after), 2026);
  EXPECT_EQ(ChinaYear(just_before), 2025);
  EXPECT_EQ(ChinaYearStart(2026), China(2026, 1, 1));
}

TEST(Periods, APeriodMustBeWrittenAsItsKindsKey) {
  EXPECT_TRUE(CheckPeriod(PeriodKind::kMonth, "2026-06").ok());
  EXPECT_TRUE(CheckPeriod(PeriodKind::kQuarter, "2026-Q4").ok());
  EXPECT_TRUE(CheckPeriod(PeriodKind::kYear, "2026").ok());
  EXPECT_TRUE(CheckPeriod(PeriodKind::kAllTime, "all").ok());
  for (auto [kind, bad] :
       std::vector<std::pair<PeriodKind, std::string>>{{PeriodKind::kMonth, "2026-13"},
                                                       {PeriodKind::kMonth, "2026-6"},
                                                       {PeriodKind::kMonth, "2026"},
                                                       {PeriodKind::kQuarter, "2026-Q5"},
                                                       {PeriodKind::kYear, "26"},
                                                       {PeriodKind::kAllTime, "2026"}}) {
    absl::Status status = CheckPeriod(kind, bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status.message(),
              "period: must match the period kind (2026-05, 2026-Q2, 2026 or all)");
  }
  EXPECT_EQ(CheckPeriod(PeriodKind::kUnspecified, "2026").message(), "period_kind: required");
}

TEST(Periods, APerPersonLimitCountsInItsPeriod) {
  Time t = China(2026, 8, 1, 0, 10);
  EXPECT_EQ(LimitPeriodKey(LimitPeriod::kMonth, t), "2026-08");
  EXPECT_EQ(LimitPeriodKey(LimitPeriod::kQuarter, t), "2026-Q3");
  EXPECT_EQ(LimitPeriodKey(LimitPeriod::kYear, t), "2026");
  EXPECT_EQ(LimitPeriodKey(LimitPeriod::kNone, t), "-");
}

TEST(WorkingDays, NoticeRunsFiveFullWorkingDays) {
  EXPECT_EQ(AddWorkingDays(China(2026, 6, 15, 12), 5), China(2026, 6, 22, 12));  // Mon → Mon
  EXPECT_EQ(AddWorkingDays(China(2026, 6, 19, 9), 5), China(2026, 6, 26, 9));    // Fri → Fri
  EXPECT_EQ(AddWorkingDays(China(2026, 6, 20, 10), 5), China(2026, 6, 29));      // Sat: from Monday
  EXPECT_EQ(AddWorkingDays(China(2026, 6, 21, 23), 5), China(2026, 6, 29));      // Sun: from Monday
  EXPECT_EQ(AddWorkingDays(China(2026, 6, 15, 12), 10), China(2026, 6, 29, 12));
}

TEST(WorkingDays, WeekdaysAreChinasEvenWhenUtcIsStillTheDayBefore) {
  // Monday 2026-06-22 01:00 in China is Sunday in UTC: it is a working day, not a weekend.
  EXPECT_EQ(AddWorkingDays(China(2026, 6, 22, 1), 5), China(2026, 6, 29, 1));
}

// ---- earning ----

EarningRules Defaults() {
  EarningRules rules;  // 1 per hour, 5 per wish, a cap of 50
  rules.points_per_hour_by_post_type["FREE_CLINIC"] = 3;
  return rules;
}

TEST(Earning, PostServiceEarnsPerHourRoundedDown) {
  EarningRules rules = Defaults();
  EXPECT_EQ(PointsForActivity(rules, Activity::kPostService, 2.5, "AID_NEEDY").points, 2);
  EXPECT_EQ(PointsForActivity(rules, Activity::kPostService, 0.99, "AID_NEEDY").points, 0);
  EXPECT_EQ(PointsForActivity(rules, Activity::kPostService, 3, "FREE_CLINIC").points, 9);
  EXPECT_EQ(PointsForActivity(rules, Activity::kPostService, 2.5, "FREE_CLINIC").points, 7);
  // Two decimals never lose a point to binary rounding.
  rules.points_per_hour = 100;
  rules.activity_cap = 1000;
  EXPECT_EQ(PointsForActivity(rules, Activity::kPostService, 0.29, "").points, 29);
  EXPECT_EQ(PointsForActivity(rules, Activity::kPostService, 0.57, "").points, 57);
}

TEST(Earning, AWishEarnsItsFixedAwardAndHonourHoursNothing) {
  EarningRules rules = Defaults();
  EXPECT_EQ(PointsForActivity(rules, Activity::kWish, 0, "").points, 5);
  Earning honour = PointsForActivity(rules, Activity::kHonour, 24, "FREE_CLINIC");
  EXPECT_EQ(honour.points, 0);
  EXPECT_FALSE(honour.capped);
  EXPECT_EQ(PointsForActivity(rules, Activity::kUnspecified, 8, "").points, 0);
}

TEST(Earning, TheCapHoldsPerActivity) {
  EarningRules rules = Defaults();
  rules.activity_cap = 10;
  Earning capped = PointsForActivity(rules, Activity::kPostService, 8, "FREE_CLINIC");
  EXPECT_EQ(capped.points, 10);  // 24 by rate
  EXPECT_TRUE(capped.capped);
  Earning at_cap = PointsForActivity(rules, Activity::kPostService, 10, "");
  EXPECT_EQ(at_cap.points, 10);
  EXPECT_FALSE(at_cap.capped);
  rules.wish_points = 20;
  EXPECT_EQ(PointsForActivity(rules, Activity::kWish, 0, "").points, 10);
}

TEST(Earning, HoursAreMoreThanZeroAndAtMostADay) {
  for (Activity activity : {Activity::kPostService, Activity::kHonour}) {
    EXPECT_TRUE(CheckActivityHours(activity, 24).ok());
    EXPECT_TRUE(CheckActivityHours(activity, 0.01).ok());
    for (double bad : {0.0, -1.0, 24.01, std::nan("")}) {
      EXPECT_EQ(CheckActivityHours(activity, bad).message(),
                "hours: must be more than 0 and at most 24");
    }
  }
  EXPECT_TRUE(CheckActivityHours(Activity::kWish, 0).ok());
}

TEST(Earning, RuleValuesHaveRanges) {
  EXPECT_TRUE(CheckEarningRuleValues(Defaults()).ok());
  auto with = [](auto change) {
    EarningRules rules = Defaults();
    change(rules);
    return std::string(CheckEarningRuleValues(rules).message());
  };
  EXPECT_EQ(with([](auto& r) { r.points_per_hour = 1001; }),
            "rules.points_per_hour: between 0 and 1000");
  EXPECT_EQ(with([](auto& r) { r.points_per_hour_by_post_type["X"] = -1; }),
            "rules.points_per_hour_by_post_type: between 0 and 1000");
  EXPECT_EQ(with([](auto& r) { r.wish_points = -1; }), "rules.wish_points: between 0 and 1000");
  EXPECT_EQ(with([](auto& r) { r.activity_cap = 0; }), "rules.activity_cap: between 1 and 10000");
  EXPECT_TRUE(CheckAdjustmentAmount(-100000).ok());
  for (long long bad : {0LL, 100001LL, -100001LL}) {
    EXPECT_EQ(CheckAdjustmentAmount(bad).message(), "amount: must be non-zero and within ±100000");
  }
}

// A street's rules: 3 per hour, FREE_CLINIC 4, 10 per wish, a cap of 20.
EarningRules Street() {
  EarningRules street;
  street.region_id = "411502001";
  street.points_per_hour = 3;
  street.points_per_hour_by_post_type["FREE_CLINIC"] = 4;
  street.wish_points = 10;
  street.activity_cap = 20;
  return street;
}

TEST(Earning, ACommunitysRulesStayWithinItsStreets) {
  EarningRules community = Street();
  community.region_id = "411502001001";
  EXPECT_TRUE(CheckWithinParent(community, Street()).ok());  // equal is within
  auto with = [&](auto change, const EarningRules& parent) {
    EarningRules rules = community;
    change(rules);
    return std::string(CheckWithinParent(rules, parent).message());
  };
  EXPECT_EQ(with([](auto& r) { r.points_per_hour = 4; }, Street()),
            "rules.points_per_hour: at most 3, the street's");
  EXPECT_EQ(with([](auto& r) { r.points_per_hour_by_post_type["FREE_CLINIC"] = 5; }, Street()),
            "rules.points_per_hour_by_post_type: FREE_CLINIC at most 4, the street's");
  // A type the street does not name: the street's base rate bounds it.
  EXPECT_EQ(with([](auto& r) { r.points_per_hour_by_post_type["MEDIATION"] = 4; }, Street()),
            "rules.points_per_hour_by_post_type: MEDIATION at most 3, the street's");
  EXPECT_EQ(with([](auto& r) { r.wish_points = 11; }, Street()),
            "rules.wish_points: at most 10, the street's");
  EXPECT_EQ(with([](auto& r) { r.activity_cap = 21; }, Street()),
            "rules.activity_cap: at most 20, the street's");
  // Without street rules, the defaults bound it.
  EXPECT_EQ(with([](auto& r) { r.points_per_hour_by_post_type.clear(); }, Defaults()),
            "rules.points_per_hour: at most 1, the defaults'");
  EarningRules modest;
  modest.points_per_hour = 1;
  modest.points_per_hour_by_post_type["FREE_CLINIC"] = 2;
  EXPECT_TRUE(CheckWithinParent(modest, Defaults()).ok());
}

TEST(Earning, ACommunityEarnsByItsStreetsLowerRules) {
  EarningRules community;
  community.region_id = "411502001001";
  community.points_per_hour = 3;
  community.points_per_hour_by_post_type["MEDIATION"] = 3;
  community.wish_points = 10;
  community.activity_cap = 20;
  EarningRules lowered = Street();
  lowered.points_per_hour = 1;
  lowered.points_per_hour_by_post_type["FREE_CLINIC"] = 2;
  lowered.activity_cap = 5;
  EarningRules bounded = BoundByParent(community, lowered);
  EXPECT_EQ(bounded.region_id, "411502001001");
  EXPECT_EQ(bounded.points_per_hour, 1);
  EXPECT_EQ(RatePerHour(bounded, "MEDIATION"), 1);    // its own 3, the street's base 1
  EXPECT_EQ(RatePerHour(bounded, "FREE_CLINIC"), 2);  // its base 3, the street's 2
  EXPECT_EQ(RatePerHour(bounded, "AID_NEEDY"), 1);
  EXPECT_EQ(bounded.wish_points, 10);
  EXPECT_EQ(bounded.activity_cap, 5);
  EXPECT_EQ(PointsForActivity(bounded, Activity::kPostService, 8, "FREE_CLINIC").points, 5);

  // The chain, general first: a street's own rules stand; a community's are bounded by what is
  // above it; nothing set below the defaults gives the defaults.
  EarningRules defaults;
  EXPECT_EQ(ComposeRules({defaults}).points_per_hour, 1);
  EXPECT_EQ(ComposeRules({defaults, Street()}).points_per_hour, 3);
  EXPECT_EQ(ComposeRules({defaults, lowered, community}).points_per_hour, 1);
  EXPECT_EQ(ComposeRules({defaults, community}).points_per_hour, 1);  // the defaults above it
  EXPECT_EQ(ComposeRules({defaults, community}).region_id, "411502001001");
}

TEST(Earning, GridTasksEarnTheirTypesPointsInheritedTypeByType) {
  EarningRules defaults;
  defaults.points_by_grid_task_type = {{"GRID_TASK_TYPE_PATROL", 2},
                                       {"GRID_TASK_TYPE_ASSIGNED_TASK", 5}};
  EXPECT_EQ(PointsForActivity(defaults, Activity::kGridTask, 0, "", "GRID_TASK_TYPE_PATROL").points,
            2);
  EXPECT_EQ(PointsForActivity(defaults, Activity::kGridTask, 0, "", "GRID_TASK_TYPE_OTHER").points,
            0);
  defaults.activity_cap = 4;
  Earning capped =
      PointsForActivity(defaults, Activity::kGridTask, 0, "", "GRID_TASK_TYPE_ASSIGNED_TASK");
  EXPECT_EQ(capped.points, 4);
  EXPECT_TRUE(capped.capped);
  defaults.activity_cap = 50;

  // A street raises patrols; a community names only assigned tasks, within what is above it.
  EarningRules street = Street();
  street.points_by_grid_task_type = {{"GRID_TASK_TYPE_PATROL", 3}};
  EarningRules community;
  community.region_id = "411502001001";
  community.activity_cap = 20;  // the street's
  community.points_by_grid_task_type = {{"GRID_TASK_TYPE_ASSIGNED_TASK", 9}};
  EarningRules composed = ComposeRules({defaults, street, community});
  EXPECT_EQ(composed.points_by_grid_task_type.at("GRID_TASK_TYPE_PATROL"), 3);
  EXPECT_EQ(composed.points_by_grid_task_type.at("GRID_TASK_TYPE_ASSIGNED_TASK"), 5);
  EXPECT_EQ(
      ComposeRules({defaults, street}).points_by_grid_task_type.at("GRID_TASK_TYPE_ASSIGNED_TASK"),
      5);
  EXPECT_EQ(CheckWithinParent(community, ComposeRules({defaults, street})).message(),
            "rules.points_by_grid_task_type: GRID_TASK_TYPE_ASSIGNED_TASK at most 5, the "
            "street's");
  EarningRules bad = defaults;
  bad.points_by_grid_task_type = {{"PATROL", 2}};
  EXPECT_EQ(CheckEarningRuleValues(bad).code(), absl::StatusCode::kInvalidArgument);
  bad.points_by_grid_task_type = {{"GRID_TASK_TYPE_PATROL", 1001}};
  EXPECT_EQ(CheckEarningRuleValues(bad).message(),
            "rules.points_by_grid_task_type: between 0 and 1000");
}

TEST(Earning, GridTaskRatesAreKeyedByTheTaskTypesOnly) {
  EarningRules rules;
  rules.activity_cap = 50;
  for (const char* key : {"GRID_TASK_TYPE_OTHER", "GRID_TASK_TYPE_UNSPECIFIED",
                          "GRID_TASK_TYPE_patrol", "GRID_TASK_TYPE_PATROL "}) {
    rules.points_by_grid_task_type = {{key, 2}};
    absl::Status refused = CheckEarningRuleValues(rules);
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_NE(refused.message().find(absl::StrCat("rules.points_by_grid_task_type: ", key)),
              std::string_view::npos)
        << refused.message();
  }
  // Every name of the volunteer service's GridTaskType but UNSPECIFIED, and nothing else.
  const auto* type = volunteer::v1::GridTaskType_descriptor();
  std::set<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0) names.insert(std::string(type->value(i)->name()));
  }
  EXPECT_EQ(names,
            std::set<std::string>(std::begin(kGridTaskTypeNames), std::end(kGridTaskTypeNames)));
  for (const std::string& name : names) {
    rules.points_by_grid_task_type = {{name, 2}};
    EXPECT_TRUE(CheckEarningRuleValues(rules).ok()) << name;
  }
}

// ---- tiers ----

const std::vector<Tier> kTiers = {{"志愿者", 0}, {"铜牌志愿者", 100}, {"银牌志愿者", 300}};

TEST(Tiers, ATierAndTheWayToTheNext) {
  BalanceView view;
  PlaceInTiers(kTiers, 120, &view);
  EXPECT_EQ(view.tier, "铜牌志愿者");
  EXPECT_EQ(view.next_tier, "银牌志愿者");
  EXPECT_EQ(view.points_to_next_tier, 180);
  PlaceInTiers(kTiers, 300, &view);
  EXPECT_EQ(view.tier, "银牌志愿者");
  EXPECT_EQ(view.next_tier, "");
  EXPECT_EQ(view.points_to_next_tier, 0);
  BalanceView start;
  PlaceInTiers(kTiers, 0, &start);
  EXPECT_EQ(start.tier, "志愿者");
  EXPECT_EQ(start.points_to_next_tier, 100);
}

TEST(Tiers, StartAtZeroAndStrictlyIncrease) {
  EXPECT_TRUE(CheckTiers(kTiers).ok());
  EXPECT_EQ(CheckTiers({}).message(), "tiers: the first tier must start at 0 points");
  EXPECT_EQ(CheckTiers({{"a", 10}}).message(), "tiers: the first tier must start at 0 points");
  EXPECT_EQ(CheckTiers({{"a", 0}, {"b", 0}}).message(), "tiers: min_points must strictly increase");
  EXPECT_EQ(CheckTiers({{"", 0}}).code(), absl::StatusCode::kInvalidArgument);
}

// ---- expiry ----

TEST(Expiry, WhatIsLeftOfAYearOldestFirstNeverMoreThanTheBalance) {
  EXPECT_EQ(ExpiringPoints(/*balance=*/15, /*earned_through=*/20, /*outflow=*/15), 5);
  EXPECT_EQ(ExpiringPoints(10, 20, 0), 10);  // never more than is there
  EXPECT_EQ(ExpiringPoints(30, 20, 25), 0);  // all of it spent
  EXPECT_EQ(ExpiringPoints(0, 20, 0), 0);
}

// ---- transfers ----

TEST(Transfers, AnAwardIsEarnedPointsFromTheCommunity) {
  AwardInput in;
  in.volunteer_id = "v1";
  in.community_id = "411502001001";
  in.source_ref = "post-log:9";
  in.description = "服务";
  Time now = China(2026, 6, 1);
  Transfer t = AwardTransfer(in, 7, "posts", now);
  EXPECT_EQ(t.from_account, "issuing:411502001001");
  EXPECT_EQ(t.to_account, "volunteer:v1");
  EXPECT_EQ(t.amount, 7);
  EXPECT_EQ(t.kind, TransferKind::kAward);
  EXPECT_EQ(t.earned_delta, 7);
  EXPECT_EQ(t.earned_volunteer, "v1");
  EXPECT_EQ(t.earned_at, now);
}

TEST(Transfers, AdjustmentsGoEitherWayAndCountAgainstEarnedPoints) {
  Transfer credit = AdjustmentTransfer("v1", "411502001001", 4, "admin", "补记", {});
  EXPECT_EQ(credit.from_account, "issuing:411502001001");
  EXPECT_EQ(credit.to_account, "volunteer:v1");
  EXPECT_EQ(credit.amount, 4);
  EXPECT_EQ(credit.earned_delta, 4);
  Transfer debit = AdjustmentTransfer("v1", "411502001001", -4, "admin", "扣回", {});
  EXPECT_EQ(debit.from_account, "volunteer:v1");
  EXPECT_EQ(debit.to_account, "issuing:411502001001");
  EXPECT_EQ(debit.amount, 4);
  EXPECT_EQ(debit.earned_delta, -4);
  EXPECT_EQ(debit.source_ref, "adjustment:admin");
}

TEST(Transfers, AReversalMirrorsItsOriginalInTheOriginalsPeriods) {
  Transfer award = AwardTransfer({.volunteer_id = "v1", .community_id = "411502001001"}, 8, "s",
                                 China(2025, 3, 1));
  award.transfer_id = 42;
  EXPECT_TRUE(CheckReversible(award).ok());
  Transfer reversal = ReversalOf(award, "admin", "撤销");
  EXPECT_EQ(reversal.from_account, award.to_account);
  EXPECT_EQ(reversal.to_account, award.from_account);
  EXPECT_EQ(reversal.amount, 8);
  EXPECT_EQ(reversal.kind, TransferKind::kReversal);
  EXPECT_EQ(reversal.reverses_transfer_id, 42);
  EXPECT_EQ(reversal.source_ref, "reversal:42");
  EXPECT_EQ(reversal.earned_delta, -8);
  EXPECT_EQ(reversal.earned_at, award.earned_at);
}

TEST(Transfers, WhatIsNotReversed) {
  Transfer t;
  for (TransferKind kind :
       {TransferKind::kAward, TransferKind::kAdjustment, TransferKind::kExpiry}) {
    t.kind = kind;
    EXPECT_TRUE(CheckReversible(t).ok());
  }
  t.kind = TransferKind::kReversal;
  EXPECT_EQ(CheckReversible(t).message(),
            "transfer_id: a reversal is not reversed; adjust instead");
  for (TransferKind kind : {TransferKind::kRedemptionHold, TransferKind::kRedemptionRelease}) {
    t.kind = kind;
    absl::Status status = CheckReversible(t);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(status.message(), "transfer_id: cancel the order instead");
  }
}

TEST(Transfers, RedemptionsMoveBetweenTheVolunteerAndTheStoreAndEarnNothing) {
  Reward reward;
  reward.region_id = "411502001";
  reward.name = "大米";
  Transfer hold = RedemptionHold(reward, "r-1", "v1", 30, "v1", {});
  EXPECT_EQ(hold.from_account, "volunteer:v1");
  EXPECT_EQ(hold.to_account, "store:411502001");
  EXPECT_EQ(hold.source_ref, "reward:r-1");
  EXPECT_EQ(hold.earned_delta, 0);
  Order order;
  order.volunteer_id = "v1";
  order.region_id = "411502001";
  order.points = 30;
  Transfer release = RedemptionRelease(order, "o-1", "v1", "不要了", {});
  EXPECT_EQ(release.from_account, "store:411502001");
  EXPECT_EQ(release.to_account, "volunteer:v1");
  EXPECT_EQ(release.amount, 30);
  EXPECT_EQ(release.source_ref, "order:o-1");
  EXPECT_EQ(release.earned_delta, 0);
  Transfer expiry = ExpiryTransfer(2024, "v1", "411502001001", 5, "system", {});
  EXPECT_EQ(expiry.to_account, "expiry");
  EXPECT_EQ(expiry.source_ref, ExpirySource(2024, "v1"));
  EXPECT_EQ(expiry.source_ref, "expiry:2024:v1");
}

// ---- the store ----

TEST(Store, ARewardIsOrderedWhileActiveAndInsideItsWindow) {
  Reward reward;
  reward.active_from = China(2026, 6, 1);
  reward.active_until = China(2026, 7, 1);
  EXPECT_TRUE(CheckOrderable(reward, China(2026, 6, 1)).ok());
  EXPECT_EQ(CheckOrderable(reward, China(2026, 5, 31, 23, 59)).message(),
            "reward_id: outside the reward's active window");
  EXPECT_EQ(CheckOrderable(reward, China(2026, 7, 1)).message(),
            "reward_id: outside the reward's active window");
  reward.active_until.reset();
  EXPECT_TRUE(CheckOrderable(reward, China(2030, 1, 1)).ok());
  reward.active = false;
  EXPECT_EQ(CheckOrderable(reward, China(2026, 6, 2)).message(),
            "reward_id: the reward is not offered");
}

TEST(Store, PickupCodesHaveNoLookAlikes) {
  for (char c : std::string("0O1IL")) {
    EXPECT_EQ(kPickupCodeAlphabet.find(c), std::string_view::npos) << c;
  }
  EXPECT_EQ(kPickupCodeAlphabet.size(), 31u);
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  std::set<char> used;
  for (char c : PickupCodeFrom(every_byte)) {
    EXPECT_NE(kPickupCodeAlphabet.find(c), std::string_view::npos);
    used.insert(c);
  }
  EXPECT_EQ(used.size(), kPickupCodeAlphabet.size());  // every character can occur
  EXPECT_EQ(PickupCodeFrom(std::string(8, '\0')), "AAAAAAAA");
  std::string code = NewPickupCode();
  EXPECT_EQ(code.size(), kPickupCodeLength);
  for (char c : code) EXPECT_NE(kPickupCodeAlphabet.find(c), std::string_view::npos);
}

// ---- rankings and rounds ----

std::vector<Candidate> Standings(const std::vector<long long>& points) {
  std::vector<Candidate> standings;
  for (size_t i = 0; i < points.size(); ++i) {
    Candidate c;
    c.volunteer_id = "v" + std::to_string(i + 1);
    c.points = points[i];
    c.rank = NextCompetitionRank(standings, c.points);
    standings.push_back(c);
  }
  return standings;
}

TEST(Rankings, EqualPointsShareARankAndTheNextSkips) {
  std::vector<int> ranks;
  for (const auto& c : Standings({20, 20, 10, 5, 5, 1})) ranks.push_back(c.rank);
  EXPECT_EQ(ranks, (std::vector<int>{1, 1, 3, 4, 4, 6}));
}

TEST(Rounds, TopNProposesEveryoneTiedWithTheNth) {
  auto standings = Standings({24, 12, 12, 3});
  EXPECT_EQ(TopN(standings, 2).size(), 3u);
  EXPECT_EQ(TopN(standings, 1).size(), 1u);
  EXPECT_EQ(TopN(standings, 10).size(), 4u);
  EXPECT_EQ(WithAtLeast(standings, 12).size(), 3u);
  EXPECT_EQ(WithAtLeast(standings, 25).size(), 0u);
  EXPECT_TRUE(CheckRuleValue(RuleKind::kTopN, 1000).ok());
  EXPECT_EQ(CheckRuleValue(RuleKind::kTopN, 0).message(), "round.rule_value: N between 1 and 1000");
  EXPECT_EQ(CheckRuleValue(RuleKind::kTopN, 1001).message(),
            "round.rule_value: N between 1 and 1000");
  EXPECT_EQ(CheckRuleValue(RuleKind::kMinPoints, 0).message(), "round.rule_value: P above 0");
  EXPECT_TRUE(CheckRuleValue(RuleKind::kMinTier, 0).ok());
  EXPECT_EQ(CheckRuleValue(RuleKind::kUnspecified, 1).message(), "round.rule: required");
}

TEST(Rankings, PointsCountInTheCommunityAndStreetWhereEarnedAndTheCity) {
  EXPECT_EQ(EarnedRegions("411502001001"),
            (std::vector<std::string>{"411502001001", "411502001", ""}));
  EXPECT_EQ(EarnedRegions("411502001"), (std::vector<std::string>{"411502001", ""}));
}

TEST(Rounds, ARoundFreezesAtMostTheCapOfCandidates) {
  EXPECT_TRUE(CheckCandidateCount(500, 500).ok());
  absl::Status over = CheckCandidateCount(501, 500);
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(over.message(),
            "round.rule: the rule proposes more than 500 candidates, the most a round may "
            "freeze; narrow it (a smaller N, a higher P or tier)");
}

TEST(Rounds, OneCallerLodgesAtMostTheCapOfObjections) {
  EXPECT_TRUE(CheckObjectionQuota(2, 3).ok());
  absl::Status full = CheckObjectionQuota(3, 3);
  EXPECT_EQ(full.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(full.message(), "round_id: at most 3 objections per person and round");
  PointsOptions options;
  EXPECT_TRUE(CheckPointsOptions(options).ok());
  options.max_objections_per_round = 0;
  EXPECT_EQ(CheckPointsOptions(options).message(), "max_objections_per_round: between 1 and 100");
  options = PointsOptions{};
  options.max_round_candidates = 0;
  EXPECT_EQ(CheckPointsOptions(options).message(), "max_round_candidates: between 1 and 10000");
}

TEST(Rounds, StruckCandidatesReasonsAndOthersObjectionsAreForAdminsInScope) {
  Round round;
  round.status = RoundStatus::kInNotice;
  Candidate kept;
  kept.volunteer_id = "c-1";
  kept.decision = CandidateDecision::kConfirmed;
  kept.reason = "表现突出";
  Candidate struck = kept;
  struck.volunteer_id = "c-2";
  struck.decision = CandidateDecision::kStruck;
  struck.reason = "有投诉";
  Candidate objected = struck;
  objected.volunteer_id = "c-3";
  objected.reason = "异议成立";
  round.candidates = {kept, struck, objected};
  Objection mine, theirs;
  mine.volunteer_id = "c-3";
  mine.lodged_by = "resident-a";
  mine.text = "我的理由";
  mine.resolved = true;
  mine.upheld = true;
  mine.resolution = "核实属实";
  theirs.volunteer_id = "c-1";
  theirs.lodged_by = "resident-b";
  theirs.text = "别人的理由";
  round.objections = {mine, theirs};

  Round seen = round;
  RedactRoundFor({true, "admin"}, &seen);
  ASSERT_EQ(seen.candidates.size(), 3u);
  EXPECT_EQ(seen.candidates[1].reason, "有投诉");
  ASSERT_EQ(seen.objections.size(), 2u);
  EXPECT_EQ(seen.objections[1].text, "别人的理由");

  // A resident: the confirmed, the struck one they objected to (to name it), no reasons; their
  // own objection with its resolution, nobody else's.
  seen = round;
  RedactRoundFor({false, "resident-a"}, &seen);
  ASSERT_EQ(seen.candidates.size(), 2u);
  EXPECT_EQ(seen.candidates[0].volunteer_id, "c-1");
  EXPECT_EQ(seen.candidates[0].reason, "");
  EXPECT_EQ(seen.candidates[1].volunteer_id, "c-3");
  EXPECT_EQ(seen.candidates[1].reason, "");
  ASSERT_EQ(seen.objections.size(), 1u);
  EXPECT_EQ(seen.objections[0].lodged_by, "resident-a");
  EXPECT_EQ(seen.objections[0].text, "我的理由");
  EXPECT_EQ(seen.objections[0].resolution, "核实属实");

  // Someone who objected to nothing sees only the confirmed.
  seen = round;
  RedactRoundFor({false, "someone"}, &seen);
  ASSERT_EQ(seen.candidates.size(), 1u);
  EXPECT_EQ(seen.candidates[0].volunteer_id, "c-1");
  EXPECT_TRUE(seen.objections.empty());
  // Nor does a caller without a subject match objections whose objector is unknown.
  round.objections[1].lodged_by = "";
  seen = round;
  RedactRoundFor({false, ""}, &seen);
  EXPECT_TRUE(seen.objections.empty());
}

TEST(Rounds, AFieldThatStartsLikeAFormulaIsKeptAsText) {
  Round round;
  Candidate c;
  c.rank = 1;
  c.volunteer_id = "v1";
  c.community_id = "411502001001";
  c.points = 5;
  c.decision = CandidateDecision::kConfirmed;
  for (const char* risky : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
    c.name = risky;
    c.reason = "=HYPERLINK(\"http://x\")";
    round.candidates = {c};
    EXPECT_EQ(
        RoundCsv(round).substr(3),
        absl::StrCat("排名,姓名,志愿者编号,社区,积分,结果,说明\r\n1,\"'", risky,
                     "\",\"v1\",\"411502001001\",5,确认,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"))
        << risky;
  }
  c.name = "李伟=1";
  round.candidates = {c};
  EXPECT_NE(RoundCsv(round).find(",\"李伟=1\","), std::string::npos);
}

TEST(Rounds, TheExportIsUtf8WithABomQuotedAndLabelled) {
  Round round;
  round.round_id = "0123456789abcdef";
  round.period = "2026";
  Candidate c;
  c.rank = 1;
  c.volunteer_id = "v1";
  c.name = "张\"三\"";
  c.community_id = "411502001001";
  c.points = 24;
  c.decision = CandidateDecision::kStruck;
  c.reason = "有投诉";
  round.candidates.push_back(c);
  std::string csv = RoundCsv(round);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3),
            "排名,姓名,志愿者编号,社区,积分,结果,说明\r\n"
            "1,\"张\"\"三\"\"\",\"v1\",\"411502001001\",24,撤销,\"有投诉\"\r\n");
  EXPECT_EQ(RoundCsvFilename(round), "round-2026-01234567.csv");
}

TEST(Rounds, AFinalRoundsExportListsOnlyTheCommended) {
  Round round;
  round.status = RoundStatus::kFinal;
  Candidate kept;
  kept.rank = 1;
  kept.volunteer_id = "v1";
  kept.name = "李伟";
  kept.community_id = "411502001002";
  kept.points = 30;
  kept.decision = CandidateDecision::kConfirmed;
  Candidate struck = kept;
  struck.rank = 2;
  struck.volunteer_id = "v2";
  struck.name = "赵志强";
  struck.points = 20;
  struck.decision = CandidateDecision::kStruck;
  struck.reason = "异议成立";
  round.candidates = {kept, struck};
  EXPECT_EQ(RoundCsv(round).substr(3),
            "排名,姓名,志愿者编号,社区,积分,结果,说明\r\n"
            "1,\"李伟\",\"v1\",\"411502001002\",30,确认,\"\"\r\n");
  // In the notice the working list still shows the struck candidate and why.
  round.status = RoundStatus::kInNotice;
  EXPECT_NE(RoundCsv(round).find("赵志强"), std::string::npos);
}

}  // namespace
}  // namespace tongxin::points
