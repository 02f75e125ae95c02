// Grid tasks reported done by the grid system (ReportGridTask): who may report, whom, and the
// report written once per (client, reference) with its points due through GridTaskEvents in the
// same transaction. Knows neither SQL nor gRPC.
#pragma once

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/volunteer/domain/grid_task.h"
#include "services/volunteer/domain/grid_task_events.h"
#include "services/volunteer/domain/id_lookup_domain.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/repository/grid_task_repository.h"

namespace tongxin::volunteer {

class GridTaskDomain {
 public:
  GridTaskDomain(GridTaskRepository& reports, Lookups& lookups, IdLookupDomain& id_lookups,
                 GridTaskEvents& events, const Clock& clock);

  // The integration role (for a volunteer living in its scope) or the system role; everyone
  // else PERMISSION_DENIED. The volunteer must be active; one unknown or out of the caller's
  // scope is NOT_FOUND alike. The same reference again answers the first report when it says
  // the same (SameTask), else FAILED_PRECONDITION; either way nothing more is awarded.
  absl::StatusOr<GridTaskReport> Report(Tx& tx, const Principal& caller, const GridTaskInput& in);

 private:
  absl::StatusOr<Volunteer> Reported(Tx& tx, const Principal& caller, const GridTaskInput& in);

  GridTaskRepository& reports_;
  Lookups& lookups_;
  IdLookupDomain& id_lookups_;
  GridTaskEvents& events_;
  const Clock& clock_;
};

}  // namespace tongxin::volunteer
