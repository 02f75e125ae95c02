// wishes_unit_test: the wishes service's pure rules, without PostgreSQL or a server — the wish's
// transition table (every action from every state), what each change does to the wish, claim
// deadline arithmetic and a lapsed claim, the value cap and the claimer's hours, the masked
// name (李** / 李女士), the limits on one volunteer's claims, who is shown the wisher (and why),
// the proto enum mapping, and the requests a confirmed wish sends.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "services/common/outbox.h"
#include "services/wishes/domain/wish.h"
#include "services/wishes/domain/wish_rules.h"
#include "services/wishes/domain/wisher_access.h"
#include "services/wishes/events.h"
#include "services/wishes/grpc/mapping.h"

namespace tongxin::wishes {
namespace {

using std::chrono::hours;

const Time kNow = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

const std::vector<WishState> kStates = {
    WishState::kUnspecified, WishState::kSubmitted, WishState::kApproved,
    WishState::kRejected,    WishState::kClaimed,   WishState::kFulfilled,
    WishState::kConfirmed,   WishState::kWithdrawn, WishState::kCancelled};
const std::vector<WishAction> kActions = {
    WishAction::kApprove,  WishAction::kReject,   WishAction::kClaim,   WishAction::kFulfil,
    WishAction::kConfirm,  WishAction::kSendBack, WishAction::kRelease, WishAction::kExpire,
    WishAction::kWithdraw, WishAction::kCancel};

// The life as docs/architecture.md tells it, written out independently of the table.
const std::map<std::pair<WishAction, WishState>, WishState> kExpected = {
    {{WishAction::kApprove, WishState::kSubmitted}, WishState::kApproved},
    {{WishAction::kReject, WishState::kSubmitted}, WishState::kRejected},
    {{WishAction::kClaim, WishState::kApproved}, WishState::kClaimed},
    {{WishAction::kFulfil, WishState::kClaimed}, WishState::kFulfilled},
    {{WishAction::kConfirm, WishState::kFulfilled}, WishState::kConfirmed},
    {{WishAction::kSendBack, WishState::kFulfilled}, WishState::kClaimed},
    {{WishAction::kRelease, WishState::kClaimed}, WishState::kApproved},
    {{WishAction::kExpire, WishState::kClaimed}, WishState::kApproved},
    {{WishAction::kWithdraw, WishState::kSubmitted}, WishState::kWithdrawn},
    {{WishAction::kWithdraw, WishState::kApproved}, WishState::kWithdrawn},
    {{WishAction::kCancel, WishState::kSubmitted}, WishState::kCancelled},
    {{WishAction::kCancel, WishState::kApproved}, WishState::kCancelled},
    {{WishAction::kCancel, WishState::kClaimed}, WishState::kCancelled},
    {{WishAction::kCancel, WishState::kFulfilled}, WishState::kCancelled},
};

TEST(WishLifeTest, EveryActionFromEveryStateIsAllowedOrRefusedAsTheTableSays) {
  for (WishAction action : kActions) {
    for (WishState from : kStates) {
      auto next = NextState(from, action);
      auto expected = kExpected.find({action, from});
      if (expected != kExpected.end()) {
        ASSERT_TRUE(next.ok()) << static_cast<int>(action) << " from " << static_cast<int>(from);
        EXPECT_EQ(*next, expected->second);
      } else {
        ASSERT_FALSE(next.ok()) << static_cast<int>(action) << " from " << static_cast<int>(from);
        EXPECT_TRUE(absl::IsFailedPrecondition(next.status()));
      }
    }
  }
}

TEST(WishLifeTest, EveryPairOfStatesIsAllowedOrRefused) {
  std::set<std::pair<WishState, WishState>> allowed;
  for (const auto& [key, to] : kExpected) allowed.insert({key.second, to});
  for (WishState from : kStates) {
    for (WishState to : kStates) {
      EXPECT_EQ(WishCanMove(from, to), allowed.count({from, to}) == 1)
          << static_cast<int>(from) << " → " << static_cast<int>(to);
    }
  }
}

TEST(WishLifeTest, RefusalsKeepTheirMessages) {
  auto message = [](WishState from, WishAction action) {
    return std::string(NextState(from, action).status().message());
  };
  EXPECT_EQ(message(WishState::kApproved, WishAction::kApprove),
            "wish_id: the wish is not in a state that allows a review");
  EXPECT_EQ(message(WishState::kClaimed, WishAction::kReject),
            "wish_id: the wish is not in a state that allows a review");
  EXPECT_EQ(message(WishState::kSubmitted, WishAction::kClaim),
            "wish_id: the wish is not on the wall (already claimed?)");
  EXPECT_EQ(message(WishState::kApproved, WishAction::kFulfil),
            "wish_id: the wish is not in a state that allows fulfilment");
  EXPECT_EQ(message(WishState::kApproved, WishAction::kConfirm),
            "wish_id: the wish is not in a state that allows confirmation");
  EXPECT_EQ(message(WishState::kClaimed, WishAction::kSendBack),
            "wish_id: the wish is not in a state that allows confirmation");
  EXPECT_EQ(message(WishState::kFulfilled, WishAction::kRelease),
            "wish_id: the wish is not in a state that allows a release");
  EXPECT_EQ(message(WishState::kClaimed, WishAction::kWithdraw),
            "wish_id: the wish is not in a state that allows withdrawal (it is claimed or closed)");
  EXPECT_EQ(message(WishState::kCancelled, WishAction::kCancel),
            "wish_id: the wish is not in a state that allows cancellation");
}

TEST(WishLifeTest, OpenOnTheWallAndHeldClaims) {
  std::set<WishState> open = {WishState::kSubmitted, WishState::kApproved, WishState::kClaimed,
                              WishState::kFulfilled};
  for (WishState state : kStates) {
    EXPECT_EQ(IsOpen(state), open.count(state) == 1) << static_cast<int>(state);
    EXPECT_EQ(OnTheWall(state), state == WishState::kApproved) << static_cast<int>(state);
    EXPECT_EQ(ClaimIsHeld(state), state == WishState::kClaimed || state == WishState::kFulfilled)
        << static_cast<int>(state);
  }
}

Wish OnTheWallWish() {
  Wish wish;
  wish.wish_id = "0f0e0d0c-0000-4000-8000-000000000001";
  wish.community_id = "411502001001";
  wish.state = WishState::kApproved;
  wish.publish_time = kNow - hours(1);
  wish.reason = "left over";
  return wish;
}

TEST(WishChangesTest, AClaimCarriesADeadlineAndSendingBackRenewsIt) {
  EXPECT_EQ(ClaimDeadline(kNow, hours(24 * 7)), kNow + hours(168));
  auto claimed = Claimed(OnTheWallWish(), Claimer{"v1", "志愿者1", true}, kNow, hours(168));
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(claimed->state, WishState::kClaimed);
  EXPECT_EQ(claimed->claimer_id, "v1");
  EXPECT_TRUE(claimed->claimer_party_member);
  EXPECT_EQ(claimed->claimed_at, kNow);
  EXPECT_EQ(claimed->claim_deadline, kNow + hours(168));
  EXPECT_EQ(claimed->reason, "");
  EXPECT_FALSE(ClaimExpired(*claimed, kNow + hours(168) - std::chrono::seconds(1)));
  EXPECT_TRUE(ClaimExpired(*claimed, kNow + hours(168)));  // at the deadline it has passed
  EXPECT_FALSE(ClaimExpired(OnTheWallWish(), kNow + hours(1000)));

  auto fulfilled = Fulfilled(*claimed, "已送到", "https://img.example/done.jpg", 1.5);
  ASSERT_TRUE(fulfilled.ok());
  EXPECT_FALSE(ClaimExpired(*fulfilled, kNow + hours(1000)));  // delivered: no limit runs
  auto sent_back = Confirmed(*fulfilled, false, "照片看不清", kNow + hours(48), hours(168));
  ASSERT_TRUE(sent_back.ok());
  EXPECT_EQ(sent_back->state, WishState::kClaimed);
  EXPECT_EQ(sent_back->claim_deadline, kNow + hours(48 + 168));
  EXPECT_EQ(sent_back->reason, "照片看不清");
  EXPECT_EQ(sent_back->fulfil_note, "已送到");  // the claimer sees what was sent back
  EXPECT_EQ(sent_back->claimed_at, kNow);

  auto confirmed = Confirmed(*fulfilled, true, "", kNow + hours(50), hours(168));
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->state, WishState::kConfirmed);
  EXPECT_EQ(confirmed->confirm_time, kNow + hours(50));
}

TEST(WishChangesTest, BackOnTheWallForgetsTheClaimAndItsDelivery) {
  auto claimed = Claimed(OnTheWallWish(), UnitClaimer("市第一人民医院"), kNow, hours(168));
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(claimed->claimer_id, "unit:市第一人民医院");
  EXPECT_TRUE(claimed->claimed_by_unit());
  auto fulfilled = Fulfilled(*claimed, "上门送药", "https://img.example/unit.jpg", 2);
  ASSERT_TRUE(fulfilled.ok());
  auto sent_back = Confirmed(*fulfilled, false, "还差一本字典", kNow, hours(168));
  ASSERT_TRUE(sent_back.ok());
  for (WishAction why : {WishAction::kRelease, WishAction::kExpire}) {
    auto back = BackOnTheWall(*sent_back, why);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->state, WishState::kApproved);
    EXPECT_EQ(back->claimer_id, "");
    EXPECT_EQ(back->claimer_name, "");
    EXPECT_FALSE(back->claimed_at.has_value());
    EXPECT_FALSE(back->claim_deadline.has_value());
    EXPECT_EQ(back->fulfil_note, "");
    EXPECT_EQ(back->fulfil_photo_url, "");
    EXPECT_EQ(back->service_hours, 0);
    EXPECT_EQ(back->reason, "");
    EXPECT_EQ(back->publish_time, OnTheWallWish().publish_time);
  }
  EXPECT_FALSE(BackOnTheWall(*sent_back, WishAction::kCancel).ok());
  EXPECT_FALSE(BackOnTheWall(OnTheWallWish(), WishAction::kRelease).ok());
}

