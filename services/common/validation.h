// Checks of caller input shared by every service's domain logic. Each failure is
// INVALID_ARGUMENT with a message that starts with the field's name.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tongxin {

// Region ids are statistical division codes: street 9 digits, community 12, grid 15.
inline constexpr size_t kStreetIdLength = 9;
inline constexpr size_t kCommunityIdLength = 12;
inline constexpr size_t kGridIdLength = 15;

absl::Status CheckRegionId(const std::string& field, const std::string& id, size_t length);
// A street, community or grid id.
absl::Status CheckAnyRegionId(const std::string& field, const std::string& id);
// A street or community id (a store's region, an overview's region).
absl::Status CheckStreetOrCommunityId(const std::string& field, const std::string& id);
// Required unless `required` is false; at most `max_chars` characters; no control characters.
absl::Status CheckText(const std::string& field, const std::string& value, size_t max_chars,
                       bool required = true);
// As CheckText, but line breaks ("\n") are allowed: a message body in paragraphs.
absl::Status CheckMultilineText(const std::string& field, const std::string& value,
                                size_t max_chars, bool required = true);
// YYYY-MM-DD, a real calendar date from 1900 on.
bool IsRealDate(const std::string& date);
absl::Status CheckDate(const std::string& field, const std::string& date, bool required);
// YYYY-MM, a calendar month from 1900 on.
absl::Status CheckMonth(const std::string& field, const std::string& month);
// `month` checked as YYYY-MM, or China's current month at `now` when empty.
absl::StatusOr<std::string> MonthOrCurrent(const std::string& field, const std::string& month,
                                           std::chrono::system_clock::time_point now);
absl::Status CheckUuid(const std::string& field, const std::string& id);
size_t Utf8Length(const std::string& s);

}  // namespace tongxin
