#include "services/common/validation.h"

#include <algorithm>
#include <regex>

#include "absl/strings/str_cat.h"
#include "services/common/clock.h"

namespace tongxin {

namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && s[0] != '0' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

absl::Status CheckRegionId(const std::string& field, const std::string& id, size_t length) {
  if (id.size() != length || !AllDigits(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be ", length, " digits (a statistical division code)"));
  }
  return absl::OkStatus();
}

// Any street, community or grid id.
absl::Status CheckAnyRegionId(const std::string& field, const std::string& id) {
  if ((id.size() != kStreetIdLength && id.size() != kCommunityIdLength &&
       id.size() != kGridIdLength) ||
      !AllDigits(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a street (9 digits), community (12) or grid (15) id"));
  }
  return absl::OkStatus();
}

absl::Status CheckStreetOrCommunityId(const std::string& field, const std::string& id) {
  if ((id.size() != kStreetIdLength && id.size() != kCommunityIdLength) || !AllDigits(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a street (9 digits) or community (12) id"));
  }
  return absl::OkStatus();
}

size_t Utf8Length(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

namespace {

absl::Status CheckTextAllowing(const std::string& field, const std::string& value, size_t max_chars,
                               bool required, bool line_breaks) {
  if (required && value.empty()) return absl::InvalidArgumentError(field + ": required");
  if (Utf8Length(value) > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", max_chars, " characters"));
  }
  for (unsigned char c : value) {
    if (c < 0x20 && c != '\t' && !(line_breaks && c == '\n')) {
      return absl::InvalidArgumentError(field + ": control characters are not allowed");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckText(const std::string& field, const std::string& value, size_t max_chars,
                       bool required) {
  return CheckTextAllowing(field, value, max_chars, required, /*line_breaks=*/false);
}

absl::Status CheckMultilineText(const std::string& field, const std::string& value,
                                size_t max_chars, bool required) {
  return CheckTextAllowing(field, value, max_chars, required, /*line_breaks=*/true);
}

bool IsRealDate(const std::string& date) {
  static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2}))");
  std::smatch m;
  if (!std::regex_match(date, m, kDate)) return false;
  int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

absl::Status CheckDate(const std::string& field, const std::string& date, bool required) {
  if (date.empty()) {
    return required ? absl::InvalidArgumentError(field + ": required") : absl::OkStatus();
  }
  if (!IsRealDate(date)) {
    return absl::InvalidArgumentError(field + ": must be a real date as YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status CheckMonth(const std::string& field, const std::string& month) {
  static const std::regex kMonth(R"(\d{4}-(0[1-9]|1[0-2]))");
  if (!std::regex_match(month, kMonth) || std::stoi(month.substr(0, 4)) < 1900) {
    return absl::InvalidArgumentError(field + ": must be a month as YYYY-MM");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> MonthOrCurrent(const std::string& field, const std::string& month,
                                           std::chrono::system_clock::time_point now) {
  if (month.empty()) return ChinaMonth(now);
  if (absl::Status status = CheckMonth(field, month); !status.ok()) return status;
  return month;
}

absl::Status CheckUuid(const std::string& field, const std::string& id) {
  static const std::regex kUuid(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  if (id.empty()) return absl::InvalidArgumentError(field + ": required");
  if (!std::regex_match(id, kUuid)) return absl::InvalidArgumentError(field + ": not a valid id");
  return absl::OkStatus();
}

}  // namespace tongxin
