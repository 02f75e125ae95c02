// The volunteer service's ListAudience as the notifications service's fan-out sees it: one page
// of a broadcast's recipients (volunteer ids) at a time. No gRPC here: see
// grpc_volunteer_audience.h.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tongxin::clients {

// The active volunteers of region_id, narrowed by the rest ('' / false when unused).
struct AudienceQuery {
  std::string region_id;
  bool party_members_only = false;
  std::string team_id;
  std::string grid_id;
};

struct AudiencePage {
  std::vector<std::string> volunteer_ids;
  std::string next_page_token;  // empty on the last page
};

class VolunteerAudience {
 public:
  virtual ~VolunteerAudience() = default;
  // The page after `page_token` ("" for the first); `page_size` 0 is the service's default.
  virtual absl::StatusOr<AudiencePage> Page(
      const AudienceQuery& query, const std::string& page_token, int page_size,
      std::chrono::system_clock::time_point deadline) const = 0;
};

}  // namespace tongxin::clients
