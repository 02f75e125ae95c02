// The national service-record export as one CSV file (docs/national-export.md): the gateway
// fetches the volunteer service's pages one after another, each call with its own deadline, and
// writes them as CSV for Excel — UTF-8 with a BOM, RFC 4180 quoting, CRLF lines, a cell that
// would start a formula kept as text. The volunteer service caps the rows (it refuses a too
// large export at its first page); the gateway bounds how many files it builds at once and how
// long each may take.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
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
// The request's region (9 or 12 digits) and dates (YYYY-MM-DD shape; the service checks them
// as dates): INVALID_ARGUMENT naming the field. The file's name is built only from these.
absl::Status CheckServiceRecordCsvRequest(
    const tongxin::volunteer::v1::ExportServiceRecordsRequest& request);
// "service-records-<region>-<start>-<end>.csv", of digits and dashes only (any other character
// of a value is left out, so that nothing can end the header's quoted string).
std::string ServiceRecordCsvFilename(const std::string& region_id, const std::string& period_start,
                                     const std::string& period_end);

struct ServiceRecordCsvOptions {
  int page_size = 1000;
  std::chrono::milliseconds page_timeout{5000};   // each page's own deadline
  std::chrono::milliseconds file_timeout{60000};  // the whole file's
  // Files built at once by this gateway (each may hold tens of MB); one per caller besides.
  int max_concurrent = 2;
  std::chrono::seconds retry_after{30};  // told to a caller refused for that
};

// Who is building a file now: at most `max` at once, one per caller. A slot is held by the
// export that took it and freed when the export ends (its last copy goes).
class ServiceRecordCsvSlots {
 public:
  using Slot = std::shared_ptr<void>;
  explicit ServiceRecordCsvSlots(int max) : state_(std::make_shared<State>(max)) {}
  // RESOURCE_EXHAUSTED (naming why) when the caller has an export running or all are taken.
  absl::StatusOr<Slot> Acquire(const std::string& caller);
  int in_use() const;

 private:
  struct State {
    explicit State(int m) : max(m) {}
    std::mutex mu;
    const int max;
    std::set<std::string> callers;
  };
  std::shared_ptr<State> state_;  // shared with the slots, which may outlive this
};

// Fetches every page of the export of `request` (region and period; no token) for `caller`
// (whose deadline is ignored: each page gets its own, within the file's) and calls `done` once
// with the CSV file or the first refusal. `slot` is held until then.
void ExportServiceRecordsCsv(Gateway& gateway, const Caller& caller,
                             const tongxin::volunteer::v1::ExportServiceRecordsRequest& request,
                             const ServiceRecordCsvOptions& options,
                             ServiceRecordCsvSlots::Slot slot,
                             std::function<void(absl::StatusOr<std::string>)> done);

}  // namespace tongxin::gateway
