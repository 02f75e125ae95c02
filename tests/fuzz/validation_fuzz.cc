// libFuzzer target: the checks of what a caller types — the resident ID number and the mobile
// number (services/volunteer/domain/identity.h), their masks, and the shared field checks
// (services/common/validation.h). Each input is tried as every kind of field. Besides crashes and
// sanitizer reports, it traps when an answer breaks the functions' own promises: an accepted
// value that is not what the comment says, an error that is not INVALID_ARGUMENT naming its
// field, an ID-number error that echoes the number.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/identity.h"

namespace {

using tongxin::volunteer::MaskMobile;
using tongxin::volunteer::MaskName;
using tongxin::volunteer::MaskResidentId;
using tongxin::volunteer::NormalizeMobile;
using tongxin::volunteer::ParseResidentId;
using tongxin::volunteer::ResidentIdCheckCharacter;

constexpr std::string_view kToday = "2026-11-30";

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// An error of a check: INVALID_ARGUMENT, its message starting with the field's name.
void RequireFieldError(const absl::Status& status, std::string_view field) {
  Require(status.code() == absl::StatusCode::kInvalidArgument);
  Require(absl::StartsWith(status.message(), std::string(field) + ":"));
}

void ResidentId(const std::string& input) {
  auto id = ParseResidentId(input, kToday);
  if (!id.ok()) {
    RequireFieldError(id.status(), "id_number");
    // The message never echoes the number, nor a good part of it: no five digits in a row.
    size_t run = 0;
    for (char c : id.status().message()) {
      run = c >= '0' && c <= '9' ? run + 1 : 0;
      Require(run < 5);
    }
    return;
  }
  Require(id->normalized.size() == 18);
  Require(id->normalized.substr(0, 17) == input.substr(0, 17));
  Require(ResidentIdCheckCharacter(id->normalized) == id->normalized[17]);
  Require(tongxin::IsRealDate(id->birth_date));
  Require(id->birth_date >= "1900-01-01" && id->birth_date <= kToday);
  // Parsing what it normalised gives the same number.
  auto again = ParseResidentId(id->normalized, kToday);
  Require(again.ok() && again->normalized == id->normalized && again->sex == id->sex);
  const std::string masked = MaskResidentId(id->normalized);
  Require(masked.size() == 18 && masked.find(id->normalized.substr(6, 8)) == std::string::npos);
}

void Mobile(const std::string& input) {
  auto phone = NormalizeMobile(input);
  if (!phone.ok()) {
    RequireFieldError(phone.status(), "phone");
    return;
  }
  Require(phone->size() == 11 && AllDigits(*phone));
  Require((*phone)[0] == '1' && (*phone)[1] >= '3');
  auto again = NormalizeMobile(*phone);
  Require(again.ok() && *again == *phone);
  const std::string masked = MaskMobile(*phone);
  Require(masked.size() == 11 && masked.substr(3, 4) == "****");
}

// Well-formed UTF-8 as a protobuf string must be (lead bytes and their continuations only).
bool WellFormedUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t length = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 0;
    if (length == 0 || i + length > s.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

void Name(const std::string& input) {
  const std::string masked = MaskName(input);
  Require(masked.size() <= input.size());
  // A name reaches the service as a protobuf string, so well-formed: its first character shown,
  // one star for each other character.
  if (WellFormedUtf8(input) && !input.empty()) {
    Require(tongxin::Utf8Length(masked) == tongxin::Utf8Length(input));
    Require(masked.find_first_not_of('*', masked.size() - (tongxin::Utf8Length(input) - 1)) ==
            std::string::npos);
  }
}

void SharedChecks(const std::string& input) {
  for (bool required : {true, false}) {
    absl::Status text = tongxin::CheckText("title", input, 40, required);
    if (text.ok()) {
      Require(tongxin::Utf8Length(input) <= 40);
      Require(!required || !input.empty());
    } else {
      RequireFieldError(text, "title");
    }
    absl::Status date = tongxin::CheckDate("date", input, required);
    if (!date.ok()) RequireFieldError(date, "date");
    if (date.ok() && !input.empty()) Require(tongxin::IsRealDate(input));
  }
  if (absl::Status month = tongxin::CheckMonth("month", input); month.ok()) {
    Require(input.size() == 7 && tongxin::IsRealDate(input + "-01"));
  } else {
    RequireFieldError(month, "month");
  }
  if (absl::Status uuid = tongxin::CheckUuid("wish_id", input); uuid.ok()) {
    Require(input.size() == 36);
  } else {
    RequireFieldError(uuid, "wish_id");
  }
  for (absl::Status region : {tongxin::CheckAnyRegionId("region_id", input),
                              tongxin::CheckStreetOrCommunityId("region_id", input),
                              tongxin::CheckRegionId("region_id", input, tongxin::kGridIdLength)}) {
    if (region.ok()) {
      Require(AllDigits(input) && input[0] != '0');
    } else {
      RequireFieldError(region, "region_id");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  ResidentId(input);
  Mobile(input);
  Name(input);
  SharedChecks(input);
  // The reference date itself is checked too: a bad one is refused, never read out of bounds.
  (void)ParseResidentId("110105194912310021", input);
  return 0;
}
