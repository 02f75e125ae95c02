// The national service-record export's rules that need no database (docs/national-export.md):
// its period, page size and signed page tokens. A token carries the whole state of an export —
// its id, its caller, region, period and snapshot time, where the next page starts and when the
// token expires — under an HMAC-SHA256, so that nobody can move it to another region, period,
// caller or snapshot, or keep it for later.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/volunteer/repository/record_export_repository.h"

namespace tongxin::volunteer {

constexpr int kDefaultExportPageSize = 200;
constexpr int kMaxExportPageSize = 1000;
constexpr int kMaxExportPeriodDays = 366;
constexpr int kDefaultExportMaxRows = 50000;
// How long a page's token may be used for the next page (or for the same page again).
constexpr std::chrono::minutes kExportPageTokenLifetime{15};
// An export's snapshot is purged this long after its last token expired (clocks of replicas
// may differ a little).
constexpr std::chrono::minutes kExportPurgeMargin{5};

// period_start and period_end: real YYYY-MM-DD dates, start <= end, at most
// kMaxExportPeriodDays days from first to last; INVALID_ARGUMENT naming the field.
absl::Status CheckExportPeriod(const std::string& period_start, const std::string& period_end);
// 0 → the default; above the maximum → the maximum; negative → INVALID_ARGUMENT.
absl::StatusOr<int> ExportPageSize(int requested);

// What a page token carries.
struct ExportCursor {
  std::string export_id;
  std::string caller;  // "role:subject"
  std::string region_id;
  std::string period_start;
  std::string period_end;
  long long as_of_micros = 0;
  long long expires_micros = 0;
  ExportKey after;  // the last record served
};

// `key`: at least 32 bytes of secret.
std::string SignExportCursor(const ExportCursor& cursor, std::string_view key);
// INVALID_ARGUMENT naming page_token for anything SignExportCursor did not make with `key`
// (tampered, truncated, signed with another key). Expiry and the caller are the caller's to
// check: CheckExportCursor.
absl::StatusOr<ExportCursor> OpenExportCursor(std::string_view token, std::string_view key);
// The token's caller, region and period must be the request's, and its time not past:
// PERMISSION_DENIED for another caller's token, INVALID_ARGUMENT otherwise.
absl::Status CheckExportCursor(const ExportCursor& cursor, const std::string& caller,
                               const std::string& region_id, const std::string& period_start,
                               const std::string& period_end, long long now_micros);

}  // namespace tongxin::volunteer