// The overview's medians read the first claim and the last (wishes_lifecycle_test compares them
// with the history): a release keeps both, a new claim moves only the last, a send-back neither.
TEST(WishChangesTest, AWishKeepsItsFirstAndLastClaim) {
  EXPECT_FALSE(OnTheWallWish().first_claim_time.has_value());
  auto first = Claimed(OnTheWallWish(), Claimer{"v1", "志愿者1", false}, kNow, hours(168));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->first_claim_time, kNow);
  EXPECT_EQ(first->last_claim_time, kNow);
  auto released = BackOnTheWall(*first, WishAction::kRelease);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released->first_claim_time, kNow);
  EXPECT_EQ(released->last_claim_time, kNow);
  auto again = Claimed(*released, Claimer{"v2", "志愿者2", false}, kNow + hours(5), hours(168));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->first_claim_time, kNow);
  EXPECT_EQ(again->last_claim_time, kNow + hours(5));
  auto fulfilled = Fulfilled(*again, "已送到", "https://img.example/done.jpg", 1);
  ASSERT_TRUE(fulfilled.ok());
  auto sent_back = Confirmed(*fulfilled, false, "照片看不清", kNow + hours(9), hours(168));
  ASSERT_TRUE(sent_back.ok());
  EXPECT_EQ(sent_back->first_claim_time, kNow);
  EXPECT_EQ(sent_back->last_claim_time, kNow + hours(5));
  auto cancelled = Cancelled(*sent_back, "心愿人已搬离");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->last_claim_time, kNow + hours(5));
}

