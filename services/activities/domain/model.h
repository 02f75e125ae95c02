// The activities service's domain model: plain values, no SQL, no gRPC. Enums keep the proto's
// numbers (grpc/mapping.cc ties each value to its proto value; SQL literals are written from them).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "services/clients/volunteer_directory.h"
#include "services/common/pagination.h"

namespace tongxin::activities {

using Time = std::chrono::system_clock::time_point;
using clients::VolunteerInfo;
using tongxin::Page;
using tongxin::PageRequest;

// Stored: DRAFT, PUBLISHED, RECORDS_CONFIRMED, CANCELLED. RUNNING and ENDED are a published
// activity as the clock sees it (EffectiveState in activity.h); they are never stored.
enum class ActivityState {
  kUnspecified = 0,
  kDraft = 1,
  kPublished = 2,
  kRunning = 3,
  kEnded = 4,
  kRecordsConfirmed = 5,
  kCancelled = 6,
};

struct Place {
  std::string address;
  bool has_coordinates = false;
  double latitude = 0;
  double longitude = 0;
  int radius_meters = 0;
};

struct Requirements {
  bool party_members_only = false;
  int min_age = 0;
  std::vector<std::string> skills;
};

enum class ParticipationState {
  kUnspecified = 0,
  kPending = 1,
  kConfirmed = 2,
  kWaitlisted = 3,
  kCancelled = 4,
  kRejected = 5,
  kAttended = 6,
  kNoShow = 7,
};

struct AttendanceCorrection {
  std::string corrected_by;
  std::string reason;
  std::optional<Time> previous_check_in;
  std::optional<Time> previous_check_out;
  std::optional<Time> check_in;
  std::optional<Time> check_out;
  Time correct_time;
};

struct Participation {
  std::string participation_id;
  std::string activity_id;
  std::string volunteer_id;
  std::string volunteer_name;
  bool party_member = false;
  std::string home_community_id;
  ParticipationState state = ParticipationState::kUnspecified;
  int waitlist_position = 0;
  bool late_cancellation = false;
  std::string review_reason;
  Time signup_time;
  std::optional<Time> placed;  // when it took its place (confirmed), if it ever held one
  std::optional<Time> check_in;
  std::optional<Time> check_out;
  // Confirmed hours once the roster is confirmed; before, computed when shown.
  double hours = 0;
  std::string hours_explanation;
  std::vector<AttendanceCorrection> corrections;
  // The activity, for a volunteer's list.
  std::string activity_title;
  Time activity_start;
  Time activity_end;
  ActivityState activity_state = ActivityState::kUnspecified;  // stored, until presented
  double activity_max_hours = 0;
};

struct Activity {
  std::string activity_id;
  std::string organiser_region_id;
  std::string team_id;
  std::string title;
  std::string category;
  std::string description;
  Place place;
  Time start;
  Time end;
  int quota = 0;
  Time signup_deadline;
  Time cancellation_deadline;
  Requirements requirements;
  bool requires_approval = false;
  double max_hours = 0;
  ActivityState stored_state = ActivityState::kDraft;  // as stored; see EffectiveState
  ActivityState state = ActivityState::kUnspecified;   // as the clock sees it when presented
  int confirmed_count = 0;
  int waitlisted_count = 0;
  int pending_count = 0;
  std::string cancel_reason;
  std::string created_by;
  Time create_time;
  std::optional<Time> publish_time;
  std::optional<Time> records_confirm_time;
  long long code_uses = 0;            // check-in codes spent so far: the screen shows the next one
  std::optional<Participation> mine;  // the caller's own, when a volunteer
};

struct ActivityFilter {
  std::string region_id;
  ActivityState state = ActivityState::kUnspecified;
  bool include_all = false;  // drafts and cancelled ones too
  std::string viewer;        // a volunteer caller: their own participation comes along
  Time now;
};

struct VolunteerCredit {
  std::string volunteer_id;
  int attendances = 0;
  int late_cancellations = 0;
  int no_shows = 0;
  double hours = 0;
};

// The code on the organiser's screen for one time step.
struct CheckinCode {
  std::string activity_id;
  std::string digits;
  std::string payload;
  Time expire_time;
  int step_seconds = 0;
  Time window_start;
  Time window_end;
};

}  // namespace tongxin::activities
