#include "services/posts/posts_service.h"

namespace tongxin::posts {

std::unique_ptr<PostsService> PostsService::Create(Db& db, const Clock& clock,
                                                   const PostsDeps& deps, PostsOptions options) {
  return std::unique_ptr<PostsService>(new PostsService(db, clock, deps, options));
}

PostsService::PostsService(Db& db, const Clock& clock, const PostsDeps& deps, PostsOptions options)
    : posts_(db),
      units_(db),
      adoptions_(db),
      events_(db),
      domain_(posts_, units_, adoptions_, events_, clock, options),
      grpc_(domain_, deps.volunteers, db, deps.runner),
      outbox_admin_(db, deps.runner) {}

}  // namespace tongxin::posts
