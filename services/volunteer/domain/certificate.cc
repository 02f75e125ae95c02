// Serials, periods and labels of service certificates (see certificate.h).
#include "services/volunteer/domain/certificate.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/validation.h"

namespace tongxin::volunteer {
namespace {

int SerialValue(char c) {
  size_t at = kSerialAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string MakeSerial(std::string_view random) {
  std::string serial;
  // 5 bits per character from the bytes, in order.
  unsigned buffer = 0;
  int bits = 0;
  for (size_t i = 0; serial.size() < kSerialRandomChars && i < random.size(); ++i) {
    buffer = (buffer << 8) | static_cast<unsigned char>(random[i]);
    bits += 8;
    while (bits >= 5 && serial.size() < kSerialRandomChars) {
      serial.push_back(kSerialAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  serial.push_back(SerialCheckCharacter(serial));
  return serial;
}

char SerialCheckCharacter(std::string_view first16) {
  int sum = 0;
  for (size_t i = 0; i < first16.size(); ++i) {
    sum += static_cast<int>(i + 1) * std::max(0, SerialValue(first16[i]));
  }
  return kSerialAlphabet[sum % 31];
}

absl::StatusOr<std::string> NormalizeSerial(std::string_view typed) {
  std::string serial;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    c = absl::ascii_toupper(static_cast<unsigned char>(c));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (SerialValue(c) < 0) {
      return absl::InvalidArgumentError("serial: only the characters printed on a certificate");
    }
    serial.push_back(c);
  }
  if (serial.size() != kSerialLength) {
    return absl::InvalidArgumentError("serial: 17 characters (dashes aside)");
  }
  if (SerialCheckCharacter(std::string_view(serial).substr(0, kSerialRandomChars)) !=
      serial.back()) {
    return absl::InvalidArgumentError("serial: mistyped (its check character does not match)");
  }
  return serial;
}

std::string FormatSerial(std::string_view serial) {
  std::string out;
  for (size_t i = 0; i < serial.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(serial[i]);
  }
  return out;
}

absl::Status CheckCertificatePeriod(const std::string& period_start, const std::string& period_end,
                                    const std::string& today) {
  if (absl::Status s = CheckDate("period_start", period_start, true); !s.ok()) return s;
  if (absl::Status s = CheckDate("period_end", period_end, true); !s.ok()) return s;
  if (period_end < period_start) {
    return absl::InvalidArgumentError("period_end: must not be before period_start");
  }
  if (period_end > today) {
    return absl::InvalidArgumentError("period_end: must not be in the future");
  }
  // Both dates were checked above: they parse.
  absl::CivilDay start, end;
  (void)absl::ParseCivilTime(period_start, &start);
  (void)absl::ParseCivilTime(period_end, &end);
  if (end - start >= kMaxCertificatePeriodDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("period_start: a certificate covers at most five years (",
                     kMaxCertificatePeriodDays, " days)"));
  }
  return absl::OkStatus();
}

std::string_view SourceLabel(ServiceSource source) {
  switch (source) {
    case ServiceSource::kPostLog:
      return "岗位服务";
    case ServiceSource::kWish:
      return "微心愿";
    case ServiceSource::kActivity:
      return "志愿活动";
    case ServiceSource::kHonour:
      return "荣誉时长";
    case ServiceSource::kUnspecified:
      break;
  }
  return "其他";
}

std::string_view CertificateStatusLabel(CertificateStatus status) {
  switch (status) {
    case CertificateStatus::kValid:
      return "有效";
    case CertificateStatus::kRevoked:
      return "已撤销";
    case CertificateStatus::kSuperseded:
      return "已更新";
    case CertificateStatus::kUnspecified:
      break;
  }
  return "未知";
}

}  // namespace tongxin::volunteer
