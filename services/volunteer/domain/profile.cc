// Profile field rules (see profile.h).
#include "services/volunteer/domain/profile.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::volunteer {

absl::StatusOr<std::vector<std::string>> NormalizeSkills(const std::vector<std::string>& skills) {
  if (static_cast<int>(skills.size()) > kMaxSkills) {
    return absl::InvalidArgumentError(absl::StrCat("skills: at most ", kMaxSkills));
  }
  std::vector<std::string> result;
  for (const auto& skill : skills) {
    TX_RETURN_IF_ERROR(CheckText("skills", skill, 30));
    if (std::find(result.begin(), result.end(), skill) == result.end()) result.push_back(skill);
  }
  return result;
}

absl::Status CheckPartyFields(PoliticalStatus status, const std::string& party_branch) {
  if (status == PoliticalStatus::kUnspecified) {
    return absl::InvalidArgumentError("political_status: required");
  }
  if (status == PoliticalStatus::kPartyMember) {
    return CheckText("party_branch", party_branch, 100);
  }
  if (!party_branch.empty()) {
    return absl::InvalidArgumentError("party_branch: only for party members");
  }
  return absl::OkStatus();
}

absl::Status CheckPartyChange(const Volunteer& changed) {
  TX_RETURN_IF_ERROR(CheckPartyFields(changed.political_status, changed.party_branch));
  if (changed.political_status != PoliticalStatus::kPartyMember &&
      !changed.reported_community_id.empty()) {
    return absl::FailedPreconditionError(
        "political_status: a reported party member stays a party member here");
  }
  return absl::OkStatus();
}

absl::StatusOr<Gender> GenderAgreeingWithId(const ResidentId& id, Gender given,
                                            const std::string& given_birth_date) {
  Gender derived = id.sex == Sex::kMale ? Gender::kMale : Gender::kFemale;
  if (given != Gender::kUnspecified && given != derived) {
    return absl::InvalidArgumentError("gender: does not agree with the ID number");
  }
  if (!given_birth_date.empty() && given_birth_date != id.birth_date) {
    return absl::InvalidArgumentError("birth_date: does not agree with the ID number");
  }
  return derived;
}

absl::Status CheckUpdateMask(const std::set<std::string>& fields) {
  static const std::set<std::string> kUpdatable = {
      "name", "phone", "community_id", "grid_id", "skills", "political_status", "party_branch"};
  if (fields.empty()) return absl::InvalidArgumentError("update_mask: required");
  for (const auto& field : fields) {
    if (!kUpdatable.count(field)) {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask: field ", field, " cannot be updated"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSelfEditable(const std::set<std::string>& fields) {
  for (const auto& field : fields) {
    if (!kSelfEditableFields.count(field)) {
      return absl::PermissionDeniedError(
          absl::StrCat(field, ": a volunteer may not change this; an admin of the community does"));
    }
  }
  return absl::OkStatus();
}

}  // namespace tongxin::volunteer
