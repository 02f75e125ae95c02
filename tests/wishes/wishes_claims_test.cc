// wishes_grpc_test: claims over time — the time limit (the RPC and the claim timer, by the
// injected clock), sending back and releasing — and claims refused (never unchecked) while the
// volunteer service is down.
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

}  // namespace
}  // namespace tongxin::wishes
