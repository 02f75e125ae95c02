#include "services/clients/volunteer_directory.h"

namespace tongxin::clients {

absl::Status CheckActingFor(const Principal& caller, const absl::StatusOr<VolunteerInfo>& found,
                            const std::string& field) {
  if (caller.IsAdmin()) {
    bool in_scope =
        found.ok() && !found->community_id.empty() && caller.InScope(found->community_id);
    bool absent = !found.ok() && absl::IsNotFound(found.status());
    if (absent || (found.ok() && !in_scope)) {
      return absl::PermissionDeniedError(
          field + ": acting for a volunteer needs scope over the volunteer's home community");
    }
  }
  return found.status();
}

}  // namespace tongxin::clients
