// wishes_grpc_test: claims over time — the time limit (the RPC and the claim timer, by the
// injected clock), sending back and releasing — the limits on one volunteer's claims (open
// claims, releases a day, also under a race), claims for a volunteer by an admin (only with
// scope over the volunteer's community), and claims refused (never unchecked) while the
// volunteer service is down.
#include <vector>

#include "services/clients/grpc_volunteer_directory.h"
#include "tests/wishes/wishes_test.h"

namespace tongxin::wishes {
namespace {

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

TEST_F(WishesTest, TheClaimTimerPutsExpiredClaimsBackOnTheWall) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish claimed;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &claimed).ok());
  PeriodicJob& timer = stack_->service->claim_timer();
  auto released = timer.RunOnce();
  ASSERT_TRUE(released.ok()) << released.status();
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  pb::Wish seen;
  ASSERT_TRUE(Call(&Stub::GetWish, AdminA(), get, &seen).ok());
  EXPECT_EQ(seen.state(), pb::WISH_STATE_CLAIMED);  // the limit still runs
  clock_->Advance(std::chrono::hours(24 * 7));      // exactly at the deadline: it has passed
  released = timer.RunOnce();
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_GE(*released, 1);
  ASSERT_TRUE(Call(&Stub::GetWish, AdminA(), get, &seen).ok());
  EXPECT_EQ(seen.state(), pb::WISH_STATE_APPROVED);
  EXPECT_EQ(seen.claimer_id(), "");
  pb::GetHistoryRequest history_request;
  history_request.set_wish_id(wish.wish_id());
  pb::History history;
  ASSERT_TRUE(Call(&Stub::GetHistory, AdminA(), history_request, &history).ok());
  const auto& last = history.entries(history.entries_size() - 1);
  EXPECT_EQ(last.note(), "claim not fulfilled in time");
  EXPECT_EQ(last.actor(), "wishes-claim-timer");
  EXPECT_EQ(*timer.RunOnce(), 0);  // nothing left to release
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

TEST_F(WishesTest, ClaimFailsUnavailableWhenTheVolunteerServiceIsDown) {
  clients::GrpcVolunteerDirectory unreachable(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), SystemToken);
  testing::TestServer server(*clock_);
  auto service =
      WishesService::Create(WishesDb(), *clock_, {server.runner(), stack_->cipher, unreachable});
  server.Start(service->service());
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
  EXPECT_EQ(Database().Scalar("SELECT state FROM wishes WHERE wish_id = '" + wish.wish_id() + "'"),
            "2");
}

