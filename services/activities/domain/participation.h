// A participation's life, next to its model: PENDING (approval) or WAITLISTED or CONFIRMED on
// sign-up; WAITLISTED → CONFIRMED in order as places free; CANCELLED, REJECTED; at roster
// confirmation CONFIRMED → ATTENDED or NO_SHOW. Pure: no SQL, no gRPC. The repository's
// conditional UPDATEs (`WHERE state = …`) enforce the same transitions in the database.
#pragma once

#include "services/activities/domain/model.h"
#include "services/common/transitions.h"

namespace tongxin::activities {

inline constexpr Transition<ParticipationState> kParticipationTransitions[] = {
    {ParticipationState::kPending, ParticipationState::kConfirmed,
     "participation_id: not waiting for approval"},
    {ParticipationState::kPending, ParticipationState::kWaitlisted, ""},
    {ParticipationState::kWaitlisted, ParticipationState::kConfirmed, ""},
    {ParticipationState::kPending, ParticipationState::kRejected,
     "participation_id: only a sign-up waiting for approval or a place is rejected"},
    {ParticipationState::kWaitlisted, ParticipationState::kRejected, ""},
    {ParticipationState::kPending, ParticipationState::kCancelled,
     "participation_id: already cancelled, rejected or over"},
    {ParticipationState::kWaitlisted, ParticipationState::kCancelled, ""},
    {ParticipationState::kConfirmed, ParticipationState::kCancelled, ""},
    {ParticipationState::kConfirmed, ParticipationState::kAttended,
     "participation_id: holds no place"},
    {ParticipationState::kConfirmed, ParticipationState::kNoShow, ""},
};

// Still counts as signed up (one such participation per volunteer and activity).
inline bool IsLive(ParticipationState state) {
  return state == ParticipationState::kPending || state == ParticipationState::kConfirmed ||
         state == ParticipationState::kWaitlisted || state == ParticipationState::kAttended ||
         state == ParticipationState::kNoShow;
}

}  // namespace tongxin::activities
