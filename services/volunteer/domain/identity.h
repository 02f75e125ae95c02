// Validation and masking of the personal data a real-name registration carries.
// Pure functions: no SQL, no gRPC.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/common/name_mask.h"

namespace tongxin::volunteer {

enum class Sex { kMale, kFemale };

struct ResidentId {
  std::string normalized;  // 18 characters, a trailing 'x' upper-cased to 'X'
  std::string birth_date;  // YYYY-MM-DD
  Sex sex;                 // from the parity of the 17th character (odd = male)
};

// GB 11643-1999: 6-digit region code (first digit 1-9), an existing birth date YYYYMMDD
// between 1900-01-01 and `today` (YYYY-MM-DD), 3-digit sequence, ISO 7064 MOD 11-2 check
// character (0-9 or X). Errors are INVALID_ARGUMENT with a message naming field `id_number`
// and what is wrong (length, characters, date, check character); the message never echoes
// the number itself.
absl::StatusOr<ResidentId> ParseResidentId(std::string_view id_number, std::string_view today);

// The ISO 7064 MOD 11-2 check character for the first 17 digits.
char ResidentIdCheckCharacter(std::string_view first17);

// Mainland mobile: 11 digits, 1[3-9]xxxxxxxxx. Spaces, dashes and a +86/86 prefix are removed
// first. Returns the 11 digits; INVALID_ARGUMENT naming `phone` otherwise.
absl::StatusOr<std::string> NormalizeMobile(std::string_view phone);

// 41**************34 : the first 2 and the last 2 characters. Shown beside the birth year and
// the gender (and the community, whose id gives the region code away), a mask that kept the
// region code and the sequence (first 6, last 4) left about 33 possible numbers: only the day of
// birth was hidden, and the check character ruled out 10 in 11. Hiding the region code's last 4
// digits, the birth date and two of the three sequence digits leaves 365 days × 100 sequences /
// 11 ≈ 3 300 numbers even for someone who knows the region code and the birth year (the unit
// test counts them).
std::string MaskResidentId(std::string_view normalized_id);
// 138****5678
std::string MaskMobile(std::string_view normalized_phone);
// 李** (services/common/name_mask.h: shared with the events the services publish).
using tongxin::MaskName;

}  // namespace tongxin::volunteer