TEST(WishChangesTest, ReviewWithdrawalAndCancellation) {
  Wish submitted = OnTheWallWish();
  submitted.state = WishState::kSubmitted;
  submitted.publish_time.reset();
  auto approved = Reviewed(submitted, true, "", kNow);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->publish_time, kNow);
  EXPECT_EQ(approved->reason, "");
  auto rejected = Reviewed(submitted, false, "不符合条件", kNow);
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->state, WishState::kRejected);
  EXPECT_EQ(rejected->reason, "不符合条件");
  EXPECT_FALSE(rejected->publish_time.has_value());
  EXPECT_FALSE(Reviewed(*approved, true, "", kNow).ok());

  EXPECT_EQ(Withdrawn(*approved)->state, WishState::kWithdrawn);
  auto claimed = Claimed(*approved, Claimer{"v1", "志愿者1", false}, kNow, hours(168));
  EXPECT_FALSE(Withdrawn(*claimed).ok());
  auto cancelled = Cancelled(*claimed, "改由民政救助");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, WishState::kCancelled);
  EXPECT_EQ(cancelled->reason, "改由民政救助");
  EXPECT_EQ(cancelled->claimer_id, "");
  EXPECT_FALSE(cancelled->claim_deadline.has_value());
  EXPECT_FALSE(Cancelled(*cancelled, "again").ok());
}

