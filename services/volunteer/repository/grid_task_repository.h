// Grid task reports (grid_task_reports, once per client and reference). The only code that runs
// their SQL.
#pragma once

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/grid_task.h"

namespace tongxin::volunteer {

class GridTaskRepository {
 public:
  explicit GridTaskRepository(Db& db);

  // Writes `report` unless its client already reported its reference: then the first report,
  // with `inserted` false.
  struct Written {
    GridTaskReport report;
    bool inserted = false;
  };
  absl::StatusOr<Written> Insert(Tx& tx, const GridTaskReport& report);
};

}  // namespace tongxin::volunteer
