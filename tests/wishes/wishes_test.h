// The fixture of wishes_grpc_test (one binary, several files, one suite): the wishes service
// built by WishesStack beside the real volunteer and points services, and what its tests do
// through the API — submit, publish, claim, fulfil, confirm. Every test starts at kStart.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "services/wishes/wishes_service.h"
#include "tests/support/region_service_test.h"
#include "tests/support/wishes_stack.h"

namespace tongxin::wishes {

using testing::kCommunityA;
using testing::kCommunityB;
using testing::kGridA1;
using testing::kStart;
using testing::kStreet;

class WishesTest : public testing::RegionServiceTest<pb::WishesService, testing::WishesStack> {
 protected:
  static void SetUpTestSuite() { SetUpServices("wishes", "川汇街道"); }
  static void TearDownTestSuite() { TearDownServices(); }
  void SetUp() override { clock_->Set(kStart); }

  static testing::TestDatabase& Database() { return stack_->database; }
  static Db& WishesDb() { return *stack_->db; }

  static std::string NewVolunteer() {
    return neighbours_->RegisterVolunteer(NextPerson(), "志愿者", "19900101", "1360000",
                                          kCommunityA, true);
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

  // `token` (an admin) claims for `volunteer`.
  static grpc::Status ClaimFor(const std::string& wish_id, const std::string& volunteer,
                               const std::string& token, pb::Wish* wish) {
    pb::ClaimWishRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish_id);
    request.set_volunteer_id(volunteer);
    return Call(&Stub::ClaimWish, token, request, wish);
  }

  static grpc::Status Release(const std::string& wish_id, const std::string& volunteer,
                              pb::Wish* wish) {
    pb::ReleaseClaimRequest request;
    request.set_request_id(NextId());
    request.set_wish_id(wish_id);
    return Call(&Stub::ReleaseClaim, Self(volunteer), request, wish);
  }

  // A volunteer of community B.
  static std::string NewVolunteerOfB(const std::string& name_prefix) {
    return neighbours_->RegisterVolunteer(NextPerson(), name_prefix, "19900101", "1360000",
                                          kCommunityB, true);
  }

  static std::string State(const std::string& wish_id) {
    return Database().Scalar("SELECT state FROM wishes WHERE wish_id = '" + wish_id + "'");
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
};

}  // namespace tongxin::wishes
