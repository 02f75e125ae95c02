#include "services/volunteer/domain/identity.h"

#include <array>
#include <string>

#include "absl/status/status.h"

namespace tongxin::volunteer {
namespace {

constexpr std::array<int, 17> kCheckWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

// `yyyymmdd` is 8 digits.
bool IsRealDate(std::string_view yyyymmdd) {
  const int y = ToInt(yyyymmdd.substr(0, 4));
  const int m = ToInt(yyyymmdd.substr(4, 2));
  const int d = ToInt(yyyymmdd.substr(6, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

absl::Status IdError(std::string_view what) {
  return absl::InvalidArgumentError(std::string("id_number: ") + std::string(what));
}

}  // namespace

char ResidentIdCheckCharacter(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  first17 = first17.substr(0, 17);
  if (!AllDigits(first17)) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kCheckWeights[i];
  return kCheckCharacters[sum % 11];
}

absl::StatusOr<ResidentId> ParseResidentId(std::string_view id_number, std::string_view today) {
  if (today.size() != 10 || today[4] != '-' || today[7] != '-' || !AllDigits(today.substr(0, 4)) ||
      !AllDigits(today.substr(5, 2)) || !AllDigits(today.substr(8, 2))) {
    return absl::InvalidArgumentError("today must be YYYY-MM-DD");
  }
  const std::string today_compact = std::string(today.substr(0, 4)) +
                                    std::string(today.substr(5, 2)) +
                                    std::string(today.substr(8, 2));

  if (id_number.empty()) return IdError("is required");
  if (id_number.size() != 18) return IdError("must be 18 characters");
  if (!AllDigits(id_number.substr(0, 17))) return IdError("first 17 characters must be digits");
  const char last = id_number[17];
  if (!IsDigit(last) && last != 'X' && last != 'x') {
    return IdError("last character must be a digit or X");
  }
  if (id_number[0] == '0') return IdError("region code must not start with 0");

  const std::string_view birth = id_number.substr(6, 8);
  if (!IsRealDate(birth)) return IdError("birth date is not a real date");
  if (birth < std::string_view("19000101")) return IdError("birth date is before 1900-01-01");
  if (birth > std::string_view(today_compact)) return IdError("birth date is in the future");

  const char normalized_last = last == 'x' ? 'X' : last;
  if (ResidentIdCheckCharacter(id_number) != normalized_last) {
    return IdError("check character does not match");
  }

  ResidentId id;
  id.normalized = std::string(id_number.substr(0, 17));
  id.normalized.push_back(normalized_last);
  id.birth_date = std::string(birth.substr(0, 4)) + "-" + std::string(birth.substr(4, 2)) + "-" +
                  std::string(birth.substr(6, 2));
  id.sex = (id_number[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return id;
}

absl::StatusOr<std::string> NormalizeMobile(std::string_view phone) {
  std::string compact;
  compact.reserve(phone.size());
  for (char c : phone) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    compact.push_back(c);
  }
  if (compact.empty()) return absl::InvalidArgumentError("phone: is required");
  std::string_view digits = compact;
  if (digits.substr(0, 3) == "+86") {
    digits.remove_prefix(3);
  } else if (digits.size() == 13 && digits.substr(0, 2) == "86") {
    digits.remove_prefix(2);
  }
  if (!AllDigits(digits)) return absl::InvalidArgumentError("phone: must contain only digits");
  if (digits.size() != 11) return absl::InvalidArgumentError("phone: must be 11 digits");
  if (digits[0] != '1' || digits[1] < '3' || digits[1] > '9') {
    return absl::InvalidArgumentError("phone: not a mainland mobile number (must start 13-19)");
  }
  return std::string(digits);
}

std::string MaskResidentId(std::string_view normalized_id) {
  if (normalized_id.size() < 10) return std::string(normalized_id.size(), '*');
  return std::string(normalized_id.substr(0, 2)) + std::string(normalized_id.size() - 4, '*') +
         std::string(normalized_id.substr(normalized_id.size() - 2));
}

std::string MaskMobile(std::string_view normalized_phone) {
  if (normalized_phone.size() < 8) return std::string(normalized_phone.size(), '*');
  return std::string(normalized_phone.substr(0, 3)) +
         std::string(normalized_phone.size() - 7, '*') +
         std::string(normalized_phone.substr(normalized_phone.size() - 4));
}

}  // namespace tongxin::volunteer
