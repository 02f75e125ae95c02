// ID-number look-up rules (see id_lookup.h).
#include "services/volunteer/domain/id_lookup.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tongxin::volunteer {

bool IdLookupsLimited(const Principal& caller) { return caller.role != Role::kSystem; }

absl::Status CheckIdLookupBudget(int made_in_window, int limit, std::string_view field) {
  if (made_in_window < limit) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat(std::string(field), ": at most ", limit, " look-ups an hour; try again later"));
}

int InUseAnswersBudget(const Principal& caller, int lookups_per_hour) {
  return caller.role == Role::kVolunteer ? kInUseAnswersPerHourForVolunteers : lookups_per_hour;
}

absl::Status IdentifierInUse(IdLookupResult result) {
  return result == IdLookupResult::kPhoneInUse
             ? absl::AlreadyExistsError("phone: a volunteer with this phone number is registered")
             : absl::AlreadyExistsError("id_number: a volunteer with this ID number is registered");
}

absl::Status IdNumberNotFound() {
  return absl::NotFoundError("id_number: no volunteer with this ID number");
}

IdNumberLookup AsSeenFromRegion(IdNumberLookup entry, const std::string& region_id) {
  if (!entry.community_id.empty() && absl::StartsWith(entry.community_id, region_id)) {
    return entry;
  }
  entry.volunteer_id.clear();
  entry.community_id.clear();
  if (entry.result == IdLookupResult::kOutOfScope) entry.result = IdLookupResult::kNotFound;
  return entry;
}

}  // namespace tongxin::volunteer
