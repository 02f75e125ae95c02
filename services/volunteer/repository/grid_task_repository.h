// Grid task reports (grid_task_reports, once per client and reference). The only code that runs
// their SQL.
#pragma once

#include <optional>
#include <string>

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
  // The client's report of `reference`, if any.
  std::optional<GridTaskReport> FindByReference(Tx& tx, const std::string& client,
                                                const std::string& reference);
  // The volunteer's reports completed in [begin, end), counted under the volunteer's lock until
  // `tx` ends, so parallel reports of one volunteer are counted one after another.
  int CountCompletedBetween(Tx& tx, const std::string& volunteer_id, Time begin, Time end);
};

}  // namespace tongxin::volunteer
