// Service certificates (志愿服务证明): rows frozen at issue, revoked by an admin, superseded by a
// correction (migration V0009's trigger). The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/volunteer/domain/certificate.h"

namespace tongxin::volunteer {

struct SourceHours {
  ServiceSource source = ServiceSource::kUnspecified;
  double hours = 0;
  int records = 0;
};

class CertificateRepository {
 public:
  explicit CertificateRepository(Db& db);

  // Hours of the volunteer's current records dated in [period_start, period_end], by source
  // (sources without records left out). Lock the volunteer's row first.
  absl::StatusOr<std::vector<SourceHours>> HoursBySource(Tx& tx, const std::string& volunteer_id,
                                                         const std::string& period_start,
                                                         const std::string& period_end);
  // Inserts a valid certificate (its total is the sum of its hours); ALREADY_EXISTS on a serial
  // taken (80 random bits: never, in practice).
  absl::StatusOr<Certificate> Insert(Tx& tx, const Certificate& certificate);
  absl::StatusOr<std::optional<Certificate>> Find(Tx& tx, const std::string& serial);
  // The volunteer's valid certificate of exactly this period, if any.
  absl::StatusOr<std::optional<Certificate>> FindValid(Tx& tx, const std::string& volunteer_id,
                                                       const std::string& period_start,
                                                       const std::string& period_end);
  // Newest first.
  absl::StatusOr<Page<Certificate>> List(Tx& tx, const std::string& volunteer_id,
                                         const PageRequest& page);
  // Revokes a valid certificate; nullopt when there is no valid one by that serial.
  absl::StatusOr<std::optional<Certificate>> Revoke(Tx& tx, const std::string& serial,
                                                    const std::string& reason,
                                                    const std::string& revoked_by);
};

}  // namespace tongxin::volunteer
