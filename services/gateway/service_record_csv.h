// The national service-record export as one CSV file (docs/national-export.md): the gateway
// fetches the volunteer service's pages one after another, each call with its own deadline, and
// writes them as CSV for Excel — UTF-8 with a BOM, RFC 4180 quoting, CRLF lines, a cell that
// would start a formula kept as text — up to a bounded number of rows.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/common/csv.h"
#include "services/gateway/caller.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::gateway {

class Gateway;

// The BOM and the header line, in the national items' Chinese names.
std::string ServiceRecordCsvHeader();
// One record as a CRLF-terminated line.
std::string ServiceRecordCsvLine(const tongxin::volunteer::v1::ExportedServiceRecord& record);
// "service-records-<region>-<start>-<end>.csv"
std::string ServiceRecordCsvFilename(const std::string& region_id, const std::string& period_start,
                                     const std::string& period_end);

struct ServiceRecordCsvOptions {
  int max_rows = 50000;  // more: FAILED_PRECONDITION, narrow the period
  int page_size = 1000;
  std::chrono::milliseconds page_timeout{5000};  // each page's own deadline
};

// Fetches every page of the export of `request` (region and period; no token) for `caller`
// (whose deadline is ignored: each page gets its own) and calls `done` once with the CSV file or
// the first refusal.
void ExportServiceRecordsCsv(Gateway& gateway, const Caller& caller,
                             const tongxin::volunteer::v1::ExportServiceRecordsRequest& request,
                             const ServiceRecordCsvOptions& options,
                             std::function<void(absl::StatusOr<std::string>)> done);

}  // namespace tongxin::gateway
