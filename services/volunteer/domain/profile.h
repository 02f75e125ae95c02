// Rules of a volunteer's profile fields, without a database: skills, party membership, what a
// registration may say beside the ID number, which fields an update may name.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/volunteer/domain/identity.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

inline constexpr int kMaxSkills = 20;

// At most kMaxSkills skills of at most 30 characters, duplicates dropped (first one kept).
absl::StatusOr<std::vector<std::string>> NormalizeSkills(const std::vector<std::string>& skills);

// A political status is required; a party member names their branch, nobody else does.
absl::Status CheckPartyFields(PoliticalStatus status, const std::string& party_branch);

// A profile after a change of political status or branch: as CheckPartyFields, and a party
// member who reported to a community stays a party member here.
absl::Status CheckPartyChange(const Volunteer& changed);

// The gender the ID number gives; a gender or birth date given with the registration must agree
// with it.
absl::StatusOr<Gender> GenderAgreeingWithId(const ResidentId& id, Gender given,
                                            const std::string& given_birth_date);

// An update mask: not empty, only fields a profile update may change.
absl::Status CheckUpdateMask(const std::set<std::string>& fields);

// What a volunteer may change of their own profile: contact details and skills. Their name,
// political status and party branch, and their home community and grid change only through an
// admin in scope (or the system): they decide which posts a volunteer may adopt and which
// leaderboards they count on.
inline const std::set<std::string> kSelfEditableFields = {"phone", "skills"};

// PERMISSION_DENIED naming the first field of `fields` (in name order) a volunteer may not
// change themself.
absl::Status CheckSelfEditable(const std::set<std::string>& fields);

}  // namespace tongxin::volunteer