TEST(WishRulesTest, AMicroWishIsWorthAtMostTheCap) {
  EXPECT_TRUE(CheckEstimatedValue(0, 500).ok());
  EXPECT_TRUE(CheckEstimatedValue(500, 500).ok());
  absl::Status too_dear = CheckEstimatedValue(501, 500);
  EXPECT_TRUE(absl::IsInvalidArgument(too_dear));
  EXPECT_EQ(too_dear.message(), "estimated_value: a micro-wish is worth at most 500 yuan");
  EXPECT_FALSE(CheckEstimatedValue(-1, 500).ok());
  EXPECT_EQ(CheckEstimatedValue(201, 200).message(),
            "estimated_value: a micro-wish is worth at most 200 yuan");
}

TEST(WishRulesTest, TheClaimersHoursAreZeroToTwentyFourWithTwoDecimals) {
  for (double ok : {0.0, 0.01, 1.5, 23.99, 24.0}) EXPECT_TRUE(CheckServiceHours(ok).ok()) << ok;
  for (double bad :
       {-0.01, 24.01, 1.234, 0.005, std::nan(""), std::numeric_limits<double>::infinity()}) {
    absl::Status status = CheckServiceHours(bad);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << bad;
    EXPECT_EQ(status.message(), "service_hours: between 0 and 24, two decimals");
  }
}

TEST(WishRulesTest, UrlsAndTitles) {
  EXPECT_TRUE(CheckUrl("photo_url", "").ok());
  EXPECT_TRUE(CheckUrl("photo_url", "https://img.example/a.jpg").ok());
  EXPECT_EQ(CheckUrl("photo_url", "img.example/a.jpg").message(),
            "photo_url: must start with http:// or https://");
  EXPECT_TRUE(CheckWisherTitle("").ok());
  EXPECT_TRUE(CheckWisherTitle("女士").ok());
  EXPECT_TRUE(CheckWisherTitle("先生").ok());
  EXPECT_EQ(CheckWisherTitle("老师").message(), "wisher_title: 女士, 先生 or empty");
}

TEST(WishRulesTest, TheWallShowsAMaskedName) {
  EXPECT_EQ(MaskedName("李秀英", ""), "李**");
  EXPECT_EQ(MaskedName("王桂兰", "女士"), "王女士");
  EXPECT_EQ(MaskedName("欧阳娜娜", ""), "欧***");
  EXPECT_EQ(MaskedName("张三", "先生"), "张先生");
  EXPECT_EQ(MaskedName("李", ""), "李");
  EXPECT_EQ(MaskedName("Anna", ""), "A***");
  EXPECT_EQ(MaskedName("", ""), "");
}

TEST(WishChangesTest, AClaimPastItsTimeLimitHasLapsed) {
  auto claimed = Claimed(OnTheWallWish(), Claimer{"v1", "志愿者1", false}, kNow, hours(168));
  ASSERT_TRUE(claimed.ok());
  EXPECT_TRUE(CheckClaimNotLapsed(*claimed, kNow + hours(167)).ok());
  absl::Status lapsed = CheckClaimNotLapsed(*claimed, kNow + hours(168));
  EXPECT_TRUE(absl::IsFailedPrecondition(lapsed));
  EXPECT_EQ(lapsed.message(),
            "wish_id: the claim lapsed at its time limit; the wish goes back on the wall");
  // A fulfilled wish waits for its confirmation, whatever the time.
  auto fulfilled = Fulfilled(*claimed, "done", "https://img.example/a.jpg", 1);
  ASSERT_TRUE(fulfilled.ok());
  EXPECT_TRUE(CheckClaimNotLapsed(*fulfilled, kNow + hours(1000)).ok());
}

TEST(ClaimLimitsTest, AVolunteerHoldsAtMostTheOpenClaimsLimit) {
  EXPECT_TRUE(CheckOpenClaims(0, 3).ok());
  EXPECT_TRUE(CheckOpenClaims(2, 3).ok());
  absl::Status over = CheckOpenClaims(3, 3);
  EXPECT_TRUE(absl::IsFailedPrecondition(over));
  EXPECT_EQ(over.message(),
            "volunteer_id: at most 3 open claims (claimed or fulfilled) per volunteer; fulfil or "
            "release one first");
  EXPECT_TRUE(absl::IsFailedPrecondition(CheckOpenClaims(7, 1)));
  EXPECT_TRUE(CheckOpenClaims(4, 5).ok());
}

