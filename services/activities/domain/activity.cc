#include "services/activities/domain/activity.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/clock.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::activities {
namespace {

std::string ChinaTime(Time t) {
  std::tm tm = ChinaCivilTime(t);
  return absl::StrFormat("%s %02d:%02d", ChinaDate(t), tm.tm_hour, tm.tm_min);
}

}  // namespace

ActivityState EffectiveState(const Activity& activity, Time now) {
  if (activity.stored_state != ActivityState::kPublished) return activity.stored_state;
  if (now >= activity.end) return ActivityState::kEnded;
  if (now >= activity.start) return ActivityState::kRunning;
  return ActivityState::kPublished;
}

absl::Status CheckActivityFields(const Activity& a) {
  TX_RETURN_IF_ERROR(
      CheckStreetOrCommunityId("activity.organiser_region_id", a.organiser_region_id));
  TX_RETURN_IF_ERROR(CheckText("activity.team_id", a.team_id, 64, false));
  TX_RETURN_IF_ERROR(CheckText("activity.title", a.title, 100));
  TX_RETURN_IF_ERROR(CheckText("activity.category", a.category, 30));
  TX_RETURN_IF_ERROR(CheckText("activity.description", a.description, 2000, false));
  TX_RETURN_IF_ERROR(CheckText("activity.place.address", a.place.address, 200));
  if (a.place.has_coordinates) {
    if (!std::isfinite(a.place.latitude) || std::abs(a.place.latitude) > 90) {
      return absl::InvalidArgumentError("activity.place.latitude: between -90 and 90");
    }
    if (!std::isfinite(a.place.longitude) || std::abs(a.place.longitude) > 180) {
      return absl::InvalidArgumentError("activity.place.longitude: between -180 and 180");
    }
    if (a.place.radius_meters < 0 || a.place.radius_meters > 5000) {
      return absl::InvalidArgumentError("activity.place.radius_meters: 0 (200) to 5000");
    }
  }
  if (a.start.time_since_epoch().count() <= 0) {
    return absl::InvalidArgumentError("activity.start_time: required");
  }
  if (a.end <= a.start) {
    return absl::InvalidArgumentError("activity.end_time: after start_time");
  }
  if (a.end - a.start > std::chrono::hours(24)) {
    return absl::InvalidArgumentError("activity.end_time: an activity lasts at most 24 hours");
  }
  if (a.quota < 1 || a.quota > 1000) {
    return absl::InvalidArgumentError("activity.quota: 1 to 1000 places");
  }
  if (a.signup_deadline.time_since_epoch().count() > 0 && a.signup_deadline > a.start) {
    return absl::InvalidArgumentError("activity.signup_deadline: at the latest the start_time");
  }
  if (a.cancellation_deadline.time_since_epoch().count() > 0 && a.cancellation_deadline > a.start) {
    return absl::InvalidArgumentError(
        "activity.cancellation_deadline: at the latest the start_time");
  }
  if (a.requirements.min_age < 0 || a.requirements.min_age > 100) {
    return absl::InvalidArgumentError("activity.requirements.min_age: 0 to 100");
  }
  if (a.requirements.skills.size() > 10) {
    return absl::InvalidArgumentError("activity.requirements.skills: at most 10");
  }
  for (const auto& skill : a.requirements.skills) {
    TX_RETURN_IF_ERROR(CheckText("activity.requirements.skills", skill, 30));
  }
  if (!std::isfinite(a.max_hours) || a.max_hours < 0 || a.max_hours > 24) {
    return absl::InvalidArgumentError("activity.max_hours: 0 (none) to 24");
  }
  return absl::OkStatus();
}

absl::Status CheckSignUpOpen(const Activity& activity, Time now) {
  ActivityState state = EffectiveState(activity, now);
  if (state != ActivityState::kPublished) {
    return absl::FailedPreconditionError(
        "activity_id: sign-up is closed (the activity is not published, or has started)");
  }
  if (activity.signup_deadline.time_since_epoch().count() > 0 && now > activity.signup_deadline) {
    return absl::FailedPreconditionError(
        absl::StrCat("activity_id: sign-up closed at ", ChinaTime(activity.signup_deadline)));
  }
  return absl::OkStatus();
}

absl::Status CheckMeetsRequirements(const Activity& activity, const VolunteerInfo& volunteer) {
  if (!volunteer.active) {
    return absl::FailedPreconditionError("volunteer_id: the volunteer is not active");
  }
  if (activity.requirements.party_members_only && !volunteer.party_member) {
    return absl::FailedPreconditionError("volunteer_id: this activity is for party members only");
  }
  if (activity.requirements.min_age > 0) {
    int year = ChinaCivilTime(activity.start).tm_year + 1900;
    if (volunteer.birth_year <= 0 || year - volunteer.birth_year < activity.requirements.min_age) {
      return absl::FailedPreconditionError(
          absl::StrCat("volunteer_id: this activity asks for volunteers at least ",
                       activity.requirements.min_age, " years old (by birth year)"));
    }
  }
  return absl::OkStatus();
}

Time CheckinWindowStart(const Activity& activity) { return activity.start - kCheckinOpensBefore; }
Time CheckinWindowEnd(const Activity& activity) { return activity.end + kCheckinClosesAfter; }

absl::Status CheckInWindowOpen(const Activity& activity, Time now) {
  if (activity.stored_state != ActivityState::kPublished) {
    return absl::FailedPreconditionError(
        "activity_id: check-in is closed (the activity is cancelled, a draft, or its records "
        "are confirmed)");
  }
  if (now < CheckinWindowStart(activity) || now > CheckinWindowEnd(activity)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "activity_id: outside the check-in window, ", ChinaTime(CheckinWindowStart(activity)),
        " to ", ChinaTime(CheckinWindowEnd(activity)), " (Beijing time)"));
  }
  return absl::OkStatus();
}

double DistanceMeters(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusMeters = 6371000;
  constexpr double kRadians = M_PI / 180;
  double dlat = (lat2 - lat1) * kRadians;
  double dlon = (lon2 - lon1) * kRadians;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRadians) *
                                                           std::cos(lat2 * kRadians) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(h)));
}

absl::Status CheckInsideFence(const Place& place, const std::optional<Position>& position) {
  if (!place.has_coordinates) return absl::OkStatus();
  if (!position) {
    return absl::InvalidArgumentError(
        "position: required (this activity checks that you are at its place)");
  }
  if (!std::isfinite(position->latitude) || std::abs(position->latitude) > 90 ||
      !std::isfinite(position->longitude) || std::abs(position->longitude) > 180) {
    return absl::InvalidArgumentError("position: not a latitude and longitude");
  }
  int radius = place.radius_meters > 0 ? place.radius_meters : kDefaultRadiusMeters;
  double distance =
      DistanceMeters(place.latitude, place.longitude, position->latitude, position->longitude);
  if (distance > radius) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "position: outside the activity's fence (%.0f m from the place, at most %d m)", distance,
        radius));
  }
  return absl::OkStatus();
}

}  // namespace tongxin::activities
