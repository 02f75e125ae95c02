// The activities service's domain logic: who may organise, sign up, check in, correct and
// confirm, in which order the checks run, and when a confirmed roster tells other services
// (ActivityEvents). The rules themselves live next to the model (activity.h, participation.h,
// hours.h, checkin_code.h). It calls the repositories inside the transaction it is given and
// knows neither SQL nor gRPC. activities_domain.cc holds the activities, attendance.cc the
// participations.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/activities/domain/activity.h"
#include "services/activities/domain/activity_events.h"
#include "services/activities/domain/model.h"
#include "services/activities/repository/activity_repository.h"
#include "services/activities/repository/participation_repository.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"

namespace tongxin::activities {

struct ActivitiesOptions {
  // At most this many hours per volunteer and China calendar day, over all their activities.
  double daily_cap_hours = 8;
  // The HMAC key of the check-in codes (checkin_key_file).
  std::string checkin_key;
};

class ActivitiesDomain {
 public:
  ActivitiesDomain(ActivityRepository& activities, ParticipationRepository& participations,
                   ActivityEvents& events, const Clock& clock, ActivitiesOptions options);

  absl::StatusOr<Activity> CreateActivity(Tx& tx, const Principal& caller, const Activity& in);
  absl::StatusOr<Activity> UpdateActivity(Tx& tx, const Principal& caller, const Activity& in);
  absl::StatusOr<Activity> PublishActivity(Tx& tx, const Principal& caller,
                                           const std::string& activity_id);
  absl::StatusOr<Activity> CancelActivity(Tx& tx, const Principal& caller,
                                          const std::string& activity_id,
                                          const std::string& reason);
  absl::StatusOr<Activity> GetActivity(Tx& tx, const Principal& caller,
                                       const std::string& activity_id);
  absl::StatusOr<Page<Activity>> ListActivities(Tx& tx, const Principal& caller,
                                                ActivityFilter filter, const PageRequest& page);

  // Checks that need no database (who may sign whom up), before the volunteer lookup.
  absl::Status CheckSignUpCaller(const Principal& caller, const std::string& volunteer_id);
  // `volunteer` is the volunteer service's answer.
  absl::StatusOr<Participation> SignUp(Tx& tx, const Principal& caller,
                                       const std::string& activity_id,
                                       const VolunteerInfo& volunteer);
  absl::StatusOr<Participation> CancelSignUp(Tx& tx, const Principal& caller,
                                             const std::string& participation_id);
  absl::StatusOr<Participation> ApproveSignUp(Tx& tx, const Principal& caller,
                                              const std::string& participation_id);
  absl::StatusOr<Participation> RejectSignUp(Tx& tx, const Principal& caller,
                                             const std::string& participation_id,
                                             const std::string& reason);
  absl::StatusOr<Page<Participation>> ListRoster(Tx& tx, const Principal& caller,
                                                 const std::string& activity_id,
                                                 ParticipationState state, const PageRequest& page);
  absl::StatusOr<Page<Participation>> ListParticipations(Tx& tx, const Principal& caller,
                                                         const std::string& volunteer_id,
                                                         const PageRequest& page);

  absl::StatusOr<CheckinCode> GetCheckinCode(Tx& tx, const Principal& caller,
                                             const std::string& activity_id);
  absl::StatusOr<Participation> CheckIn(Tx& tx, const Principal& caller,
                                        const std::string& activity_id, const std::string& code,
                                        const std::optional<Position>& position);
  absl::StatusOr<Participation> CheckOut(Tx& tx, const Principal& caller,
                                         const std::string& activity_id, const std::string& code,
                                         const std::optional<Position>& position);
  absl::StatusOr<Participation> CorrectAttendance(Tx& tx, const Principal& caller,
                                                  const std::string& participation_id,
                                                  std::optional<Time> check_in,
                                                  std::optional<Time> check_out,
                                                  const std::string& reason);
  // The records and points of every attendance leave in this transaction (ActivityEvents).
  absl::StatusOr<Activity> ConfirmRoster(Tx& tx, const Principal& caller,
                                         const std::string& activity_id);
  absl::StatusOr<VolunteerCredit> GetVolunteerCredit(Tx& tx, const Principal& caller,
                                                     const std::string& volunteer_id);

 private:
  absl::StatusOr<Activity> LoadActivity(Tx& tx, const std::string& activity_id, bool lock);
  // Drafts are seen only by admins in scope: NOT_FOUND to others.
  absl::StatusOr<Activity> LoadVisibleActivity(Tx& tx, const Principal& caller,
                                               const std::string& activity_id);
  absl::StatusOr<Participation> LoadParticipation(Tx& tx, const std::string& participation_id,
                                                  bool lock);
  // The participation and its activity, both locked, the activity first.
  absl::StatusOr<Participation> LockForChange(Tx& tx, const std::string& participation_id,
                                              Activity* activity);
  Activity Present(Activity activity) const;
  // The state as the clock sees it, and the hours its times earn: final once the roster is
  // confirmed, else computed now (against the volunteer's other credited days when
  // `with_daily_cap`).
  absl::StatusOr<Participation> Present(Tx& tx, Participation participation, bool with_daily_cap);
  // The first on the waiting list takes a freed place, while the activity has not ended.
  absl::Status PromoteWaiting(Tx& tx, const Activity& activity);
  // The caller's own place in a running activity, for check-in and check-out.
  absl::StatusOr<Participation> PlaceForAttendance(Tx& tx, const Principal& caller,
                                                   const std::string& activity_id,
                                                   const std::string& code,
                                                   const std::optional<Position>& position);
  absl::StatusOr<HoursResult> Hours(Tx& tx, const Participation& participation,
                                    bool with_daily_cap);

  ActivityRepository& activities_;
  ParticipationRepository& participations_;
  ActivityEvents& events_;
  const Clock& clock_;
  ActivitiesOptions options_;
};

}  // namespace tongxin::activities