TEST(ClaimLimitsTest, ReleasesWithinADayAreLimited) {
  EXPECT_EQ(kReleaseWindow, hours(24));
  EXPECT_TRUE(CheckRecentReleases(0, 3).ok());
  EXPECT_TRUE(CheckRecentReleases(2, 3).ok());
  absl::Status exhausted = CheckRecentReleases(3, 3);
  EXPECT_TRUE(absl::IsResourceExhausted(exhausted));
  EXPECT_EQ(exhausted.message(),
            "volunteer_id: 3 claims released in the last 24 hours (at most 3); claim again once "
            "the first of them is a day old");
  EXPECT_TRUE(absl::IsResourceExhausted(CheckRecentReleases(9, 1)));
}

TEST(WisherAccessTest, TheWisherIsShownToTheirPeopleAndAdminsInScopeOnly) {
  Wish wish = OnTheWallWish();
  wish.grid_id = "411502001001001";
  wish.submitted_by = "resident";
  auto claimed = Claimed(wish, Claimer{"v1", "志愿者1", false}, kNow, hours(168));
  ASSERT_TRUE(claimed.ok());
  const Principal claimer{"v1", Role::kVolunteer, {}};
  const Principal resident{"resident", Role::kVolunteer, {}};
  const Principal stranger{"v2", Role::kVolunteer, {}};
  const Principal grid_worker{"g", Role::kCommunityAdmin, {"411502001001001"}};
  const Principal admin_a{"a", Role::kCommunityAdmin, {"411502001001"}};
  const Principal admin_b{"b", Role::kCommunityAdmin, {"411502001002"}};
  const Principal other_grid{"g2", Role::kCommunityAdmin, {"411502001001002"}};
  const Principal street{"s", Role::kStreetAdmin, {"411502001"}};
  const Principal system{"wishes", Role::kSystem, {}};
  EXPECT_EQ(WisherAccess(claimer, *claimed, kNow), AccessReason::kClaimer);
  EXPECT_EQ(WisherAccess(claimer, *claimed, kNow + hours(168)), AccessReason::kUnspecified);
  EXPECT_EQ(WisherAccess(claimer, wish, kNow), AccessReason::kUnspecified);  // not (yet) theirs
  EXPECT_EQ(WisherAccess(resident, *claimed, kNow), AccessReason::kSubmitter);
  EXPECT_EQ(WisherAccess(stranger, *claimed, kNow), AccessReason::kUnspecified);
  EXPECT_EQ(WisherAccess(grid_worker, *claimed, kNow), AccessReason::kAdmin);
  EXPECT_EQ(WisherAccess(admin_a, *claimed, kNow), AccessReason::kAdmin);
  EXPECT_EQ(WisherAccess(street, *claimed, kNow), AccessReason::kAdmin);
  EXPECT_EQ(WisherAccess(admin_b, *claimed, kNow), AccessReason::kUnspecified);
  EXPECT_EQ(WisherAccess(other_grid, *claimed, kNow), AccessReason::kUnspecified);
  EXPECT_EQ(WisherAccess(system, *claimed, kNow), AccessReason::kSystem);
  auto closed = Cancelled(*claimed, "搬走了");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(WisherAccess(claimer, *closed, kNow), AccessReason::kUnspecified);
  EXPECT_EQ(WisherAccess(resident, *closed, kNow), AccessReason::kSubmitter);

  // The submitter's account: the resident, admins in scope and the system only.
  EXPECT_TRUE(SeesSubmitter(resident, *claimed));
  EXPECT_FALSE(SeesSubmitter(claimer, *claimed));
  EXPECT_FALSE(SeesSubmitter(stranger, *claimed));
  EXPECT_TRUE(SeesSubmitter(grid_worker, *claimed));
  EXPECT_FALSE(SeesSubmitter(admin_b, *claimed));
  EXPECT_TRUE(SeesSubmitter(system, *claimed));
}

TEST(WishesMappingTest, IncomingEnumsAreChecked) {
  pb::SubmitWishRequest request;
  request.set_category(pb::CATEGORY_HEALTH);
  auto submission = FromProto(request);
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->category, Category::kHealth);
  request.set_category(pb::CATEGORY_UNSPECIFIED);  // left to the domain: "category: required"
  EXPECT_EQ(FromProto(request)->category, Category::kUnspecified);
  request.set_category(static_cast<pb::Category>(7));
  EXPECT_TRUE(absl::IsInvalidArgument(FromProto(request).status()));
  EXPECT_EQ(*CategoryFilter(pb::CATEGORY_UNSPECIFIED), Category::kUnspecified);
  EXPECT_TRUE(absl::IsInvalidArgument(CategoryFilter(static_cast<pb::Category>(-1)).status()));
  EXPECT_EQ(*WishStateFilter(pb::WISH_STATE_CANCELLED), WishState::kCancelled);
  auto unknown = WishStateFilter(static_cast<pb::WishState>(9));
  EXPECT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_EQ(unknown.status().message().rfind("state", 0), 0u);
}

