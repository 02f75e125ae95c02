// Party members' reports to communities. The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/community_report.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class ReportRepository {
 public:
  explicit ReportRepository(Db& db);

  // A new report in `state` (pending, or confirmed at once by `decided_by`); its id.
  absl::StatusOr<std::string> Insert(Tx& tx, const std::string& volunteer_id,
                                     const std::string& community_id, ReportState state,
                                     const std::string& requested_by,
                                     const std::string& decided_by);
  absl::StatusOr<std::optional<CommunityReport>> Find(Tx& tx, const std::string& report_id);
  // Applies `decision` only from the table's "from" state (one conditional UPDATE); false when
  // the report is no longer in it.
  absl::StatusOr<bool> Decide(Tx& tx, const std::string& report_id, ReportDecision decision,
                              const std::string& decided_by, const std::string& reason);
  absl::StatusOr<Page<CommunityReport>> List(Tx& tx, const ReportFilter& filter,
                                             const PageRequest& page);
};

}  // namespace tongxin::volunteer
