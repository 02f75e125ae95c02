// Activities: their fields, their stored state and the counts of their participations (the
// quota is a database invariant: activities_within_quota). The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/activities/domain/model.h"
#include "services/common/db.h"

namespace tongxin::activities {

class ActivityRepository {
 public:
  explicit ActivityRepository(Db& db);

  absl::StatusOr<Activity> Insert(Tx& tx, const Activity& activity, Time at);
  // A draft's fields replaced; nullopt when it is no longer a draft.
  absl::StatusOr<std::optional<Activity>> UpdateDraft(Tx& tx, const Activity& activity);
  absl::StatusOr<std::optional<Activity>> Find(Tx& tx, const std::string& activity_id,
                                               bool lock = false);
  // From stored state `from` to `to` at `at` (with `reason` when cancelled); nullopt when it was
  // no longer in `from`.
  absl::StatusOr<std::optional<Activity>> Move(Tx& tx, const std::string& activity_id,
                                               ActivityState from, ActivityState to,
                                               const std::string& reason, Time at);
  // One place taken, if one is left on a published activity (false: the quota is reached, or it
  // was cancelled).
  absl::StatusOr<bool> TakePlace(Tx& tx, const std::string& activity_id);
  // The next number on the waiting list (and one more waiting); FAILED_PRECONDITION when the
  // activity is no longer published.
  absl::StatusOr<long long> NextWaitSeq(Tx& tx, const std::string& activity_id);
  // Check-in codes (domain/checkin_code.h): the code `use` spent by `volunteer_id`; false when
  // it was spent already (another volunteer's use committed first).
  absl::StatusOr<bool> SpendCode(Tx& tx, const std::string& activity_id, long long use,
                                 const std::string& volunteer_id, Time at);
  // Who spent code `use` ('' when nobody did).
  absl::StatusOr<std::string> CodeUser(Tx& tx, const std::string& activity_id, long long use);
  // The wrong codes `volunteer_id` submitted for the activity, and one more (the new count).
  absl::StatusOr<int> Misses(Tx& tx, const std::string& activity_id,
                             const std::string& volunteer_id);
  absl::StatusOr<int> AddMiss(Tx& tx, const std::string& activity_id,
                              const std::string& volunteer_id);
  absl::Status Count(Tx& tx, const std::string& activity_id, int confirmed, int waitlisted,
                     int pending);
  absl::StatusOr<Page<Activity>> List(Tx& tx, const ActivityFilter& filter,
                                      const PageRequest& page);
};

}  // namespace tongxin::activities
