// ActivitiesDomain's participations: sign-up against the quota, the waiting list, approval,
// cancellation, check-in and check-out with the rotating code, corrections and the hours shown.
#include "services/activities/domain/activities_domain.h"
#include "services/activities/domain/checkin_code.h"
#include "services/activities/domain/hours.h"
#include "services/activities/domain/participation.h"
#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::activities {
namespace {

// The counts a participation in `state` adds to its activity (confirmed, waitlisted, pending).
struct Counts {
  int confirmed = 0;
  int waitlisted = 0;
  int pending = 0;
};
Counts CountsOf(ParticipationState state) {
  switch (state) {
    case ParticipationState::kConfirmed:
      return {1, 0, 0};
    case ParticipationState::kWaitlisted:
      return {0, 1, 0};
    case ParticipationState::kPending:
      return {0, 0, 1};
    default:
      return {};
  }
}

}  // namespace

absl::StatusOr<Participation> ActivitiesDomain::LoadParticipation(
    Tx& tx, const std::string& participation_id, bool lock) {
  TX_RETURN_IF_ERROR(CheckUuid("participation_id", participation_id));
  TX_ASSIGN_OR_RETURN(auto participation, participations_.Find(tx, participation_id, lock));
  if (!participation) return absl::NotFoundError("participation_id: no such participation");
  return *participation;
}

absl::StatusOr<HoursResult> ActivitiesDomain::Hours(Tx& tx, const Participation& p,
                                                    bool with_daily_cap) {
  HoursInput in;
  in.check_in = p.check_in;
  in.check_out = p.check_out;
  in.start = p.activity_start;
  in.end = p.activity_end;
  in.max_hours = p.activity_max_hours;
  in.daily_cap_hours = options_.daily_cap_hours;
  if (with_daily_cap && p.check_in && p.check_out) {
    TX_ASSIGN_OR_RETURN(in.credited_elsewhere, participations_.CreditedDays(
                                                   tx, p.volunteer_id, ChinaDate(p.activity_start),
                                                   ChinaDate(p.activity_end)));
  }
  return ComputeHours(in);
}

absl::StatusOr<Participation> ActivitiesDomain::Present(Tx& tx, Participation p,
                                                        bool with_daily_cap) {
  Activity activity;
  activity.stored_state = p.activity_state;
  activity.start = p.activity_start;
  activity.end = p.activity_end;
  p.activity_state = EffectiveState(activity, clock_.Now());
  if (p.state == ParticipationState::kConfirmed && p.check_in) {
    TX_ASSIGN_OR_RETURN(HoursResult hours, Hours(tx, p, with_daily_cap));
    p.hours = hours.hours;
    p.hours_explanation = hours.explanation + "（预计，组织者确认名单后记入）";
  }
  return p;
}

absl::StatusOr<Participation> ActivitiesDomain::LockForChange(Tx& tx,
                                                              const std::string& participation_id,
                                                              Activity* activity) {
  TX_ASSIGN_OR_RETURN(Participation unlocked, LoadParticipation(tx, participation_id, false));
  // The activity first, as a sign-up and a promotion lock them: no circle of waits.
  TX_ASSIGN_OR_RETURN(*activity, LoadActivity(tx, unlocked.activity_id, true));
  return LoadParticipation(tx, participation_id, true);
}

// ---- sign-up ----

absl::Status ActivitiesDomain::CheckSignUpCaller(const Principal& caller,
                                                 const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckText("volunteer_id", volunteer_id, 128));
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer signs up only themself");
  }
  return absl::OkStatus();
}

