#include "services/activities/domain/activities_domain.h"

#include <algorithm>

#include "services/activities/domain/checkin_code.h"
#include "services/activities/domain/hours.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::activities {

ActivitiesDomain::ActivitiesDomain(ActivityRepository& activities,
                                   ParticipationRepository& participations, ActivityEvents& events,
                                   const Clock& clock, ActivitiesOptions options)
    : activities_(activities),
      participations_(participations),
      events_(events),
      clock_(clock),
      options_(std::move(options)) {}

absl::StatusOr<Activity> ActivitiesDomain::LoadActivity(Tx& tx, const std::string& activity_id,
                                                        bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("activity_id", activity_id));
  TX_ASSIGN_OR_RETURN(auto activity, activities_.Find(tx, activity_id, lock));
  if (!activity) return absl::NotFoundError("activity_id: no such activity");
  return *activity;
}

absl::StatusOr<Activity> ActivitiesDomain::LoadVisibleActivity(Tx& tx, const Principal& caller,
                                                               const std::string& activity_id) {
  TX_ASSIGN_OR_RETURN(Activity activity, LoadActivity(tx, activity_id, false));
  if (activity.stored_state == ActivityState::kDraft &&
      !RequireAdminInScope(caller, activity.organiser_region_id).ok()) {
    return absl::NotFoundError("activity_id: no such activity");
  }
  return activity;
}

Activity ActivitiesDomain::Present(Activity activity) const {
  activity.state = EffectiveState(activity, clock_.Now());
  return activity;
}

// ---- activities ----

absl::StatusOr<Activity> ActivitiesDomain::CreateActivity(Tx& tx, const Principal& caller,
                                                          const Activity& in) {
  TX_RETURN_IF_ERROR(CheckActivityFields(in));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.organiser_region_id));
  Activity activity = in;
  activity.created_by = caller.subject;
  TX_ASSIGN_OR_RETURN(Activity created, activities_.Insert(tx, activity, clock_.Now()));
  return Present(created);
}

absl::StatusOr<Activity> ActivitiesDomain::UpdateActivity(Tx& tx, const Principal& caller,
                                                          const Activity& in) {
  TX_ASSIGN_OR_RETURN(Activity existing, LoadActivity(tx, in.activity_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, existing.organiser_region_id));
  TX_RETURN_IF_ERROR(CheckActivityFields(in));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.organiser_region_id));
  if (existing.stored_state != ActivityState::kDraft) {
    return absl::FailedPreconditionError(
        "activity_id: only a draft is edited (its volunteers signed up for what a published "
        "activity said: cancel it and publish another)");
  }
  TX_ASSIGN_OR_RETURN(auto updated, activities_.UpdateDraft(tx, in));
  if (!updated) return absl::FailedPreconditionError("activity_id: no longer a draft");
  return Present(*updated);
}

absl::StatusOr<Activity> ActivitiesDomain::PublishActivity(Tx& tx, const Principal& caller,
                                                           const std::string& activity_id) {
  TX_ASSIGN_OR_RETURN(Activity activity, LoadActivity(tx, activity_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckTransition(kActivityTransitions, EffectiveState(activity, now),
                                     ActivityState::kPublished));
  if (activity.start <= now) {
    return absl::FailedPreconditionError("activity.start_time: already passed; edit the draft");
  }
  TX_ASSIGN_OR_RETURN(auto moved, activities_.Move(tx, activity_id, ActivityState::kDraft,
                                                   ActivityState::kPublished, "", now));
  if (!moved) return RefusalOf(kActivityTransitions, ActivityState::kPublished);
  return Present(*moved);
}

absl::StatusOr<Activity> ActivitiesDomain::CancelActivity(Tx& tx, const Principal& caller,
                                                          const std::string& activity_id,
                                                          const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 500));
  TX_ASSIGN_OR_RETURN(Activity activity, LoadActivity(tx, activity_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckTransition(kActivityTransitions, EffectiveState(activity, now),
                                     ActivityState::kCancelled));
  TX_ASSIGN_OR_RETURN(auto moved, activities_.Move(tx, activity_id, activity.stored_state,
                                                   ActivityState::kCancelled, reason, now));
  if (!moved) return RefusalOf(kActivityTransitions, ActivityState::kCancelled);
  return Present(*moved);
}

absl::StatusOr<Activity> ActivitiesDomain::GetActivity(Tx& tx, const Principal& caller,
                                                       const std::string& activity_id) {
  TX_ASSIGN_OR_RETURN(Activity activity, LoadVisibleActivity(tx, caller, activity_id));
  if (caller.role == Role::kVolunteer) {
    TX_ASSIGN_OR_RETURN(auto mine, participations_.MineIn(tx, caller.subject, {activity_id}));
    if (!mine.empty()) {
      TX_ASSIGN_OR_RETURN(activity.mine, Present(tx, mine.front(), false));
    }
  }
  return Present(activity);
}

