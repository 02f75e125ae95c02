// The national service-record export's SQL: its log (service_record_exports), the volunteers
// it covers, its pages and the reveals they log. The only code that runs it.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// Where a page starts: after this (service_date, record_id); the first page starts before all.
struct ExportKey {
  std::string service_date = "0001-01-01";
  std::string record_id = "00000000-0000-0000-0000-000000000000";
};

class RecordExportRepository {
 public:
  explicit RecordExportRepository(Db& db);

  // Writes the export's row (as_of = the database's time less `settle_micros`) and the
  // volunteers of the region it covers, and counts its rows (rows_total).
  ServiceRecordExport Start(Tx& tx, const ServiceRecordExport& export_row, long long settle_micros);
  // The export's row for a later page, locked (shared) against the purge job until the
  // transaction ends; NOT_FOUND when unknown.
  absl::StatusOr<ServiceRecordExport> Resume(Tx& tx, const std::string& export_id);
  // Up to `limit` effective records after `after`, in (service_date, record_id) order.
  std::vector<ExportedRecord> Records(Tx& tx, const ServiceRecordExport& export_row,
                                      const ExportKey& after, int limit);
  // Counts a page of `rows` served at `now` (`last`: the export's last page, which finishes
  // it); NOT_FOUND when the export is unknown.
  absl::StatusOr<ServiceRecordExport> CountPage(Tx& tx, const std::string& export_id, int rows,
                                                bool last, Time now);
  // Forgets the volunteers covered by up to `limit` exports whose last page was served before
  // `last_page_before`, marking them purged; how many.
  int PurgeSnapshots(Tx& tx, Time last_page_before, int limit);
  // One access-log row (result: exported) per volunteer.
  void LogReveals(Tx& tx, const IdNumberLookup& entry,
                  const std::vector<std::string>& volunteer_ids,
                  const std::vector<std::string>& community_ids);
  absl::StatusOr<tongxin::Page<ServiceRecordExport>> List(Tx& tx, const std::string& region_id,
                                                          const PageRequest& page);
};

}  // namespace tongxin::volunteer
