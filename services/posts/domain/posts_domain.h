// The posts service's domain logic: who may publish, adopt, log and review, in which order the
// checks run, and when an approval tells other services (PostEvents). The rules themselves live
// next to the model (post.h, adoption.h, service_log.h). It calls the repositories inside the
// transaction it is given and knows neither SQL nor gRPC.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/posts/domain/model.h"
#include "services/posts/domain/post_events.h"
#include "services/posts/repository/adoption_repository.h"
#include "services/posts/repository/post_repository.h"
#include "services/posts/repository/unit_repository.h"

namespace tongxin::posts {

struct PostsOptions {
  int max_active_adoptions = 3;
};

struct LogInput {
  std::string adoption_id;
  std::string service_date;
  double hours = 0;
  std::string summary;
  std::vector<std::string> photos_before;
  std::vector<std::string> photos_after;
};

class PostsDomain {
 public:
  PostsDomain(PostRepository& posts, UnitRepository& units, AdoptionRepository& adoptions,
              PostEvents& events, const Clock& clock, PostsOptions options = {});

  absl::StatusOr<std::vector<PostType>> ListPostTypes(Tx& tx, const Principal& caller);
  absl::StatusOr<PostType> CreatePostType(Tx& tx, const Principal& caller, const PostType& type);

  absl::StatusOr<Post> CreatePost(Tx& tx, const Principal& caller, const Post& post);
  absl::StatusOr<Post> GetPost(Tx& tx, const Principal& caller, const std::string& post_id);
  absl::StatusOr<Page<Post>> ListPosts(Tx& tx, const Principal& caller, const PostFilter& filter,
                                       const PageRequest& page);
  absl::StatusOr<Post> SetPostOpen(Tx& tx, const Principal& caller, const std::string& post_id,
                                   bool open);

  absl::StatusOr<Unit> CreateUnit(Tx& tx, const Principal& caller, const Unit& unit);
  absl::StatusOr<Page<Unit>> ListUnits(Tx& tx, const Principal& caller,
                                       const std::string& community_id, const PageRequest& page);

  // Checks that need no database (who may ask for this adoption), before the volunteer lookup.
  absl::Status CheckAdoptCaller(const Principal& caller, AdopterKind kind,
                                const std::string& adopter_id);
  // `volunteer` is the volunteer service's answer for a volunteer adopter (nullopt for a unit).
  absl::StatusOr<Adoption> AdoptPost(Tx& tx, const Principal& caller, const std::string& post_id,
                                     AdopterKind kind, const std::string& adopter_id,
                                     const std::optional<VolunteerInfo>& volunteer);
  absl::StatusOr<Adoption> WithdrawAdoption(Tx& tx, const Principal& caller,
                                            const std::string& adoption_id);
  absl::StatusOr<Page<Adoption>> ListAdoptions(Tx& tx, const Principal& caller,
                                               const std::string& post_id,
                                               const std::string& adopter_id, bool active_only,
                                               const PageRequest& page);

  absl::StatusOr<ServiceLog> LogService(Tx& tx, const Principal& caller, const LogInput& in);
  // A volunteer's approval tells PostEvents in the same transaction: the hours and points leave
  // exactly once (a unit's service is its own record).
  absl::StatusOr<ServiceLog> ApproveLog(Tx& tx, const Principal& caller, const std::string& log_id);
  absl::StatusOr<ServiceLog> RejectLog(Tx& tx, const Principal& caller, const std::string& log_id,
                                       const std::string& reason);
  absl::StatusOr<Page<ServiceLog>> ListLogs(Tx& tx, const Principal& caller,
                                            const std::string& region_id,
                                            const std::string& adopter_id, LogStatus status,
                                            const PageRequest& page);
  absl::StatusOr<Overview> GetOverview(Tx& tx, const Principal& caller,
                                       const std::string& region_id);

 private:
  absl::StatusOr<Post> LoadPost(Tx& tx, const std::string& post_id, bool lock);
  absl::StatusOr<Adoption> LoadAdoption(Tx& tx, const std::string& adoption_id, bool lock);
  // The adopter themself (a volunteer adoption) or an admin in scope of the post's community.
  absl::Status RequireAdopterOrAdmin(const Principal& caller, const Adoption& adoption);
  std::string Today() const;

  PostRepository& posts_;
  UnitRepository& units_;
  AdoptionRepository& adoptions_;
  PostEvents& events_;
  const Clock& clock_;
  PostsOptions options_;
};

}  // namespace tongxin::posts
