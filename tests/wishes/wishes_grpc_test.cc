// The wishes service with the real volunteer and points services beside it, each on its own real
// PostgreSQL database: the state machine, privacy, the claim race, the time limit (by an
// injectable clock), and points that arrive once even if the points service was down.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/wishes/grpc/wishes_grpc.h"
#include "tests/support/service_stacks.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin::wishes {
namespace {

namespace vpb = ::tongxin::volunteer::v1;
namespace ppb = ::tongxin::points::v1;
using Stub = pb::WishesService::Stub;

constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
constexpr char kGridA1[] = "411502001001001";
const Time kStart = std::chrono::system_clock::from_time_t(1781496000);  // 2026-06-15 12:00 CST

class WishesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = new FakeClock(kStart);
    neighbours_ = new testing::Neighbours(*clock_, "wishes");
    database_ = new testing::TestDatabase("wishes", "wishes");
    db_ = database_->Open(8).release();
    cipher_ = new PersonalDataCipher(*PersonalDataCipher::FromHex(std::string(64, 'd')));
    wishes_ = new WishRepository(*db_);
    domain_ = new WishesDomain(*wishes_, *cipher_, *clock_);
    directory_ =
        new clients::GrpcVolunteerDirectory(neighbours_->volunteer().server.channel(), SystemToken);
    server_ = new testing::TestServer(*clock_);
    service_ = new WishesGrpc(*domain_, *directory_, *db_, server_->runner(), *cipher_);
    server_->Start(service_);
    stub_ = pb::WishesService::NewStub(server_->channel()).release();
    SeedHierarchy();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
    delete service_;
    delete directory_;
    delete domain_;
    delete wishes_;
    delete cipher_;
    delete db_;
    delete database_;
    delete neighbours_;
    delete clock_;
  }
  void SetUp() override { clock_->Set(kStart); }

  static std::string SystemToken() { return server_->Token(Role::kSystem, "wishes-service"); }
  static std::string AdminA() {
    return server_->Token(Role::kCommunityAdmin, "admin-a", {kCommunityA});
  }
  static std::string AdminB() {
    return server_->Token(Role::kCommunityAdmin, "admin-b", {kCommunityB});
  }
  static std::string GridWorker() {
    return server_->Token(Role::kCommunityAdmin, "grid-worker-1", {kGridA1});
  }
  static std::string Self(const std::string& id) { return server_->Token(Role::kVolunteer, id); }
  static std::string NextId() { return "req-" + std::to_string(++counter_); }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const std::string& token, const Request& request, Response* response) {
    return testing::CallWith(stub_, method, token, request, response);
  }

  static void SeedHierarchy() {
    neighbours_->SeedHierarchy(kStreet, "川汇街道", {kCommunityA, kCommunityB});
  }

  static std::string NewVolunteer() {
    return neighbours_->RegisterVolunteer(++people_, "志愿者", "19900101", "1360000", kCommunityA,
                                          true);
  }

  static pb::Wish Submit(const std::string& token = "", int value = 80) {
    pb::SubmitWishRequest request;
    request.set_request_id(NextId());
    request.set_community_id(kCommunityA);
    request.set_grid_id(kGridA1);
    request.set_category(pb::CATEGORY_STUDY_SUPPLIES);
    request.set_description("孩子想要一个新书包");
    request.set_estimated_value(value);
    request.set_wisher_name("李秀英");
    request.set_wisher_contact("13912345678");
    pb::Wish wish;
    grpc::Status status =
        Call(&Stub::SubmitWish, token.empty() ? GridWorker() : token, request, &wish);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return wish;
  }

  static pb::Wish Published() {
    pb::Wish wish = Submit();
    pb::ReviewWishRequest review;
    review.set_request_id(NextId());
    review.set_wish_id(wish.wish_id());
    review.set_approve(true);
    pb::Wish published;
    EXPECT_TRUE(Call(&Stub::ReviewWish, AdminA(), review, &published).ok());
    return published;
  }

  static grpc::Status Claim(const std::string& wish_id, const std::string& volunteer,
                            pb::Wish* wish) {
    pb::ClaimWishRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish_id);
    request.set_volunteer_id(volunteer);
    return Call(&Stub::ClaimWish, Self(volunteer), request, wish);
  }

  static grpc::Status Fulfil(const std::string& wish_id, const std::string& volunteer, double hours,
                             pb::Wish* wish) {
    pb::FulfilWishRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish_id);
    request.set_note("已送到，孩子很喜欢");
    request.set_photo_url("https://img.example/done.jpg");
    request.set_service_hours(hours);
    return Call(&Stub::FulfilWish, Self(volunteer), request, wish);
  }

  static grpc::Status Confirm(const std::string& wish_id, bool confirm, const std::string& token,
                              pb::Wish* wish, const std::string& reason = "") {
    pb::ConfirmWishRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish_id);
    request.set_confirm(confirm);
    request.set_reason(reason);
    return Call(&Stub::ConfirmWish, token, request, wish);
  }

  static int Relay(const std::string& points_target) {
    return neighbours_->Relay(*db_, points_target);
  }

  static long long Points(const std::string& volunteer) { return neighbours_->Points(volunteer); }

  static double Hours(const std::string& volunteer) { return neighbours_->Hours(volunteer); }

  static inline FakeClock* clock_;
  static inline testing::Neighbours* neighbours_;
  static inline testing::TestDatabase* database_;
  static inline Db* db_;
  static inline PersonalDataCipher* cipher_;
  static inline WishRepository* wishes_;
  static inline WishesDomain* domain_;
  static inline clients::GrpcVolunteerDirectory* directory_;
  static inline testing::TestServer* server_;
  static inline WishesGrpc* service_;
  static inline Stub* stub_;
  static inline std::atomic<int> counter_{0};
  static inline std::atomic<int> people_{0};
};

