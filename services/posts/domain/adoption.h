// An adoption's life and rules, next to its model: ACTIVE → WITHDRAWN and nothing else; who may
// adopt; the per-person limit; service is logged only under an active adoption. Pure: no SQL,
// no gRPC. The repository's conditional UPDATE (`WHERE status = ACTIVE`) enforces the same
// transition in the database.
#pragma once

#include "absl/status/status.h"
#include "services/common/transitions.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// Read with CanMove / CheckTransition / RefusalOf (transitions.h).
inline constexpr Transition<AdoptionStatus> kAdoptionTransitions[] = {
    {AdoptionStatus::kActive, AdoptionStatus::kWithdrawn, "adoption_id: already withdrawn"},
};

// Service is logged only under an active adoption.
absl::Status CheckLogsServiceUnder(const Adoption& adoption);

// An active volunteer adopts a post if they are a party member who reported to the post's
// community, or if the post welcomes volunteers.
absl::Status CheckVolunteerMayAdopt(const VolunteerInfo& volunteer, const Post& post);

// A person holds at most `max_active` active adoptions; `active` counts theirs now.
absl::Status CheckAdoptionLimit(int active, int max_active);

}  // namespace tongxin::posts
