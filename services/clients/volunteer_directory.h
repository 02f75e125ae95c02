// The volunteer service as other services' domain logic sees it: who a volunteer is, whether
// active, a party member, where they live and where reported; and who may act for them. No gRPC
// here: see grpc_volunteer_directory.h.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/auth.h"

namespace tongxin::clients {

struct VolunteerInfo {
  std::string volunteer_id;
  std::string name;
  std::string community_id;  // the home community
  std::string reported_community_id;
  bool party_member = false;
  bool active = false;
  int birth_year = 0;  // from the ID number (0 when not known)
};

class VolunteerDirectory {
 public:
  virtual ~VolunteerDirectory() = default;
  // `field` names the request field the id came from, for the error messages.
  virtual absl::StatusOr<VolunteerInfo> Lookup(const std::string& volunteer_id,
                                               std::chrono::system_clock::time_point deadline,
                                               const std::string& field) const = 0;
};

// Whether an admin may act for a volunteer (adopt, claim): only with scope over the volunteer's
// home community (besides the thing acted on, which the caller checks). `found` is the
// directory's answer. An admin out of scope hears PERMISSION_DENIED naming `field` and nothing
// of the volunteer, and so does an admin asking for a volunteer who does not exist: the two
// answers are the same. For other callers (the volunteer themself — checked by the caller — and
// the system) and other lookup failures, `found`'s status passes through.
absl::Status CheckActingFor(const Principal& caller, const absl::StatusOr<VolunteerInfo>& found,
                            const std::string& field);

}  // namespace tongxin::clients