absl::StatusOr<Participation> ActivitiesDomain::SignUp(Tx& tx, const Principal& caller,
                                                       const std::string& activity_id,
                                                       const VolunteerInfo& volunteer) {
  TX_RETURN_IF_ERROR(CheckSignUpCaller(caller, volunteer.volunteer_id));
  TX_ASSIGN_OR_RETURN(Activity activity, LoadVisibleActivity(tx, caller, activity_id));
  if (caller.role != Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  }
  // Before anything about the volunteer is told (their party membership, their age).
  TX_RETURN_IF_ERROR(clients::CheckActingFor(caller, volunteer, "volunteer_id"));
  Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckSignUpOpen(activity, now));
  TX_RETURN_IF_ERROR(CheckMeetsRequirements(activity, volunteer));
  TX_ASSIGN_OR_RETURN(auto live, participations_.FindLive(tx, activity_id, volunteer.volunteer_id));
  if (live) return absl::AlreadyExistsError("activity_id: already signed up for this activity");

  Participation p;
  p.activity_id = activity_id;
  p.volunteer_id = volunteer.volunteer_id;
  p.volunteer_name = volunteer.name;
  p.party_member = volunteer.party_member;
  p.home_community_id = volunteer.community_id;
  p.signup_time = now;
  long long wait_seq = 0;
  if (activity.requires_approval) {
    p.state = ParticipationState::kPending;
    TX_RETURN_IF_ERROR(activities_.Count(tx, activity_id, 0, 0, 1));
  } else {
    // The activity row's conditional UPDATE is the quota: concurrent sign-ups queue on it.
    TX_ASSIGN_OR_RETURN(bool placed, activities_.TakePlace(tx, activity_id));
    if (placed) {
      p.state = ParticipationState::kConfirmed;
    } else {
      p.state = ParticipationState::kWaitlisted;
      TX_ASSIGN_OR_RETURN(wait_seq, activities_.NextWaitSeq(tx, activity_id));
    }
  }
  TX_ASSIGN_OR_RETURN(Participation inserted, participations_.Insert(tx, p, wait_seq));
  return Present(tx, inserted, false);
}

absl::Status ActivitiesDomain::PromoteWaiting(Tx& tx, const Activity& activity) {
  if (clock_.Now() >= activity.end) return absl::OkStatus();
  TX_ASSIGN_OR_RETURN(auto first, participations_.FirstWaiting(tx, activity.activity_id));
  if (!first) return absl::OkStatus();
  TX_ASSIGN_OR_RETURN(bool placed, activities_.TakePlace(tx, activity.activity_id));
  if (!placed) return absl::OkStatus();
  ParticipationMove move{ParticipationState::kWaitlisted, ParticipationState::kConfirmed};
  move.at = clock_.Now();
  TX_ASSIGN_OR_RETURN(auto promoted, participations_.Move(tx, *first, move));
  if (!promoted) return absl::AbortedError("the waiting list changed; retry");
  return activities_.Count(tx, activity.activity_id, 0, -1, 0);
}

absl::StatusOr<Participation> ActivitiesDomain::CancelSignUp(Tx& tx, const Principal& caller,
                                                             const std::string& participation_id) {
  Activity activity;
  TX_ASSIGN_OR_RETURN(Participation p, LockForChange(tx, participation_id, &activity));
  bool own = caller.role == Role::kVolunteer;
  if (own && caller.subject != p.volunteer_id) {
    return absl::PermissionDeniedError("a volunteer cancels only their own sign-up");
  }
  if (!own) TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  TX_RETURN_IF_ERROR(
      CheckTransition(kParticipationTransitions, p.state, ParticipationState::kCancelled));
  Time now = clock_.Now();
  ActivityState state = EffectiveState(activity, now);
  if (own && state != ActivityState::kPublished) {
    return absl::FailedPreconditionError(
        "participation_id: the activity has started or is over; a place not used counts as a "
        "no-show");
  }
  if (state == ActivityState::kRecordsConfirmed) {
    return absl::FailedPreconditionError("participation_id: the roster is confirmed");
  }
  ParticipationMove move{p.state, ParticipationState::kCancelled};
  move.at = now;
  // Late: a volunteer giving up a place after the cancellation deadline (counted on their
  // record). Leaving the waiting list or an unapproved sign-up costs nobody a place.
  move.late_cancellation = own && p.state == ParticipationState::kConfirmed &&
                           activity.cancellation_deadline.time_since_epoch().count() > 0 &&
                           now > activity.cancellation_deadline;
  TX_ASSIGN_OR_RETURN(auto cancelled, participations_.Move(tx, participation_id, move));
  if (!cancelled) return RefusalOf(kParticipationTransitions, ParticipationState::kCancelled);
  Counts counts = CountsOf(p.state);
  TX_RETURN_IF_ERROR(
      activities_.Count(tx, p.activity_id, -counts.confirmed, -counts.waitlisted, -counts.pending));
  if (p.state == ParticipationState::kConfirmed) TX_RETURN_IF_ERROR(PromoteWaiting(tx, activity));
  return Present(tx, *cancelled, false);
}