TEST_F(WishesTest, SubmissionIsCheckedAndPersonalDataSealed) {
  pb::Wish wish = Submit();
  EXPECT_EQ(wish.state(), pb::WISH_STATE_SUBMITTED);
  EXPECT_EQ(wish.wisher_name_masked(), "李**");
  EXPECT_EQ(wish.wisher_contact(), "");  // answers to changes carry no personal data
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  pb::Wish seen;
  ASSERT_TRUE(Call(&Stub::GetWish, GridWorker(), get, &seen).ok());
  EXPECT_EQ(seen.wisher_contact(), "13912345678");  // the grid worker in scope reads it
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM idempotency_keys WHERE position('3133393132' "
                              "in encode(response, 'hex')) > 0"),
            "0");
  std::string row = database_->Scalar(
      "SELECT row_to_json(w)::text FROM wishes w WHERE wish_id = '" + wish.wish_id() + "'");
  EXPECT_EQ(row.find("13912345678"), std::string::npos);
  EXPECT_EQ(row.find("李秀英"), std::string::npos);

  pb::SubmitWishRequest request;
  request.set_request_id(NextId());
  request.set_community_id(kCommunityA);
  request.set_category(pb::CATEGORY_HEALTH);
  request.set_description("想要一副老花镜");
  request.set_estimated_value(501);
  request.set_wisher_name("王桂兰");
  request.set_wisher_contact("13800001111");
  request.set_wisher_title("女士");
  pb::Wish out;
  grpc::Status too_dear = Call(&Stub::SubmitWish, AdminA(), request, &out);
  EXPECT_EQ(too_dear.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(too_dear.error_message().rfind("estimated_value", 0), 0u);
  request.set_estimated_value(120);
  EXPECT_EQ(Call(&Stub::SubmitWish, AdminB(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::SubmitWish, AdminA(), request, &out).ok());
  EXPECT_EQ(out.wisher_name_masked(), "王女士");
  request.set_request_id(NextId());
  request.set_category(pb::CATEGORY_UNSPECIFIED);
  EXPECT_EQ(Call(&Stub::SubmitWish, AdminA(), request, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WishesTest, TheWallShowsPublishedWishesOldestFirstAndMaskedOnly) {
  pb::Wish submitted = Submit();
  pb::Wish first = Published();
  clock_->Advance(std::chrono::minutes(5));
  pb::Wish second = Published();
  pb::ListWallRequest request;
  request.set_region_id(kCommunityA);
  request.set_page_size(200);
  pb::ListWallResponse wall;
  ASSERT_TRUE(Call(&Stub::ListWall, Self("anyone"), request, &wall).ok());
  std::vector<std::string> ids;
  for (const auto& w : wall.wishes()) ids.push_back(w.wish_id());
  auto at = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id); };
  EXPECT_NE(at(first.wish_id()), ids.end());
  EXPECT_LT(at(first.wish_id()), at(second.wish_id()));
  EXPECT_EQ(at(submitted.wish_id()), ids.end());  // not yet reviewed
  // The wall item has no field for a name or contact; the full wish hides them from strangers.
  pb::GetWishRequest get;
  get.set_wish_id(first.wish_id());
  pb::Wish seen;
  ASSERT_TRUE(Call(&Stub::GetWish, Self("stranger"), get, &seen).ok());
  EXPECT_EQ(seen.wisher_name(), "");
  EXPECT_EQ(seen.wisher_contact(), "");
  EXPECT_EQ(seen.wisher_name_masked(), "李**");
  get.set_wish_id(submitted.wish_id());
  EXPECT_EQ(Call(&Stub::GetWish, Self("stranger"), get, &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

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
  ASSERT_TRUE(db_->Transact({},
                            [](Tx& tx) {
                              tx.exec0("UPDATE outbox_events SET delivered_at = NULL");
                              return absl::OkStatus();
                            })
                  .ok());
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
  std::vector<std::string> volunteers(kClaimers);
  std::vector<std::thread> registering;
  for (int t = 0; t < 8; ++t) {
    registering.emplace_back([&, t] {
      for (int i = t; i < kClaimers; i += 8) volunteers[i] = NewVolunteer();
    });
  }
  for (auto& thread : registering) thread.join();
  pb::Wish wish = Published();
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClaimers; ++i) {
    threads.emplace_back([&, i] {
      pb::Wish out;
      grpc::Status status = Claim(wish.wish_id(), volunteers[i], &out);
      if (status.ok()) {
        ++ok;
      } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), kClaimers - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(
      database_->Scalar("SELECT count(*) FROM wish_events WHERE to_state = 4 AND wish_id = '" +
                        wish.wish_id() + "'"),
      "1");
}

TEST_F(WishesTest, UnfulfilledClaimsReturnToTheWallAfterTheTimeLimit) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish claimed;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &claimed).ok());
  pb::ReleaseExpiredClaimsRequest release;
  release.set_request_id(NextId());
  pb::ReleaseExpiredClaimsResponse released;
  EXPECT_EQ(Call(&Stub::ReleaseExpiredClaims, AdminA(), release, &released).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ReleaseExpiredClaims, SystemToken(), release, &released).ok());
  EXPECT_EQ(released.released(), 0);  // six days and change left
  clock_->Advance(std::chrono::hours(24 * 7) + std::chrono::minutes(1));
  release.set_request_id(NextId());
  ASSERT_TRUE(Call(&Stub::ReleaseExpiredClaims, SystemToken(), release, &released).ok());
  EXPECT_GE(released.released(), 1);
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  pb::Wish back;
  ASSERT_TRUE(Call(&Stub::GetWish, AdminA(), get, &back).ok());
  EXPECT_EQ(back.state(), pb::WISH_STATE_APPROVED);
  EXPECT_EQ(back.claimer_id(), "");
  pb::GetHistoryRequest history_request;
  history_request.set_wish_id(wish.wish_id());
  pb::History history;
  ASSERT_TRUE(Call(&Stub::GetHistory, AdminA(), history_request, &history).ok());
  EXPECT_EQ(history.entries(history.entries_size() - 1).note(), "claim not fulfilled in time");
  // Someone else may claim it now; the first claimer may release nothing any more.
  pb::Wish again;
  EXPECT_TRUE(Claim(wish.wish_id(), NewVolunteer(), &again).ok());
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
  EXPECT_EQ(Relay(down), 0);
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
  int events = std::stoi(database_->Scalar("SELECT count(*) FROM outbox_events"));
  ASSERT_TRUE(Confirm(wish.wish_id(), true, GridWorker(), &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_CONFIRMED);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox_events"), std::to_string(events));
}

TEST_F(WishesTest, SendingBackRenewsTheLimitAndReleaseForgetsTheDelivery) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish claimed, out;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &claimed).ok());
  clock_->Advance(std::chrono::hours(24 * 6));
  ASSERT_TRUE(Fulfil(wish.wish_id(), v, 1, &out).ok());
  clock_->Advance(std::chrono::hours(24 * 2));
  pb::Wish sent_back;
  ASSERT_TRUE(Confirm(wish.wish_id(), false, AdminA(), &sent_back, "还差一本字典").ok());
  EXPECT_GT(sent_back.claim_deadline().seconds(), claimed.claim_deadline().seconds());
  pb::ReleaseExpiredClaimsRequest release;
  release.set_request_id(NextId());
  pb::ReleaseExpiredClaimsResponse released;
  ASSERT_TRUE(Call(&Stub::ReleaseExpiredClaims, SystemToken(), release, &released).ok());
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  ASSERT_TRUE(Call(&Stub::GetWish, Self(v), get, &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_CLAIMED);  // the renewed limit still runs
  pb::ReleaseClaimRequest give_up;
  give_up.set_request_id(NextId());
  give_up.set_wish_id(wish.wish_id());
  ASSERT_TRUE(Call(&Stub::ReleaseClaim, Self(v), give_up, &out).ok());
  ASSERT_TRUE(Call(&Stub::GetWish, Self("stranger"), get, &out).ok());
  EXPECT_EQ(out.state(), pb::WISH_STATE_APPROVED);
  EXPECT_EQ(out.fulfil_note(), "");
  EXPECT_EQ(out.reason(), "");
  EXPECT_EQ(out.submitted_by(), "");
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

TEST_F(WishesTest, ClaimFailsUnavailableWhenTheVolunteerServiceIsDown) {
  clients::GrpcVolunteerDirectory unreachable(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), SystemToken);
  testing::TestServer server(*clock_);
  WishesGrpc service(*domain_, unreachable, *db_, server.runner(), *cipher_);
  server.Start(&service);
  auto stub = pb::WishesService::NewStub(server.channel());
  pb::Wish wish = Published();
  pb::ClaimWishRequest request;
  request.set_request_id(NextId());
  request.set_wish_id(wish.wish_id());
  request.set_volunteer_id("someone");
  pb::Wish out;
  EXPECT_EQ(testing::CallWith(stub.get(), &Stub::ClaimWish, Self("someone"), request, &out,
                              std::chrono::seconds(3))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(database_->Scalar("SELECT state FROM wishes WHERE wish_id = '" + wish.wish_id() + "'"),
            "2");
}

}  // namespace
}  // namespace tongxin::wishes
