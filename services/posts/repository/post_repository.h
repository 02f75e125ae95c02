// The post aggregate and its catalogue of types, plus the overview read over them.
// The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

class PostRepository {
 public:
  explicit PostRepository(Db& db);

  absl::StatusOr<std::vector<PostType>> ListTypes(Tx& tx);
  absl::StatusOr<std::optional<PostType>> FindType(Tx& tx, const std::string& code);
  absl::StatusOr<PostType> InsertType(Tx& tx, const PostType& type);

  absl::StatusOr<Post> Insert(Tx& tx, const Post& post);
  absl::StatusOr<std::optional<Post>> Find(Tx& tx, const std::string& post_id, bool lock = false);
  absl::StatusOr<Page<Post>> List(Tx& tx, const PostFilter& filter, const PageRequest& page);
  absl::StatusOr<std::optional<Post>> SetOpen(Tx& tx, const std::string& post_id, bool open);
  // Takes one place if the post is open and not full; nullopt otherwise.
  absl::StatusOr<std::optional<Post>> TakePlace(Tx& tx, const std::string& post_id);
  absl::Status FreePlace(Tx& tx, const std::string& post_id);
  absl::StatusOr<Overview> LoadOverview(Tx& tx, const std::string& region_id,
                                        const std::string& month);
};

}  // namespace tongxin::posts
