// The rules of finding a volunteer by the full ID number, without a database: one answer for
// "nobody" and "not yours", who is rate-limited and how, and what a region's access log shows.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// Look-ups a caller may make in any hour (VolunteerOptions::id_lookups_per_hour).
inline constexpr int kDefaultIdLookupsPerHour = 30;
inline constexpr std::chrono::hours kIdLookupWindow{1};
// Look-ups by ID number an integration client (the grid system reporting its workers' tasks) may
// make in any hour (VolunteerOptions::integration_id_lookups_per_hour).
inline constexpr int kDefaultIntegrationIdLookupsPerHour = 1000;

// Admins and integration clients are counted. The system role (the services themselves and the
// demo seeds, whose tokens only the issuer mints) is not, though its look-ups are logged too.
bool IdLookupsLimited(const Principal& caller);

// RESOURCE_EXHAUSTED naming `field` once `made_in_window` look-ups reach `limit`.
absl::Status CheckIdLookupBudget(int made_in_window, int limit,
                                 std::string_view field = "id_number");

// A registration or a phone change that names an identifier somebody has is answered
// ALREADY_EXISTS, which tells that the person is registered: such answers are look-ups too,
// logged and counted in the same budget — an admin's id_lookups_per_hour, and for a volunteer
// (who may make no look-up at all) this many in any hour.
inline constexpr int kInUseAnswersPerHourForVolunteers = 3;
int InUseAnswersBudget(const Principal& caller, int lookups_per_hour);

// ALREADY_EXISTS naming the field: "id_number" for kIdNumberInUse, else "phone".
absl::Status IdentifierInUse(IdLookupResult result);

// NOT_FOUND "id_number: no volunteer with this ID number": the one answer for nobody and for
// somebody out of the caller's scope, so that a look-up tells no admin who is registered
// elsewhere.
absl::Status IdNumberNotFound();

// An access-log entry as a list of `region_id` shows it. The list holds look-ups that found
// somebody of the region and look-ups by admins of the region; of the latter, a hit outside the
// region is not named and an out-of-scope answer shows as NOT_FOUND, as the caller saw it.
IdNumberLookup AsSeenFromRegion(IdNumberLookup entry, const std::string& region_id);

}  // namespace tongxin::volunteer
