// The service certificate (志愿服务证明) as a value: its serial, its categories of hours and its
// life (VALID → REVOKED by an admin, VALID → SUPERSEDED by a correction in its period, which the
// database does: migration V0009's trigger). Pure: no SQL, no gRPC.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

enum class CertificateStatus { kUnspecified = 0, kValid = 1, kRevoked = 2, kSuperseded = 3 };

// A certificate's categories are the records' sources: a fixed, short list that a reader of the
// paper understands (岗位服务, 微心愿, 志愿活动, 荣誉时长). Organisers are free text and many; the
// records list them, the certificate does not.
inline constexpr std::array<ServiceSource, 4> kCertificateSources = {
    ServiceSource::kPostLog, ServiceSource::kWish, ServiceSource::kActivity,
    ServiceSource::kHonour};

struct CertificateHours {
  ServiceSource source = ServiceSource::kUnspecified;
  double hours = 0;
};

struct Certificate {
  std::string serial;  // 17 characters, the last a check character (FormatSerial adds dashes)
  std::string volunteer_id;
  std::string name_masked;
  std::string id_number_masked;
  std::string community_id;
  std::string community_name;
  std::string period_start;  // YYYY-MM-DD, inclusive
  std::string period_end;    // YYYY-MM-DD, inclusive
  std::array<CertificateHours, kCertificateSources.size()> hours_by_source;
  double total_hours = 0;
  int record_count = 0;
  Time issue_time;
  std::string issued_by;
  CertificateStatus status = CertificateStatus::kUnspecified;
  std::string revoke_reason;
  std::optional<Time> status_time;
};

// Crockford's base32 (no I, L, O, U): typed from paper without look-alikes.
inline constexpr std::string_view kSerialAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// 16 random characters (80 bits: unguessable) and a check character.
inline constexpr size_t kSerialRandomChars = 16;
inline constexpr size_t kSerialLength = kSerialRandomChars + 1;

// A new serial from `random` (at least 10 bytes; the caller passes RandomBytes).
std::string MakeSerial(std::string_view random);
// The check character of 16 serial characters: sum of (position+1) × value, mod 31 (prime, so a
// single wrong character or two swapped neighbours change it, save 0 ↔ Z).
char SerialCheckCharacter(std::string_view first16);
// A serial as typed (any case, dashes or spaces, O for 0, I or L for 1) in its stored form;
// INVALID_ARGUMENT naming `serial` when it is not one (wrong length, character or check).
absl::StatusOr<std::string> NormalizeSerial(std::string_view typed);
// 7KQ2-M9XD-4HTR-Z8C5-N: in groups of four, as printed.
std::string FormatSerial(std::string_view serial);

// The longest period a certificate covers: any five calendar years (migration V0009 checks it
// too, as certificates_period_length).
inline constexpr int kMaxCertificatePeriodDays = 1827;

// The period a certificate covers: both dates required, start not after end, end not after
// `today` (YYYY-MM-DD, China time), at most kMaxCertificatePeriodDays days. INVALID_ARGUMENT naming
// the field (period_start for a period too long).
absl::Status CheckCertificatePeriod(const std::string& period_start, const std::string& period_end,
                                    const std::string& today);

// The category's name as printed (Chinese).
std::string_view SourceLabel(ServiceSource source);
// 有效 / 已撤销 / 已更新
std::string_view CertificateStatusLabel(CertificateStatus status);

}  // namespace tongxin::volunteer