absl::StatusOr<Participation> ActivitiesDomain::ApproveSignUp(Tx& tx, const Principal& caller,
                                                              const std::string& participation_id) {
  Activity activity;
  TX_ASSIGN_OR_RETURN(Participation p, LockForChange(tx, participation_id, &activity));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  if (p.state != ParticipationState::kPending) {
    return RefusalOf(kParticipationTransitions, ParticipationState::kConfirmed);
  }
  ActivityState state = EffectiveState(activity, clock_.Now());
  if (state != ActivityState::kPublished && state != ActivityState::kRunning) {
    return absl::FailedPreconditionError("participation_id: the activity is over or cancelled");
  }
  ParticipationMove move{ParticipationState::kPending, ParticipationState::kConfirmed};
  move.at = clock_.Now();
  TX_ASSIGN_OR_RETURN(bool placed, activities_.TakePlace(tx, p.activity_id));
  if (!placed) {
    move.to = ParticipationState::kWaitlisted;
    TX_ASSIGN_OR_RETURN(move.wait_seq, activities_.NextWaitSeq(tx, p.activity_id));
  }
  TX_ASSIGN_OR_RETURN(auto approved, participations_.Move(tx, participation_id, move));
  if (!approved) return RefusalOf(kParticipationTransitions, ParticipationState::kConfirmed);
  TX_RETURN_IF_ERROR(activities_.Count(tx, p.activity_id, 0, 0, -1));
  return Present(tx, *approved, false);
}

absl::StatusOr<Participation> ActivitiesDomain::RejectSignUp(Tx& tx, const Principal& caller,
                                                             const std::string& participation_id,
                                                             const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 500));
  Activity activity;
  TX_ASSIGN_OR_RETURN(Participation p, LockForChange(tx, participation_id, &activity));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  TX_RETURN_IF_ERROR(
      CheckTransition(kParticipationTransitions, p.state, ParticipationState::kRejected));
  ParticipationMove move{p.state, ParticipationState::kRejected};
  move.review_reason = reason;
  move.at = clock_.Now();
  TX_ASSIGN_OR_RETURN(auto rejected, participations_.Move(tx, participation_id, move));
  if (!rejected) return RefusalOf(kParticipationTransitions, ParticipationState::kRejected);
  Counts counts = CountsOf(p.state);
  TX_RETURN_IF_ERROR(activities_.Count(tx, p.activity_id, 0, -counts.waitlisted, -counts.pending));
  return Present(tx, *rejected, false);
}

absl::StatusOr<Page<Participation>> ActivitiesDomain::ListRoster(Tx& tx, const Principal& caller,
                                                                 const std::string& activity_id,
                                                                 ParticipationState state,
                                                                 const PageRequest& page) {
  TX_ASSIGN_OR_RETURN(Activity activity, LoadActivity(tx, activity_id, false));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  TX_ASSIGN_OR_RETURN(auto roster, participations_.ListOfActivity(tx, activity_id, state, page));
  for (auto& p : roster.items) {
    TX_ASSIGN_OR_RETURN(p.corrections, participations_.Corrections(tx, p.participation_id));
    TX_ASSIGN_OR_RETURN(p, Present(tx, p, false));
  }
  return roster;
}

absl::StatusOr<Page<Participation>> ActivitiesDomain::ListParticipations(
    Tx& tx, const Principal& caller, const std::string& volunteer_id, const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckText("volunteer_id", volunteer_id, 128));
  if (caller.role == Role::kVolunteer) {
    TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, volunteer_id, ""));
  } else {
    TX_ASSIGN_OR_RETURN(std::string home, participations_.HomeCommunity(tx, volunteer_id));
    if (home.empty() && caller.IsAdmin()) return Page<Participation>{};
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, home));
  }
  TX_ASSIGN_OR_RETURN(auto listed, participations_.ListOfVolunteer(tx, volunteer_id, page));
  for (auto& p : listed.items) {
    TX_ASSIGN_OR_RETURN(p, Present(tx, p, false));
  }
  return listed;
}

// ---- check-in and check-out ----

