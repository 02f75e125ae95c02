// wishes_grpc_test: submission (checks, sealed personal data, masked names) and the wall.
#include <algorithm>
#include <vector>

#include "tests/wishes/wishes_test.h"

namespace tongxin::wishes {
namespace {

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
  EXPECT_EQ(Database().Scalar("SELECT count(*) FROM idempotency_keys WHERE position('3133393132' "
                              "in encode(response, 'hex')) > 0"),
            "0");
  std::string row = Database().Scalar(
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

}  // namespace
}  // namespace tongxin::wishes
