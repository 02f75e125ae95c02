// The national volunteer-service export (全国志愿服务信息系统, docs/national-export.md): a
// region's effective service records of a period, page by page under signed tokens, each page
// logged on the export's row and as a reveal of the ID numbers on it. Knows neither SQL nor
// gRPC.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/domain/record_export.h"
#include "services/volunteer/repository/record_export_repository.h"

namespace tongxin::volunteer {

struct RecordExportOptions {
  // The snapshot's time is the first page's less this margin, so that a record whose
  // transaction began before the first page but committed after it is on neither side of the
  // snapshot by chance (--export_settle_ms). Tests use 0.
  std::chrono::milliseconds settle{10000};
  // An export of more rows is refused at its first page, before anything is revealed
  // (--export_max_rows).
  int max_rows = kDefaultExportMaxRows;
};

struct ExportRequest {
  std::string region_id;
  std::string period_start;
  std::string period_end;
  int page_size = 0;
  std::string page_token;
};

struct ExportPage {
  ServiceRecordExport export_row;  // as counted with this page
  std::vector<ExportedRecord> records;
  std::string next_page_token;
};

class RecordExportDomain {
 public:
  RecordExportDomain(RecordExportRepository& exports, const PersonalDataCipher& cipher,
                     const Clock& clock, RecordExportOptions options);

  // Admins whose scope holds the region, or the system. The first page (no token) starts the
  // export; every page is counted on its row and logs a reveal per volunteer on it, in the
  // caller's transaction.
  absl::StatusOr<ExportPage> Export(Tx& tx, const Principal& caller, const ExportRequest& request);
  // The purge job's run at `now`: forgets the volunteers of exports whose every page token has
  // expired (a margin past the lifetime), up to a batch; how many exports.
  int PurgeSnapshots(Tx& tx, Time now);
  static constexpr int kExportPurgeBatch = 100;
  // The exports of a region and of the communities in it, newest first; admins in scope.
  absl::StatusOr<Page<ServiceRecordExport>> List(Tx& tx, const Principal& caller,
                                                 const std::string& region_id,
                                                 const PageRequest& page);

 private:
  RecordExportRepository& exports_;
  const PersonalDataCipher& cipher_;
  const Clock& clock_;
  RecordExportOptions options_;
  std::string token_key_;  // derived from the data key: the page tokens' HMAC key
};

}  // namespace tongxin::volunteer
