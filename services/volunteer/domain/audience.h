// A broadcast's audience (ListAudience): the rules on its filter and page size. Pure.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// The notifications service fans a broadcast out page by page: large pages, few round trips.
constexpr int kDefaultAudiencePageSize = 1000;
constexpr int kMaxAudiencePageSize = 5000;

// 0 → the default; above the maximum → the maximum; negative → INVALID_ARGUMENT.
absl::StatusOr<int> AudiencePageSize(int requested);

// region_id a street, community or grid id; team_id empty or a UUID; grid_id empty or a grid id
// inside region_id. INVALID_ARGUMENT naming the field.
absl::Status CheckAudienceFilter(const AudienceFilter& filter);

}  // namespace tongxin::volunteer
