// wishes_grpc_test: what each caller sees of the wisher — answers to changes carry no name,
// contact or submitter's account for those not entitled to them; every showing of a name and
// contact is logged, and admins in scope list the log.
#include <vector>

#include "tests/wishes/wishes_test.h"

namespace tongxin::wishes {
namespace {

TEST_F(WishesTest, AnswersToClaimReleaseAndFulfilShowNoMoreThanGetWish) {
  std::string v = NewVolunteer();
  pb::Wish wish = Published();  // submitted by the grid worker
  pb::Wish claimed, fulfilled, sent_back, released;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &claimed).ok());
  ASSERT_TRUE(Fulfil(wish.wish_id(), v, 1, &fulfilled).ok());
  ASSERT_TRUE(Confirm(wish.wish_id(), false, AdminA(), &sent_back, "照片看不清").ok());
  ASSERT_TRUE(Release(wish.wish_id(), v, &released).ok());
  for (const pb::Wish* answer : {&claimed, &fulfilled, &released}) {
    EXPECT_EQ(answer->submitted_by(), "");  // the submitter's account is not the claimer's
    EXPECT_EQ(answer->wisher_name(), "");   // answers to changes are stored: no personal data
    EXPECT_EQ(answer->wisher_contact(), "");
  }
  // The admin in scope still sees who submitted it.
  EXPECT_EQ(sent_back.submitted_by(), "grid-worker-1");
  EXPECT_EQ(sent_back.wisher_contact(), "");
  // Claimed again: presented the same.
  pb::Wish again;
  ASSERT_TRUE(Claim(wish.wish_id(), v, &again).ok());
  EXPECT_EQ(again.submitted_by(), "");
}

TEST_F(WishesTest, EveryShowingOfAWishersContactIsLoggedAndListedInScope) {
  std::string resident = NewVolunteer();
  pb::Wish wish = Submit(Self(resident));  // the resident's own wish, in grid A1
  pb::ReviewWishRequest review;
  review.set_request_id(NextId());
  review.set_wish_id(wish.wish_id());
  review.set_approve(true);
  pb::Wish out;
  ASSERT_TRUE(Call(&Stub::ReviewWish, AdminA(), review, &out).ok());
  pb::GetWishRequest get;
  get.set_wish_id(wish.wish_id());
  ASSERT_TRUE(Call(&Stub::GetWish, Self("stranger"), get, &out).ok());  // on the wall: masked
  EXPECT_EQ(out.wisher_contact(), "");
  std::string v = NewVolunteer();
  ASSERT_TRUE(Claim(wish.wish_id(), v, &out).ok());
  ASSERT_TRUE(Call(&Stub::GetWish, Self(v), get, &out).ok());
  EXPECT_EQ(out.wisher_contact(), "13912345678");
  clock_->Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Call(&Stub::GetWish, Self(resident), get, &out).ok());
  EXPECT_EQ(out.wisher_name(), "李秀英");
  clock_->Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Call(&Stub::GetWish, GridWorker(), get, &out).ok());
  EXPECT_EQ(out.wisher_contact(), "13912345678");
  // Lists show no name or contact, so they log nothing.
  pb::ListWishesRequest mine;
  mine.set_claimer_id(v);
  pb::ListWishesResponse listed;
  ASSERT_TRUE(Call(&Stub::ListWishes, Self(v), mine, &listed).ok());
  ASSERT_EQ(listed.wishes_size(), 1);
  EXPECT_EQ(listed.wishes(0).wisher_contact(), "");

  pb::ListAccessLogRequest request;
  request.set_region_id(kCommunityA);
  request.set_wish_id(wish.wish_id());
  pb::ListAccessLogResponse log;
  ASSERT_TRUE(Call(&Stub::ListAccessLog, AdminA(), request, &log).ok());
  ASSERT_EQ(log.entries_size(), 3);  // newest first
  EXPECT_EQ(log.entries(0).reader_id(), "grid-worker-1");
  EXPECT_EQ(log.entries(0).reason(), pb::ACCESS_REASON_ADMIN);
  EXPECT_EQ(log.entries(1).reader_id(), resident);
  EXPECT_EQ(log.entries(1).reason(), pb::ACCESS_REASON_SUBMITTER);
  EXPECT_EQ(log.entries(2).reader_id(), v);
  EXPECT_EQ(log.entries(2).reason(), pb::ACCESS_REASON_CLAIMER);
  EXPECT_EQ(log.entries(2).wish_id(), wish.wish_id());
  EXPECT_EQ(log.entries(2).community_id(), kCommunityA);
  EXPECT_EQ(log.entries(2).grid_id(), kGridA1);
  EXPECT_EQ(log.entries(2).time().seconds(), std::chrono::system_clock::to_time_t(testing::kStart));
  EXPECT_EQ(log.entries(0).time().seconds() - log.entries(2).time().seconds(), 120);
  // Pages, by the keyset.
  request.set_page_size(2);
  ASSERT_TRUE(Call(&Stub::ListAccessLog, AdminA(), request, &log).ok());
  ASSERT_EQ(log.entries_size(), 2);
  ASSERT_NE(log.next_page_token(), "");
  request.set_page_token(log.next_page_token());
  ASSERT_TRUE(Call(&Stub::ListAccessLog, AdminA(), request, &log).ok());
  ASSERT_EQ(log.entries_size(), 1);
  EXPECT_EQ(log.entries(0).reader_id(), v);
  EXPECT_EQ(log.next_page_token(), "");
  // One reader's reads, for the grid worker (scoped to the grid) and the street admin.
  pb::ListAccessLogRequest by_reader;
  by_reader.set_region_id(kGridA1);
  by_reader.set_reader_id(v);
  ASSERT_TRUE(Call(&Stub::ListAccessLog, GridWorker(), by_reader, &log).ok());
  ASSERT_EQ(log.entries_size(), 1);
  EXPECT_EQ(log.entries(0).wish_id(), wish.wish_id());
  by_reader.set_region_id(kStreet);
  ASSERT_TRUE(Call(&Stub::ListAccessLog, StreetAdmin(), by_reader, &log).ok());
  EXPECT_EQ(log.entries_size(), 1);
  // Out of scope, a volunteer (even the one logged), a bad region or token: refused.
  request.set_page_token("");
  EXPECT_EQ(Call(&Stub::ListAccessLog, AdminB(), request, &log).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ListAccessLog, Self(v), request, &log).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ListAccessLog, GridWorker(), request, &log).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // the community is wider than the grid
  request.set_region_id("1");
  EXPECT_EQ(Call(&Stub::ListAccessLog, AdminA(), request, &log).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_region_id(kCommunityA);
  request.set_page_token("not-a-token");
  EXPECT_EQ(Call(&Stub::ListAccessLog, AdminA(), request, &log).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The log keeps who, whose, when and why — never the name or contact shown.
  std::string rows = Database().Scalar(
      "SELECT coalesce(string_agg(row_to_json(a)::text, ''), '') FROM wisher_access_log a");
  EXPECT_NE(rows, "");
  EXPECT_EQ(rows.find("13912345678"), std::string::npos);
  EXPECT_EQ(rows.find("李秀英"), std::string::npos);
}

}  // namespace
}  // namespace tongxin::wishes
