// The service record aggregate (志愿服务记录): append-only rows; a correction supersedes.
// The only code that runs its SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class ServiceRecordRepository {
 public:
  explicit ServiceRecordRepository(Db& db);

  // Inserts an original record; when its (source, source_ref) is already recorded, returns the
  // existing record instead (the repeat is a no-op) with `inserted` false.
  struct Recorded {
    ServiceRecord record;
    bool inserted = false;
  };
  absl::StatusOr<Recorded> Record(Tx& tx, const ServiceRecord& record);
  absl::StatusOr<std::optional<ServiceRecord>> Find(Tx& tx, const std::string& record_id,
                                                    bool lock = false);
  // Writes `correction` (which names the record it corrects) and marks the old record
  // superseded; FAILED_PRECONDITION if it was superseded already.
  absl::StatusOr<ServiceRecord> Correct(Tx& tx, const ServiceRecord& correction);
  // Newest service date first.
  absl::StatusOr<Page<ServiceRecord>> List(Tx& tx, const std::string& volunteer_id,
                                           bool include_superseded, const PageRequest& page);
  // Totals of current (not superseded) records; the period bounds are YYYY-MM-DD or "".
  absl::StatusOr<ServiceTotals> Totals(Tx& tx, const std::string& volunteer_id,
                                       const std::string& from_date, const std::string& to_date);
  // Hours of current records dated in [from_date, until_date) (YYYY-MM-DD) of the volunteers
  // whose community is in a street or community (region_id is a prefix of community_id).
  absl::StatusOr<RegionServiceHours> HoursInRegion(Tx& tx, const std::string& region_id,
                                                   const std::string& from_date,
                                                   const std::string& until_date);
};

}  // namespace tongxin::volunteer