absl::StatusOr<Participation> ActivitiesDomain::PlaceForAttendance(
    Tx& tx, const Principal& caller, const std::string& activity_id, const std::string& code,
    const std::optional<Position>& position) {
  if (caller.role != Role::kVolunteer) {
    return absl::PermissionDeniedError(
        "a volunteer checks in and out themself; an organiser corrects times with "
        "CorrectAttendance");
  }
  TX_ASSIGN_OR_RETURN(Activity activity, LoadVisibleActivity(tx, caller, activity_id));
  Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckInWindowOpen(activity, now));
  TX_RETURN_IF_ERROR(VerifyCheckinCode(options_.checkin_key, activity_id, code, now));
  TX_ASSIGN_OR_RETURN(auto live, participations_.FindLive(tx, activity_id, caller.subject));
  if (!live) {
    return absl::FailedPreconditionError("activity_id: you have not signed up for this activity");
  }
  if (live->state != ParticipationState::kConfirmed) {
    return absl::FailedPreconditionError(
        "activity_id: your sign-up holds no place (waiting for approval or on the waiting list)");
  }
  TX_RETURN_IF_ERROR(CheckInsideFence(activity.place, position));
  return *live;
}

absl::StatusOr<Participation> ActivitiesDomain::CheckIn(Tx& tx, const Principal& caller,
                                                        const std::string& activity_id,
                                                        const std::string& code,
                                                        const std::optional<Position>& position) {
  TX_ASSIGN_OR_RETURN(Participation p, PlaceForAttendance(tx, caller, activity_id, code, position));
  if (p.check_in) return absl::FailedPreconditionError("activity_id: already checked in");
  TX_ASSIGN_OR_RETURN(auto checked, participations_.CheckIn(tx, p.participation_id, clock_.Now()));
  if (!checked) return absl::FailedPreconditionError("activity_id: already checked in");
  return Present(tx, *checked, true);
}

absl::StatusOr<Participation> ActivitiesDomain::CheckOut(Tx& tx, const Principal& caller,
                                                         const std::string& activity_id,
                                                         const std::string& code,
                                                         const std::optional<Position>& position) {
  TX_ASSIGN_OR_RETURN(Participation p, PlaceForAttendance(tx, caller, activity_id, code, position));
  if (!p.check_in) return absl::FailedPreconditionError("activity_id: check in first");
  if (p.check_out) return absl::FailedPreconditionError("activity_id: already checked out");
  TX_ASSIGN_OR_RETURN(auto checked, participations_.CheckOut(tx, p.participation_id, clock_.Now()));
  if (!checked) return absl::FailedPreconditionError("activity_id: already checked out");
  return Present(tx, *checked, true);
}

absl::StatusOr<Participation> ActivitiesDomain::CorrectAttendance(
    Tx& tx, const Principal& caller, const std::string& participation_id,
    std::optional<Time> check_in, std::optional<Time> check_out, const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 500));
  Activity activity;
  TX_ASSIGN_OR_RETURN(Participation p, LockForChange(tx, participation_id, &activity));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, activity.organiser_region_id));
  if (check_out && !check_in) {
    return absl::InvalidArgumentError("check_out_time: needs a check_in_time");
  }
  for (const auto& [field, t] :
       {std::pair{"check_in_time", check_in}, std::pair{"check_out_time", check_out}}) {
    if (t && (*t < CheckinWindowStart(activity) || *t > CheckinWindowEnd(activity))) {
      return absl::InvalidArgumentError(std::string(field) +
                                        ": within the activity's check-in window (30 minutes "
                                        "before the start to 30 minutes after the end)");
    }
  }
  if (check_in && check_out && *check_out < *check_in) {
    return absl::InvalidArgumentError("check_out_time: not before check_in_time");
  }
  if (p.state != ParticipationState::kConfirmed ||
      activity.stored_state != ActivityState::kPublished) {
    return absl::FailedPreconditionError(
        "participation_id: only the times of someone holding a place are corrected, before the "
        "roster is confirmed");
  }
  AttendanceCorrection correction;
  correction.corrected_by = caller.subject;
  correction.reason = reason;
  correction.check_in = check_in;
  correction.check_out = check_out;
  correction.correct_time = clock_.Now();
  TX_RETURN_IF_ERROR(participations_.Correct(tx, participation_id, correction));
  TX_ASSIGN_OR_RETURN(Participation corrected, LoadParticipation(tx, participation_id, false));
  TX_ASSIGN_OR_RETURN(corrected.corrections, participations_.Corrections(tx, participation_id));
  return Present(tx, corrected, true);
}

}  // namespace tongxin::activities
