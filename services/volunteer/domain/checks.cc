// Checks shared by the volunteer domain's areas (see checks.h).
#include "services/volunteer/domain/checks.h"

#include "services/common/validation.h"

namespace tongxin::volunteer {

absl::Status CheckVolunteerId(const std::string& volunteer_id) {
  return CheckText("volunteer_id", volunteer_id, 128);
}

absl::Status RequireSelfIfVolunteer(const Principal& caller, const std::string& volunteer_id) {
  if (caller.role == Role::kVolunteer && caller.subject != volunteer_id) {
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  return absl::OkStatus();
}

absl::Status RefuseVolunteers(const Principal& caller) {
  if (caller.role == Role::kVolunteer) {
    return absl::PermissionDeniedError("only an admin may do this");
  }
  return absl::OkStatus();
}

absl::Status CheckNumericPageKey(const PageRequest& page) {
  bool digits = page.after.size() <= 18;
  for (char c : page.after) digits = digits && c >= '0' && c <= '9';
  if (digits) return absl::OkStatus();
  return absl::InvalidArgumentError("page_token: not a token from a previous page");
}

}  // namespace tongxin::volunteer
