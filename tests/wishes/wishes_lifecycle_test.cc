// wishes_grpc_test: the state machine through the API — the full life with points and hours
// arriving once, wrong transitions, the claim race, co-building units, points arriving after the
// points service was down — and the statistics over them, as the history tells them.
#include <sstream>
#include <string>
#include <vector>

#include "tests/wishes/wishes_test.h"

namespace tongxin::wishes {
namespace {

TEST_F(WishesTest, TheFullLifeCycleAwardsPointsOnce) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish claimed;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &claimed).ok());
  EXPECT_EQ(claimed.state(), pb::WISH_STATE_CLAIMED);
  EXPECT_TRUE(claimed.has_claim_deadline());
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  pb::Wish other_view;
  ASSERT_TRUE(Call(&Stub::GetWish, Self(v), get, &other_view).ok());
  EXPECT_EQ(other_view.wisher_contact(), "13912345678");  // the winner sees the contact
  ASSERT_TRUE(Call(&Stub::GetWish, AdminB(), get, &other_view).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);

  pb::Wish fulfilled;
  EXPECT_EQ(Fulfil(wish.wish_id(), NewVolunteer(), 1, &fulfilled).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Fulfil(wish.wish_id(), v, 1.5, &fulfilled).ok());
  pb::Wish confirmed;
  EXPECT_EQ(Confirm(wish.wish_id(), true, Self(v), &confirmed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Confirm(wish.wish_id(), false, GridWorker(), &confirmed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // sending back needs a reason
  ASSERT_TRUE(Confirm(wish.wish_id(), false, GridWorker(), &confirmed, "照片看不清").ok());
  EXPECT_EQ(confirmed.state(), pb::WISH_STATE_CLAIMED);
  ASSERT_TRUE(Fulfil(wish.wish_id(), v, 1.5, &fulfilled).ok());
  ASSERT_TRUE(Confirm(wish.wish_id(), true, GridWorker(), &confirmed).ok());
  EXPECT_EQ(confirmed.state(), pb::WISH_STATE_CONFIRMED);

  EXPECT_GE(Relay(neighbours_->points().server.target()), 2);
  EXPECT_EQ(Points(v), 5);  // the default wish award
  EXPECT_DOUBLE_EQ(Hours(v), 1.5);
  ForgetDeliveries();
  Relay(neighbours_->points().server.target());
  EXPECT_EQ(Points(v), 5);
  EXPECT_DOUBLE_EQ(Hours(v), 1.5);

  // An admin lists a claimer's wishes, within the admin's scope only.
  pb::ListWishesRequest by_claimer;
  by_claimer.set_claimer_id(v);
  pb::ListWishesResponse listed;
  ASSERT_TRUE(Call(&Stub::ListWishes, AdminA(), by_claimer, &listed).ok());
  EXPECT_EQ(listed.wishes_size(), 1);
  ASSERT_TRUE(Call(&Stub::ListWishes, AdminB(), by_claimer, &listed).ok());
  EXPECT_EQ(listed.wishes_size(), 0);
  // The claimer no longer sees the contact once the wish is closed.
  ASSERT_TRUE(Call(&Stub::GetWish, Self(v), get, &other_view).ok());
  EXPECT_EQ(other_view.wisher_contact(), "");

  pb::GetHistoryRequest history_request;
  history_request.set_wish_id(wish.wish_id());
  pb::History history;
  EXPECT_EQ(Call(&Stub::GetHistory, Self(v), history_request, &history).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::GetHistory, AdminA(), history_request, &history).ok());
  std::vector<pb::WishState> states;
  for (const auto& e : history.entries()) states.push_back(e.to_state());
  EXPECT_EQ(states, (std::vector<pb::WishState>{pb::WISH_STATE_SUBMITTED, pb::WISH_STATE_APPROVED,
                                                pb::WISH_STATE_CLAIMED, pb::WISH_STATE_FULFILLED,
                                                pb::WISH_STATE_CLAIMED, pb::WISH_STATE_FULFILLED,
                                                pb::WISH_STATE_CONFIRMED}));
}

TEST_F(WishesTest, WrongTransitionsAreFailedPreconditionAndChangeNothing) {
  std::string v = NewVolunteer();
  pb::Wish submitted = Submit();
  pb::Wish out;
  EXPECT_EQ(Claim(submitted.wish_id(), v, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // not on the wall yet
  EXPECT_EQ(Fulfil(submitted.wish_id(), v, 1, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // not the claimer
  pb::Wish published = Published();
  EXPECT_EQ(Confirm(published.wish_id(), true, AdminA(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  pb::ReviewWishRequest review;
  review.set_request_id(NextId());
  review.set_wish_id(published.wish_id());
  review.set_approve(true);
  EXPECT_EQ(Call(&Stub::ReviewWish, AdminA(), review, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Claim(published.wish_id(), v, &out).ok());
  pb::WithdrawWishRequest withdraw;
  withdraw.set_request_id(NextId());
  withdraw.set_wish_id(published.wish_id());
  EXPECT_EQ(Call(&Stub::WithdrawWish, AdminA(), withdraw, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // claimed: too late to withdraw
  pb::CancelWishRequest cancel;
  cancel.set_request_id(NextId());
  cancel.set_wish_id(published.wish_id());
  EXPECT_EQ(Call(&Stub::CancelWish, AdminA(), cancel, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // needs a reason
  cancel.set_reason("家庭情况已变化，改由民政救助");
  EXPECT_EQ(Call(&Stub::CancelWish, Self(v), cancel, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CancelWish, AdminA(), cancel, &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_CANCELLED);
  cancel.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::CancelWish, AdminA(), cancel, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // A resident withdraws their own wish before a claim.
  std::string resident = NewVolunteer();
  pb::Wish mine = Submit(Self(resident));
  withdraw.set_request_id(NextId());
  withdraw.set_wish_id(mine.wish_id());
  EXPECT_EQ(Call(&Stub::WithdrawWish, Self("someone-else"), withdraw, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::WithdrawWish, Self(resident), withdraw, &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_WITHDRAWN);

  // Rejection needs a reason.
  pb::Wish to_reject = Submit();
  review.set_request_id(NextId());
  review.set_wish_id(to_reject.wish_id());
  review.set_approve(false);
  EXPECT_EQ(Call(&Stub::ReviewWish, AdminA(), review, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  review.set_reason("经入户核实，不符合条件");
  ASSERT_TRUE(Call(&Stub::ReviewWish, AdminA(), review, &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_REJECTED);
}

TEST_F(WishesTest, TwoHundredClaimersOneWinner) {
  constexpr int kClaimers = 200;
  std::vector<std::string> volunteers = NewPeople(kClaimers, [] { return NewVolunteer(); });
  pb::Wish wish = Published();
  RaceResult race = Race(kClaimers, [&](int i) {
    pb::Wish out;
    return Claim(wish.wish_id(), volunteers[i], &out);
  });
  EXPECT_EQ(race.ok, 1);
  EXPECT_EQ(race.refused, kClaimers - 1);
  EXPECT_EQ(race.other, 0);
  EXPECT_EQ(
      Database().Scalar("SELECT count(*) FROM wish_events WHERE to_state = 4 AND wish_id = '" +
                        wish.wish_id() + "'"),
      "1");
}

TEST_F(WishesTest, PointsArriveOnceEvenIfThePointsServiceWasDown) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish out;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &out).ok());
  ASSERT_TRUE(Fulfil(wish.wish_id(), v, 0, &out).ok());
  Relay(neighbours_->points().server.target());  // whatever earlier tests left
  const std::string down = neighbours_->points().server.target();
  neighbours_->points().server.Stop();
  ASSERT_TRUE(Confirm(wish.wish_id(), true, AdminA(), &out).ok());  // confirming never waits
  EXPECT_EQ(Relay(down), 1);  // only the confirmation told to the notifications service
  neighbours_->RestartPoints();
  EXPECT_EQ(Relay(neighbours_->points().server.target()), 1);
  EXPECT_EQ(Points(v), 5);
  EXPECT_EQ(Relay(neighbours_->points().server.target()), 0);
  EXPECT_EQ(Points(v), 5);
}

TEST_F(WishesTest, CoBuildingUnitsClaimThroughTheirCommunity) {
  pb::Wish wish = Published();
  pb::ClaimWishRequest request;
  request.set_request_id(NextId());
  request.set_wish_id(wish.wish_id());
  request.set_unit_name("市第一人民医院");
  pb::Wish out;
  EXPECT_EQ(Call(&Stub::ClaimWish, Self("v"), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ClaimWish, AdminB(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ClaimWish, AdminA(), request, &out).ok());
  EXPECT_EQ(out.claimer_name(), "市第一人民医院");
  pb::FulfilWishRequest fulfil;
  fulfil.set_request_id(NextId());
  fulfil.set_wish_id(wish.wish_id());
  fulfil.set_note("医院志愿者上门送药");
  fulfil.set_photo_url("https://img.example/unit.jpg");
  ASSERT_TRUE(Call(&Stub::FulfilWish, AdminA(), fulfil, &out).ok());
  // No points or hours for a unit (the feed still hears of the confirmation).
  const std::string effects =
      "SELECT count(*) FROM outbox_events WHERE destination <> 'notifications'";
  int events = std::stoi(Database().Scalar(effects));
  ASSERT_TRUE(Confirm(wish.wish_id(), true, GridWorker(), &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_CONFIRMED);
  EXPECT_EQ(Database().Scalar(effects), std::to_string(events));
}

TEST_F(WishesTest, StatisticsCountStatesRatesAndMedians) {
  pb::GetStatisticsRequest request;
  request.set_region_id(kCommunityA);
  pb::Statistics stats;
  ASSERT_TRUE(Call(&Stub::GetStatistics, AdminA(), request, &stats).ok());
  EXPECT_FALSE(stats.by_state().empty());
  EXPECT_FALSE(stats.by_category().empty());
  EXPECT_GT(stats.claim_rate(), 0);
  EXPECT_LE(stats.claim_rate(), 1);
  EXPECT_GT(stats.fulfilment_rate(), 0);
  request.set_region_id(kStreet);
  ASSERT_TRUE(Call(&Stub::GetStatistics, AdminA(), request, &stats).ok());
  request.set_region_id("1");
  EXPECT_EQ(Call(&Stub::GetStatistics, AdminA(), request, &stats).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// The statistics as the wishes' history gives them (the statement they had before each wish kept
// its first and last claim): "published claimed confirmed median_to_claim median_to_confirm",
// then "state:count,…" and "category:count,…".
std::vector<std::string> StatisticsFromTheHistory(const testing::TestDatabase& database,
                                                  const std::string& region) {
  const std::string in_region = "community_id LIKE '" + region + "%'";
  const std::string claims =
      "FROM wish_events e WHERE e.wish_id = wishes.wish_id AND e.from_state = 2 AND "
      "e.to_state = 4";
  return {database.Scalar(
              "WITH w AS (SELECT published_at, confirmed_at, (SELECT min(at) " + claims +
              ") AS first_claim, (SELECT max(at) " + claims + ") AS last_claim FROM wishes WHERE " +
              in_region +
              " AND published_at IS NOT NULL) SELECT concat_ws(' ', count(*), count(first_claim), "
              "count(confirmed_at), coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY "
              "extract(epoch FROM first_claim - published_at) / 3600), 0), "
              "coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "
              "confirmed_at - last_claim) / 3600) FILTER (WHERE confirmed_at IS NOT NULL), 0)) "
              "FROM w"),
          database.Scalar(
              "SELECT coalesce(string_agg(state || ':' || n, ',' ORDER BY state), '') FROM (SELECT "
              "state, count(*) AS n FROM wishes WHERE " +
              in_region + " GROUP BY 1) s"),
          database.Scalar(
              "SELECT coalesce(string_agg(category || ':' || n, ',' ORDER BY category), '') FROM "
              "(SELECT category, count(*) AS n FROM wishes WHERE " +
              in_region + " GROUP BY 1) s")};
}

TEST_F(WishesTest, StatisticsAnswerAsTheHistoryTells) {
  // Published at kStart; claimed after 2 h, released, claimed again after 6 h by another, sent
  // back once, confirmed at 14 h: to the first claim 2 h, from the last claim to confirmation 8 h.
  std::string first = NewVolunteer(), second = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish out;
  clock_->Advance(std::chrono::hours(2));
  ASSERT_TRUE(Claim(wish.wish_id(), first, &out).ok());
  clock_->Advance(std::chrono::hours(1));
  ASSERT_TRUE(Release(wish.wish_id(), first, &out).ok());
  clock_->Advance(std::chrono::hours(3));
  ASSERT_TRUE(Claim(wish.wish_id(), second, &out).ok());
  clock_->Advance(std::chrono::hours(1));
  ASSERT_TRUE(Fulfil(wish.wish_id(), second, 1, &out).ok());
  clock_->Advance(std::chrono::hours(1));
  ASSERT_TRUE(Confirm(wish.wish_id(), false, GridWorker(), &out, "照片看不清").ok());
  clock_->Advance(std::chrono::hours(1));
  ASSERT_TRUE(Fulfil(wish.wish_id(), second, 1, &out).ok());
  clock_->Advance(std::chrono::hours(5));
  ASSERT_TRUE(Confirm(wish.wish_id(), true, GridWorker(), &out).ok());
  EXPECT_EQ(Database().Scalar("SELECT concat_ws(' ', extract(epoch FROM first_claimed_at - "
                              "published_at)::int / 3600, extract(epoch FROM confirmed_at - "
                              "last_claimed_at)::int / 3600) FROM wishes WHERE wish_id = '" +
                              wish.wish_id() + "'"),
            "2 8");

  for (const std::string& region :
       {std::string(kCommunityA), std::string(kStreet), std::string(kCommunityB)}) {
    SCOPED_TRACE(region);
    pb::GetStatisticsRequest request;
    request.set_region_id(region);
    pb::Statistics stats;
    ASSERT_TRUE(Call(&Stub::GetStatistics, StreetAdmin(), request, &stats).ok());
    std::vector<std::string> expected = StatisticsFromTheHistory(Database(), region);
    std::istringstream totals(expected[0]);
    int published = 0, claimed = 0, confirmed = 0;
    double to_claim = 0, to_confirm = 0;
    totals >> published >> claimed >> confirmed >> to_claim >> to_confirm;
    EXPECT_DOUBLE_EQ(stats.claim_rate(),
                     published == 0 ? 0 : static_cast<double>(claimed) / published);
    EXPECT_DOUBLE_EQ(stats.fulfilment_rate(),
                     claimed == 0 ? 0 : static_cast<double>(confirmed) / claimed);
    EXPECT_DOUBLE_EQ(stats.median_hours_publish_to_claim(), to_claim);
    EXPECT_DOUBLE_EQ(stats.median_hours_claim_to_confirm(), to_confirm);
    std::string by_state, by_category;
    for (const auto& s : stats.by_state()) {
      by_state += (by_state.empty() ? "" : ",") + std::to_string(s.state()) + ":" +
                  std::to_string(s.count());
    }
    for (const auto& c : stats.by_category()) {
      by_category += (by_category.empty() ? "" : ",") + std::to_string(c.category()) + ":" +
                     std::to_string(c.count());
    }
    EXPECT_EQ(by_state, expected[1]);
    EXPECT_EQ(by_category, expected[2]);
  }
}

}  // namespace
}  // namespace tongxin::wishes
