// posts_grpc_test: the catalogue of post types and publishing posts in scope.
#include <functional>
#include <vector>

#include "tests/posts/posts_test.h"

namespace tongxin::posts {
namespace {

TEST_F(PostsTest, TheCatalogueShipsWithThirtyTwoTypes) {
  pb::ListPostTypesRequest request;
  pb::ListPostTypesResponse types;
  ASSERT_TRUE(Call(&Stub::ListPostTypes, Self("anyone"), request, &types).ok());
  ASSERT_GE(types.post_types_size(), 32);
  EXPECT_TRUE(std::any_of(
      types.post_types().begin(), types.post_types().end(),
      [](const pb::PostType& t) { return t.code() == "YOUTH_CARE" && t.name() == "少年关爱"; }));
  pb::CreatePostTypeRequest create;
  create.set_request_id(NextId());
  create.mutable_post_type()->set_code("FLOOD_WATCH");
  create.mutable_post_type()->set_name("汛期巡堤");
  pb::PostType type;
  EXPECT_EQ(Call(&Stub::CreatePostType, AdminA(), create, &type).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreatePostType, StreetAdmin(), create, &type).ok());
  EXPECT_FALSE(type.builtin());
  create.set_request_id(NextId());
  create.mutable_post_type()->set_code("bad code");
  EXPECT_EQ(Call(&Stub::CreatePostType, StreetAdmin(), create, &type).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PostsTest, CommunitiesPublishPostsInTheirScope) {
  pb::CreatePostRequest request;
  request.set_request_id(NextId());
  request.mutable_post()->set_community_id(kCommunityA);
  request.mutable_post()->set_type_code("FREE_CLINIC");
  request.mutable_post()->set_title("每月义诊");
  request.mutable_post()->set_capacity(4);
  pb::Post post;
  EXPECT_EQ(Call(&Stub::CreatePost, AdminB(), request, &post).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreatePost, Self("v"), request, &post).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreatePost, AdminA(), request, &post).ok());
  EXPECT_EQ(post.type_name(), "义诊");
  EXPECT_EQ(post.status(), pb::POST_STATUS_OPEN);
  for (auto spoil : std::vector<std::function<void(pb::CreatePostRequest&)>>{
           [](auto& r) { r.mutable_post()->set_capacity(0); },
           [](auto& r) { r.mutable_post()->set_type_code("NO_SUCH_TYPE"); },
           [](auto& r) { r.mutable_post()->set_title(""); },
           [](auto& r) { r.mutable_post()->add_weekdays(8); },
           [](auto& r) { r.mutable_post()->set_start_time("25:00"); },
           [](auto& r) { r.mutable_post()->set_grid_id("411502001002001"); }}) {
    auto bad = request;
    bad.set_request_id(NextId());
    spoil(bad);
    EXPECT_EQ(Call(&Stub::CreatePost, AdminA(), bad, &post).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  pb::ListPostsRequest list;
  list.set_region_id(kCommunityA);
  list.add_skills("medical");
  pb::ListPostsResponse posts;
  ASSERT_TRUE(Call(&Stub::ListPosts, Self("anyone"), list, &posts).ok());
  ASSERT_GE(posts.posts_size(), 1);
  for (const auto& p : posts.posts()) EXPECT_EQ(p.type_code(), "FREE_CLINIC");
}

}  // namespace
}  // namespace tongxin::posts
