// ID-number look-up rules (see id_lookup.h).
#include "services/volunteer/domain/id_lookup.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tongxin::volunteer {

namespace {

constexpr char kInUseAnswerPayload[] = "type.tongxin/volunteer.InUseAnswer";

absl::Status WithAnswer(absl::Status status, IdLookupResult result, const std::string& volunteer,
                        const std::string& community) {
  status.SetPayload(kInUseAnswerPayload, absl::Cord(absl::StrCat(static_cast<int>(result), "|",
                                                                 volunteer, "|", community)));
  return status;
}

}  // namespace

bool IdLookupsLimited(const Principal& caller) { return caller.role != Role::kSystem; }

absl::Status CheckIdLookupBudget(int made_in_window, int limit, std::string_view field) {
  if (made_in_window < limit) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat(std::string(field), ": at most ", limit, " look-ups an hour; try again later"));
}

int InUseAnswersBudget(const Principal& caller, int lookups_per_hour) {
  return caller.role == Role::kVolunteer ? kInUseAnswersPerHourForVolunteers : lookups_per_hour;
}

absl::Status IdentifierInUse(IdLookupResult result, const Volunteer& hit) {
  absl::Status answer =
      result == IdLookupResult::kPhoneInUse
          ? absl::AlreadyExistsError("phone: a volunteer with this phone number is registered")
          : absl::AlreadyExistsError("id_number: a volunteer with this ID number is registered");
  return WithAnswer(std::move(answer), result, hit.volunteer_id, hit.community_id);
}

absl::Status InUseBudgetSpent(absl::Status refusal) {
  return WithAnswer(std::move(refusal), IdLookupResult::kRateLimited, "", "");
}

std::optional<InUseAnswer> InUseAnswerOf(const absl::Status& status) {
  auto payload = status.GetPayload(kInUseAnswerPayload);
  if (!payload) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(std::string(*payload), '|');
  if (parts.size() != 3) return std::nullopt;
  InUseAnswer answer;
  answer.result = static_cast<IdLookupResult>(std::atoi(parts[0].c_str()));
  answer.volunteer_id = parts[1];
  answer.community_id = parts[2];
  return answer;
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
