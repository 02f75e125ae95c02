#include "services/posts/domain/adoption.h"

#include "absl/strings/str_cat.h"

namespace tongxin::posts {

absl::Status CheckLogsServiceUnder(const Adoption& adoption) {
  if (adoption.status != AdoptionStatus::kActive) {
    return absl::FailedPreconditionError("adoption_id: the post is not adopted (withdrawn)");
  }
  return absl::OkStatus();
}

absl::Status CheckVolunteerMayAdopt(const VolunteerInfo& volunteer, const Post& post) {
  if (!volunteer.active) {
    return absl::FailedPreconditionError("adopter_id: the volunteer is not active");
  }
  bool reported_here =
      volunteer.party_member && volunteer.reported_community_id == post.community_id;
  if (!reported_here && !post.volunteers_allowed) {
    return absl::FailedPreconditionError(
        "adopter_id: only party members who reported to this community may adopt this post");
  }
  return absl::OkStatus();
}

absl::Status CheckAdoptionLimit(int active, int max_active) {
  if (active >= max_active) {
    return absl::FailedPreconditionError(
        absl::StrCat("adopter_id: at most ", max_active, " active adoptions per person"));
  }
  return absl::OkStatus();
}

}  // namespace tongxin::posts
