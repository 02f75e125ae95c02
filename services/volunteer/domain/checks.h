// Checks every area of the volunteer domain makes the same way: the form of a volunteer id and
// who may act for a volunteer. Pure; scope checks themselves are services/common/authz.h.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/pagination.h"

namespace tongxin::volunteer {

absl::Status CheckVolunteerId(const std::string& volunteer_id);

// A volunteer acts only on themself (PERMISSION_DENIED otherwise); admins and the system pass
// here and are checked against the volunteer's or the region's scope afterwards.
absl::Status RequireSelfIfVolunteer(const Principal& caller, const std::string& volunteer_id);

// Volunteers are refused ("only an admin may do this"); admins and the system pass here.
absl::Status RefuseVolunteers(const Principal& caller);

// Lists keyed by a row number: the page token's key is digits (INVALID_ARGUMENT naming
// page_token otherwise), so that no token reaches SQL as a bad number.
absl::Status CheckNumericPageKey(const PageRequest& page);

}  // namespace tongxin::volunteer
