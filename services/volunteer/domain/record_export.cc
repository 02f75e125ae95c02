// The national export's pure rules (see record_export.h).
#include "services/volunteer/domain/record_export.h"

#include <openssl/crypto.h>

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "services/common/crypto.h"
#include "services/common/validation.h"

namespace tongxin::volunteer {
namespace {

constexpr std::string_view kTokenVersion = "x1";
constexpr size_t kTokenFields = 11;  // the version, ten fields of the cursor and the MAC

absl::Status NotAToken() {
  return absl::InvalidArgumentError("page_token: not a token from a previous page of this export");
}

}  // namespace

absl::Status CheckExportPeriod(const std::string& period_start, const std::string& period_end) {
  if (period_start.empty()) return absl::InvalidArgumentError("period_start: required");
  if (period_end.empty()) return absl::InvalidArgumentError("period_end: required");
  if (absl::Status s = CheckDate("period_start", period_start, true); !s.ok()) return s;
  if (absl::Status s = CheckDate("period_end", period_end, true); !s.ok()) return s;
  absl::CivilDay start, end;
  if (!absl::ParseCivilTime(period_start, &start)) {
    return absl::InvalidArgumentError("period_start: YYYY-MM-DD");
  }
  if (!absl::ParseCivilTime(period_end, &end)) {
    return absl::InvalidArgumentError("period_end: YYYY-MM-DD");
  }
  if (end < start) return absl::InvalidArgumentError("period_end: must not be before period_start");
  if (end - start >= kMaxExportPeriodDays) {
    return absl::InvalidArgumentError("period_end: a period of at most 366 days");
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ExportPageSize(int requested) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return kDefaultExportPageSize;
  return std::min(requested, kMaxExportPageSize);
}

std::string SignExportCursor(const ExportCursor& c, std::string_view key) {
  // Each field base64url-encoded, so that no value can contain the separator.
  std::vector<std::string> fields;
  for (std::string_view value :
       {kTokenVersion, std::string_view(c.export_id), std::string_view(c.caller),
        std::string_view(c.region_id), std::string_view(c.period_start),
        std::string_view(c.period_end)}) {
    fields.push_back(Base64UrlEncode(value));
  }
  for (long long number : {c.as_of_micros, c.expires_micros}) {
    fields.push_back(Base64UrlEncode(std::to_string(number)));
  }
  fields.push_back(Base64UrlEncode(c.after.service_date));
  fields.push_back(Base64UrlEncode(c.after.record_id));
  std::string body = absl::StrJoin(fields, ".");
  return body + "." + Base64UrlEncode(HmacSha256(key, body));
}

absl::StatusOr<ExportCursor> OpenExportCursor(std::string_view token, std::string_view key) {
  if (token.size() > 2048) return NotAToken();
  const size_t last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return NotAToken();
  std::string_view body = token.substr(0, last_dot);
  std::string_view mac_text = token.substr(last_dot + 1);
  absl::StatusOr<std::string> mac = Base64UrlDecode(mac_text);
  const std::string expected = HmacSha256(key, body);
  // Only the canonical encoding is taken, so that a token changed in any character (the
  // unused low bits of a last base64 character included) is refused.
  if (!mac.ok() || Base64UrlEncode(*mac) != mac_text || mac->size() != expected.size() ||
      CRYPTO_memcmp(mac->data(), expected.data(), expected.size()) != 0) {
    return NotAToken();
  }
  std::vector<std::string> fields;
  for (absl::string_view part : absl::StrSplit(absl::string_view(body.data(), body.size()), '.')) {
    absl::StatusOr<std::string> field = Base64UrlDecode(std::string_view(part.data(), part.size()));
    if (!field.ok() || Base64UrlEncode(*field) != std::string_view(part.data(), part.size())) {
      return NotAToken();
    }
    fields.push_back(*std::move(field));
  }
  if (fields.size() != kTokenFields - 1 || fields[0] != kTokenVersion) return NotAToken();
  ExportCursor c;
  c.export_id = fields[1];
  c.caller = fields[2];
  c.region_id = fields[3];
  c.period_start = fields[4];
  c.period_end = fields[5];
  if (!absl::SimpleAtoi(fields[6], &c.as_of_micros) ||
      !absl::SimpleAtoi(fields[7], &c.expires_micros)) {
    return NotAToken();
  }
  c.after.service_date = fields[8];
  c.after.record_id = fields[9];
  return c;
}

absl::Status CheckExportCursor(const ExportCursor& cursor, const std::string& caller,
                               const std::string& region_id, const std::string& period_start,
                               const std::string& period_end, long long now_micros) {
  if (cursor.caller != caller) {
    return absl::PermissionDeniedError("page_token: issued to another caller");
  }
  if (cursor.region_id != region_id || cursor.period_start != period_start ||
      cursor.period_end != period_end) {
    return absl::InvalidArgumentError("page_token: issued for another region or period");
  }
  if (now_micros > cursor.expires_micros) {
    return absl::InvalidArgumentError("page_token: expired; start the export again");
  }
  return absl::OkStatus();
}

}  // namespace tongxin::volunteer