TEST(WishesMappingTest, StatisticsAndHistoryGoOutWithTheirNumbers) {
  Statistics stats;
  stats.by_state = {{WishState::kClaimed, 2}};
  stats.by_category = {{Category::kCompanionship, 3}};
  pb::Statistics out;
  ToProto(stats, &out);
  EXPECT_EQ(out.by_state(0).state(), pb::WISH_STATE_CLAIMED);
  EXPECT_EQ(out.by_category(0).category(), pb::CATEGORY_COMPANIONSHIP);
  pb::History history;
  ToProto(std::vector<HistoryEntry>{{WishState::kFulfilled, WishState::kClaimed, "a", "n", kNow}},
          &history);
  EXPECT_EQ(history.entries(0).from_state(), pb::WISH_STATE_FULFILLED);
  EXPECT_EQ(history.entries(0).to_state(), pb::WISH_STATE_CLAIMED);
}

TEST(WishesMappingTest, AccessLogEntriesGoOutWithTheirReasons) {
  pb::AccessLogEntry out;
  ToProto(AccessEntry{"7", "w-1", "411502001001", "411502001001001", "v1", AccessReason::kClaimer,
                      kNow},
          &out);
  EXPECT_EQ(out.wish_id(), "w-1");
  EXPECT_EQ(out.grid_id(), "411502001001001");
  EXPECT_EQ(out.reader_id(), "v1");
  EXPECT_EQ(out.reason(), pb::ACCESS_REASON_CLAIMER);
  EXPECT_EQ(out.time().seconds(), std::chrono::system_clock::to_time_t(kNow));
  ToProto(AccessEntry{"8", "w-1", "411502001001", "", "s", AccessReason::kSystem, kNow}, &out);
  EXPECT_EQ(out.reason(), pb::ACCESS_REASON_SYSTEM);
}

TEST(WishEventsTest, AConfirmedWishAwardsPointsAndRecordsHoursWhenGiven) {
  EXPECT_EQ(AwardMethod().full_name(), "tongxin.points.v1.PointsService.Award");
  EXPECT_EQ(DestinationOf(*AwardMethod().service()), "points");
  EXPECT_EQ(RecordServiceMethod().full_name(),
            "tongxin.volunteer.v1.VolunteerService.RecordService");
  EXPECT_EQ(DestinationOf(*RecordServiceMethod().service()), "volunteer");

  Wish wish = OnTheWallWish();
  wish.state = WishState::kConfirmed;
  wish.claimer_id = "v1";
  wish.claimer_name = "志愿者1";
  wish.claimer_party_member = true;
  wish.confirm_time = kNow + hours(13);  // 2026-06-16 01:00 in China
  auto award = WishPointsRequest(wish);
  EXPECT_EQ(award.volunteer_id(), "v1");
  EXPECT_EQ(award.volunteer_name(), "志愿者1");
  EXPECT_EQ(award.community_id(), "411502001001");
  EXPECT_TRUE(award.party_member());
  EXPECT_EQ(award.activity(), points::v1::ACTIVITY_WISH);
  EXPECT_EQ(award.source_ref(), "wish:0f0e0d0c-0000-4000-8000-000000000001");
  EXPECT_EQ(award.description(), "微心愿");
  EXPECT_EQ(award.request_id(), "");                 // set to the event id when enqueued
  EXPECT_FALSE(WishHoursRequest(wish).has_value());  // no hours given

  wish.service_hours = 1.5;
  auto record = WishHoursRequest(wish);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->volunteer_id(), "v1");
  EXPECT_DOUBLE_EQ(record->hours(), 1.5);
  EXPECT_EQ(record->service_date(), "2026-06-16");
  EXPECT_EQ(record->organiser(), "微心愿");
  EXPECT_EQ(record->organiser_region_id(), "411502001001");
  EXPECT_EQ(record->source(), volunteer::v1::SERVICE_SOURCE_WISH);
  EXPECT_EQ(record->source_ref(), award.source_ref());  // both receivers are unique by it
}

}  // namespace
}  // namespace tongxin::wishes
