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
  // `tasks_per_volunteer_day`: reports credited to one volunteer per China day of completion.
  GridTaskDomain(GridTaskRepository& reports, Lookups& lookups, IdLookupDomain& id_lookups,
                 GridTaskEvents& events, const Clock& clock,
                 int tasks_per_volunteer_day = kDefaultGridTasksPerVolunteerDay);

  // The integration role (for a volunteer it may report: GridTaskReportableBy) or the system
  // role; everyone else PERMISSION_DENIED. The client's reference already reported answers from
  // the first report, checking nothing else, when it says the same (SameTask), else
  // FAILED_PRECONDITION naming reference; either way nothing more is awarded. Otherwise, in this
  // order: grid_id (NOT_FOUND outside the scope), the volunteer (by volunteer_id: unknown or out
  // of scope NOT_FOUND alike, not active FAILED_PRECONDITION; by id_number: IdLookupDomain::
  // FindReportable, logged and counted, and any later refusal keeps its log row), the
  // volunteer's tasks that day (RESOURCE_EXHAUSTED), then the report and its points.
  absl::StatusOr<GridTaskReport> Report(Tx& tx, const Principal& caller, const GridTaskInput& in);

 private:
  absl::StatusOr<GridTaskReport> Repeated(Tx& tx, const GridTaskReport& first,
                                          const GridTaskInput& in);
  absl::StatusOr<Volunteer> ByVolunteerId(Tx& tx, const Principal& caller, const GridTaskInput& in);
  absl::StatusOr<GridTaskReport> Write(Tx& tx, const Principal& caller, const GridTaskInput& in,
                                       const Volunteer& volunteer);

  GridTaskRepository& reports_;
  Lookups& lookups_;
  IdLookupDomain& id_lookups_;
  GridTaskEvents& events_;
  const Clock& clock_;
  int tasks_per_volunteer_day_;
};

}  // namespace tongxin::volunteer
