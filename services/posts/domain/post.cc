#include "services/posts/domain/post.h"

#include <regex>

#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::posts {

absl::Status CheckTakesAdopter(PostStatus status) {
  for (const PostStatusRule& rule : kPostStatusRules) {
    if (rule.status != status) continue;
    if (rule.takes_adopters) return absl::OkStatus();
    return absl::FailedPreconditionError(rule.refusal);
  }
  return absl::InternalError("a post without a status");
}

absl::Status NoPlaceFor(const Post& post_as_read) {
  return CheckTakesAdopter(post_as_read.open ? PostStatus::kFull : PostStatus::kClosed);
}

absl::Status CheckTimeOfDay(const std::string& field, const std::string& value) {
  static const std::regex kTime(R"(([01][0-9]|2[0-3]):[0-5][0-9])");
  if (!value.empty() && !std::regex_match(value, kTime)) {
    return absl::InvalidArgumentError(field + ": HH:MM");
  }
  return absl::OkStatus();
}

absl::Status CheckNewPost(const Post& in) {
  TX_RETURN_IF_ERROR(CheckRegionId("post.community_id", in.community_id, kCommunityIdLength));
  if (!in.grid_id.empty()) {
    TX_RETURN_IF_ERROR(CheckRegionId("post.grid_id", in.grid_id, kGridIdLength));
    if (in.grid_id.substr(0, kCommunityIdLength) != in.community_id) {
      return absl::InvalidArgumentError("post.grid_id: the grid is not in post.community_id");
    }
  }
  TX_RETURN_IF_ERROR(CheckText("post.title", in.title, 100));
  TX_RETURN_IF_ERROR(CheckText("post.description", in.description, 2000, false));
  TX_RETURN_IF_ERROR(CheckText("post.place", in.place, 200, false));
  TX_RETURN_IF_ERROR(CheckText("post.schedule", in.schedule, 200, false));
  TX_RETURN_IF_ERROR(CheckTimeOfDay("post.start_time", in.start_time));
  TX_RETURN_IF_ERROR(CheckTimeOfDay("post.end_time", in.end_time));
  for (int day : in.weekdays) {
    if (day < 1 || day > 7) return absl::InvalidArgumentError("post.weekdays: 1 (Mon) to 7 (Sun)");
  }
  if (in.capacity < 1 || in.capacity > 1000) {
    return absl::InvalidArgumentError("post.capacity: between 1 and 1000");
  }
  return absl::OkStatus();
}

absl::Status CheckNewPostType(const PostType& type) {
  static const std::regex kCode("[A-Z][A-Z0-9_]{1,39}");
  if (!std::regex_match(type.code, kCode)) {
    return absl::InvalidArgumentError("post_type.code: upper-case letters, digits and _");
  }
  TX_RETURN_IF_ERROR(CheckText("post_type.name", type.name, 30));
  TX_RETURN_IF_ERROR(CheckText("post_type.category", type.category, 20, false));
  for (const auto& skill : type.suggested_skills) {
    TX_RETURN_IF_ERROR(CheckText("post_type.suggested_skills", skill, 30));
  }
  return absl::OkStatus();
}

}  // namespace tongxin::posts
