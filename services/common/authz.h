// Authorization checks shared by every service's domain logic: roles and the admin's scope.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "services/common/auth.h"

namespace tongxin {

// The system role, or an admin (optionally only a street admin) whose scope holds `region_id`.
inline absl::Status RequireAdminInScope(const Principal& caller, std::string_view region_id,
                                        bool street_admin_only = false) {
  if (caller.role == Role::kSystem) return absl::OkStatus();
  if (!caller.IsAdmin() || (street_admin_only && caller.role != Role::kStreetAdmin)) {
    return absl::PermissionDeniedError(street_admin_only ? "only a street admin may do this"
                                                         : "only an admin may do this");
  }
  if (!caller.InScope(region_id)) {
    return absl::PermissionDeniedError("outside the admin's scope");
  }
  return absl::OkStatus();
}

// The volunteer `subject` themself, or an admin in scope of `region_id`, or the system.
inline absl::Status RequireSelfOrAdminInScope(const Principal& caller, std::string_view subject,
                                              std::string_view region_id) {
  if (caller.role == Role::kVolunteer) {
    if (caller.subject == subject) return absl::OkStatus();
    return absl::PermissionDeniedError("a volunteer may act only on themself");
  }
  return RequireAdminInScope(caller, region_id);
}

}  // namespace tongxin