// A retry of a claim answered already gets its first answer even when the look-up made before the
// transaction cannot be made now (it once answered UNAVAILABLE, "nothing was changed").
TEST_F(WishesTest, ARetryOfAnAnsweredClaimGetsItsAnswerWhenTheVolunteerServiceIsDown) {
  const std::string volunteer = NewVolunteer();
  pb::Wish wish = Published();
  pb::ClaimWishRequest request;
  request.set_request_id(NextId());
  request.set_wish_id(wish.wish_id());
  request.set_volunteer_id(volunteer);
  pb::Wish first, retried;
  ASSERT_TRUE(Call(&Stub::ClaimWish, Self(volunteer), request, &first).ok());
  clients::GrpcVolunteerDirectory unreachable(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), SystemToken);
  testing::TestServer server(*clock_);
  auto service =
      WishesService::Create(WishesDb(), *clock_, {server.runner(), stack_->cipher, unreachable});
  server.Start(service->service());
  auto stub = pb::WishesService::NewStub(server.channel());
  grpc::Status status = testing::CallWith(stub.get(), &Stub::ClaimWish, Self(volunteer), request,
                                          &retried, std::chrono::seconds(3));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.SerializeAsString(), first.SerializeAsString());
  // A new request is still refused, retryably, and changes nothing.
  request.set_request_id(NextId());
  EXPECT_EQ(testing::CallWith(stub.get(), &Stub::ClaimWish, Self(volunteer), request, &retried,
                              std::chrono::seconds(3))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(WishesTest, AVolunteerHoldsAtMostThreeOpenClaims) {
  std::string v = NewVolunteer();
  std::vector<pb::Wish> held;
  pb::Wish out;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Claim(Published().wish_id(), v, &out).ok());
    held.push_back(out);
  }
  ASSERT_TRUE(Fulfil(held[0].wish_id(), v, 1, &out).ok());  // fulfilled: still open
  pb::Wish fourth = Published();
  grpc::Status over = Claim(fourth.wish_id(), v, &out);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(over.error_message().rfind("volunteer_id", 0), 0u) << over.error_message();
  EXPECT_NE(over.error_message().find("at most 3 open claims"), std::string::npos);
  EXPECT_EQ(State(fourth.wish_id()), "2");
  // An admin claiming for the volunteer meets the same limit.
  EXPECT_EQ(ClaimFor(fourth.wish_id(), v, AdminA(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Confirmed, the claim is closed: a place frees.
  ASSERT_TRUE(Confirm(held[0].wish_id(), true, AdminA(), &out).ok());
  EXPECT_TRUE(Claim(fourth.wish_id(), v, &out).ok());
}

TEST_F(WishesTest, OneVolunteerRacingForTenWishesHoldsThree) {
  constexpr int kWishes = 10;
  std::string v = NewVolunteer();
  std::vector<pb::Wish> wishes;
  for (int i = 0; i < kWishes; ++i) wishes.push_back(Published());
  RaceResult race = Race(kWishes, [&](int i) {
    pb::Wish out;
    return Claim(wishes[i].wish_id(), v, &out);
  });
  EXPECT_EQ(race.ok, 3);
  EXPECT_EQ(race.refused, kWishes - 3);
  EXPECT_EQ(race.other, 0);
  EXPECT_EQ(Database().Scalar("SELECT count(*) FROM wishes WHERE claimer_id = '" + v +
                              "' AND state IN (4, 5)"),
            "3");
}

TEST_F(WishesTest, ClaimingAndReleasingIsLimitedToThreeReleasesADay) {
  std::string v = NewVolunteer();
  pb::Wish out;
  for (int i = 0; i < 3; ++i) {
    pb::Wish wish = Published();
    ASSERT_TRUE(Claim(wish.wish_id(), v, &out).ok());
    ASSERT_TRUE(Release(wish.wish_id(), v, &out).ok());
    clock_->Advance(std::chrono::hours(1));
  }
  pb::Wish next = Published();
  grpc::Status refused = Claim(next.wish_id(), v, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message().rfind("volunteer_id", 0), 0u) << refused.error_message();
  EXPECT_EQ(State(next.wish_id()), "2");
  // Another volunteer is not held back; a release by an admin does not count against anyone.
  std::string other = NewVolunteer();
  ASSERT_TRUE(Claim(next.wish_id(), other, &out).ok());
  pb::ReleaseClaimRequest by_admin;
  by_admin.set_request_id(NextId());
  by_admin.set_wish_id(next.wish_id());
  ASSERT_TRUE(Call(&Stub::ReleaseClaim, AdminA(), by_admin, &out).ok());
  // A day after the first release, one more claim may be made.
  clock_->Advance(std::chrono::hours(20));
  EXPECT_EQ(Claim(next.wish_id(), v, &out).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  clock_->Advance(std::chrono::hours(1));
  EXPECT_TRUE(Claim(next.wish_id(), v, &out).ok());
}

TEST_F(WishesTest, AClaimPastItsTimeLimitIsNotFulfilled) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();
  pb::Wish out;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &out).ok());
  clock_->Advance(std::chrono::hours(24 * 7));  // at the deadline: lapsed, the timer not yet run
  grpc::Status late = Fulfil(wish.wish_id(), v, 1, &out);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("lapsed"), std::string::npos) << late.error_message();
  EXPECT_EQ(State(wish.wish_id()), "4");
  // Nor does the lapsed claimer still read the wisher's contact.
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  ASSERT_TRUE(Call(&Stub::GetWish, Self(v), get, &out).ok());
  EXPECT_EQ(out.wisher_contact(), "");
}

TEST_F(WishesTest, AnAdminClaimsForAVolunteerOnlyWithScopeOverTheirCommunity) {
  std::string from_b = NewVolunteerOfB("外社区党员");
  pb::Wish wish = Published();  // in community A
  pb::Wish out;
  grpc::Status out_of_scope = ClaimFor(wish.wish_id(), from_b, AdminA(), &out);
  EXPECT_EQ(out_of_scope.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  for (const char* leak : {"外社区", "党员", "party", kCommunityB}) {
    EXPECT_EQ(out_of_scope.error_message().find(leak), std::string::npos)
        << out_of_scope.error_message();
  }
  // A volunteer who does not exist gets the same answer: nothing tells them apart.
  grpc::Status unknown = ClaimFor(wish.wish_id(), "no-such-volunteer", AdminA(), &out);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(unknown.error_message(), out_of_scope.error_message());
  EXPECT_EQ(State(wish.wish_id()), "2");
  // The admin of the volunteer's community cannot claim a wish out of their own scope either.
  EXPECT_EQ(ClaimFor(wish.wish_id(), from_b, AdminB(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // In scope of both: the street admin; in community A, A's admin for A's volunteer.
  ASSERT_TRUE(ClaimFor(wish.wish_id(), from_b, StreetAdmin(), &out).ok());
  EXPECT_EQ(out.claimer_id(), from_b);
  EXPECT_TRUE(ClaimFor(Published().wish_id(), NewVolunteer(), AdminA(), &out).ok());
  // A volunteer still claims anywhere for themself.
  EXPECT_TRUE(Claim(Published().wish_id(), from_b, &out).ok());
}

}  // namespace
}  // namespace tongxin::wishes
