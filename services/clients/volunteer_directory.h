// The volunteer service as other services' domain logic sees it: who a volunteer is, whether
// active, a party member, and where reported. No gRPC here: see grpc_volunteer_directory.h.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/statusor.h"

namespace tongxin::clients {

struct VolunteerInfo {
  std::string volunteer_id;
  std::string name;
  std::string community_id;
  std::string reported_community_id;
  bool party_member = false;
  bool active = false;
};

class VolunteerDirectory {
 public:
  virtual ~VolunteerDirectory() = default;
  // `field` names the request field the id came from, for the error messages.
  virtual absl::StatusOr<VolunteerInfo> Lookup(const std::string& volunteer_id,
                                               std::chrono::system_clock::time_point deadline,
                                               const std::string& field) const = 0;
};

}  // namespace tongxin::clients
