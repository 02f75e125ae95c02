// An activity's life and rules, next to its model: DRAFT → PUBLISHED → (RUNNING → ENDED, by the
// clock) → RECORDS_CONFIRMED, and CANCELLED from anything before that; what a valid activity is;
// who may sign up; the check-in window and the geofence. Pure: no SQL, no gRPC. The repository's
// conditional UPDATEs (`WHERE status = …`) enforce the same transitions in the database.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "services/activities/domain/model.h"
#include "services/common/transitions.h"

namespace tongxin::activities {

// Read with CanMove / CheckTransition / RefusalOf (transitions.h), on EffectiveState.
inline constexpr Transition<ActivityState> kActivityTransitions[] = {
    {ActivityState::kDraft, ActivityState::kPublished, "activity_id: only a draft is published"},
    {ActivityState::kDraft, ActivityState::kCancelled,
     "activity_id: already cancelled or its records confirmed"},
    {ActivityState::kPublished, ActivityState::kCancelled, ""},
    {ActivityState::kRunning, ActivityState::kCancelled, ""},
    {ActivityState::kEnded, ActivityState::kCancelled, ""},
    {ActivityState::kEnded, ActivityState::kRecordsConfirmed,
     "activity_id: the roster is confirmed once, after the activity has ended"},
};

// Check-in and check-out are open from 30 minutes before the start to 30 minutes after the end.
inline constexpr std::chrono::minutes kCheckinOpensBefore{30};
inline constexpr std::chrono::minutes kCheckinClosesAfter{30};
// A place with coordinates and no radius fences 200 m around them.
inline constexpr int kDefaultRadiusMeters = 200;

// The stored state as the clock sees it: a published activity is RUNNING from its start and
// ENDED from its end.
ActivityState EffectiveState(const Activity& activity, Time now);

// A new or edited activity's fields (`field` prefixes the names, e.g. "activity.").
absl::Status CheckActivityFields(const Activity& activity);

// Sign-up is open while published, before the start and the sign-up deadline.
absl::Status CheckSignUpOpen(const Activity& activity, Time now);
// The requirements a volunteer must meet (active; party member; old enough in the activity's
// year, from the birth year of the ID number).
absl::Status CheckMeetsRequirements(const Activity& activity, const VolunteerInfo& volunteer);

// [start − 30 min, end + 30 min] while published (not cancelled, roster not confirmed).
absl::Status CheckInWindowOpen(const Activity& activity, Time now);
Time CheckinWindowStart(const Activity& activity);
Time CheckinWindowEnd(const Activity& activity);

struct Position {
  double latitude = 0;
  double longitude = 0;
};
// Great-circle distance (haversine, mean Earth radius 6371 km).
double DistanceMeters(double lat1, double lon1, double lat2, double lon2);
// Within the place's fence when it has coordinates (`position` required then).
absl::Status CheckInsideFence(const Place& place, const std::optional<Position>& position);

}  // namespace tongxin::activities