absl::StatusOr<Page<Activity>> ActivitiesDomain::ListActivities(Tx& tx, const Principal& caller,
                                                                ActivityFilter filter,
                                                                const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", filter.region_id));
  if (filter.include_all || filter.state == ActivityState::kDraft ||
      filter.state == ActivityState::kCancelled) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, filter.region_id));
  }
  filter.now = clock_.Now();
  TX_ASSIGN_OR_RETURN(Page<Activity> listed, activities_.List(tx, filter, page));
  // A community admin's list also holds the street's activities: not the street's drafts.
  std::erase_if(listed.items, [&](const Activity& a) {
    return a.stored_state == ActivityState::kDraft &&
           !RequireAdminInScope(caller, a.organiser_region_id).ok();
  });
  std::vector<std::string> ids;
  for (auto& activity : listed.items) {
    activity = Present(activity);
    ids.push_back(activity.activity_id);
  }
  if (caller.role == Role::kVolunteer && !ids.empty()) {
    TX_ASSIGN_OR_RETURN(auto mine, participations_.MineIn(tx, caller.subject, ids));
    for (auto& activity : listed.items) {
      for (const auto& participation : mine) {
        if (participation.activity_id != activity.activity_id) continue;
        TX_ASSIGN_OR_RETURN(activity.mine, Present(tx, participation, false));
      }
    }
  }
  return listed;
}

// ---- check-in codes and the roster ----

absl::StatusOr<CheckinCode> ActivitiesDomain::GetCheckinCode(Tx& tx, const Principal& caller,
                                                             const std::string& activity_id) {
  TX_ASSIGN_OR_RETURN(Activity activity, LoadActivity(tx, activity_id, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckInWindowOpen(activity, now));
  CheckinCode code = MakeCheckinCode(options_.checkin_key, activity_id, now);
  code.window_start = CheckinWindowStart(activity);
  code.window_end = CheckinWindowEnd(activity);
  return code;
}

absl::StatusOr<Activity> ActivitiesDomain::ConfirmRoster(Tx& tx, const Principal& caller,
                                                         const std::string& activity_id) {
  TX_ASSIGN_OR_RETURN(Activity activity, LoadActivity(tx, activity_id, true));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckTransition(kActivityTransitions, EffectiveState(activity, now),
                                     ActivityState::kRecordsConfirmed));
  TX_ASSIGN_OR_RETURN(std::vector<Participation> holders,
                      participations_.HoldingPlace(tx, activity_id));
  // Volunteers locked in one order, so two rosters sharing volunteers never wait on each other
  // in a circle.
  std::sort(holders.begin(), holders.end(),
            [](const auto& a, const auto& b) { return a.volunteer_id < b.volunteer_id; });
  for (const Participation& holder : holders) {
    if (!holder.check_in) {
      HoursResult none;
      none.explanation = "未签到：记为缺席";
      TX_RETURN_IF_ERROR(participations_.Settle(tx, holder, ParticipationState::kNoShow, none));
      continue;
    }
    TX_RETURN_IF_ERROR(participations_.LockVolunteer(tx, holder.volunteer_id));
    TX_ASSIGN_OR_RETURN(HoursResult hours, Hours(tx, holder, true));
    TX_RETURN_IF_ERROR(participations_.Settle(tx, holder, ParticipationState::kAttended, hours));
    if (hours.hours > 0) {
      events_.AttendanceConfirmed(
          tx, ConfirmedAttendance{holder, activity, hours.hours, ServiceDate(hours, activity.start),
                                  hours.explanation});
    }
  }
  TX_ASSIGN_OR_RETURN(auto moved, activities_.Move(tx, activity_id, ActivityState::kPublished,
                                                   ActivityState::kRecordsConfirmed, "", now));
  if (!moved) return RefusalOf(kActivityTransitions, ActivityState::kRecordsConfirmed);
  return Present(*moved);
}

absl::StatusOr<VolunteerCredit> ActivitiesDomain::GetVolunteerCredit(
    Tx& tx, const Principal& caller, const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckText("volunteer_id", volunteer_id, 128));
  if (caller.role == Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, volunteer_id, ""));
  } else {
    TX_ASSIGN_OR_RETURN(std::string home, participations_.HomeCommunity(tx, volunteer_id));
    // Nobody's record yet: nothing to tell, and nothing that tells whether they exist.
    if (home.empty() && caller.IsAdmin()) return VolunteerCredit{volunteer_id};
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, home));
  }
  return participations_.Credit(tx, volunteer_id);
}

}  // namespace tongxin::activities
