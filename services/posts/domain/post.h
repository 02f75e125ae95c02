// A post's rules, next to its model: what a valid post and post type are, and which status
// (OPEN / FULL / CLOSED, derived by Post::status) takes an adopter. Pure: no SQL, no gRPC.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// Per status: does the post take an adopter, and if not, why (the message callers see).
struct PostStatusRule {
  PostStatus status;
  bool takes_adopters;
  const char* refusal;
};
inline constexpr PostStatusRule kPostStatusRules[] = {
    {PostStatus::kOpen, true, ""},
    {PostStatus::kFull, false, "post_id: the post is full"},
    {PostStatus::kClosed, false, "post_id: the post is closed"},
};

// OK when a post in `status` takes an adopter, else FAILED_PRECONDITION with the refusal.
absl::Status CheckTakesAdopter(PostStatus status);

// The refusal when no place could be taken (the conditional update found none): a closed post
// says so; an open one is full — also when it looked free as read, since a concurrent adopter
// took the last place meanwhile.
absl::Status NoPlaceFor(const Post& post_as_read);

// The values of a new post (regions, texts, times, weekdays, capacity); scope and the type's
// existence are the domain's to check.
absl::Status CheckNewPost(const Post& post);

// The values of a new post type (code, name, category, skills).
absl::Status CheckNewPostType(const PostType& type);

// HH:MM, or empty.
absl::Status CheckTimeOfDay(const std::string& field, const std::string& value);

}  // namespace tongxin::posts
