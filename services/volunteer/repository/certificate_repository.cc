// Service certificates' SQL (see certificate_repository.h and certificate_queries.h).
#include "services/volunteer/repository/certificate_repository.h"

#include "absl/strings/str_cat.h"
#include "services/volunteer/repository/certificate_queries.h"

namespace tongxin::volunteer {
namespace {

Certificate CertificateFrom(const pqxx::row& row) {
  Certificate c;
  c.serial = row["serial"].as<std::string>();
  c.volunteer_id = row["volunteer_id"].as<std::string>();
  c.name_masked = row["name_masked"].as<std::string>();
  c.id_number_masked = row["id_number_masked"].as<std::string>();
  c.community_id = row["community_id"].as<std::string>();
  c.community_name = row["community_name"].as<std::string>();
  c.period_start = row["period_start"].as<std::string>();
  c.period_end = row["period_end"].as<std::string>();
  c.hours_by_source = {
      CertificateHours{ServiceSource::kPostLog, row["post_log_hours"].as<double>()},
      CertificateHours{ServiceSource::kWish, row["wish_hours"].as<double>()},
      CertificateHours{ServiceSource::kActivity, row["activity_hours"].as<double>()},
      CertificateHours{ServiceSource::kHonour, row["honour_hours"].as<double>()}};
  c.total_hours = row["total_hours"].as<double>();
  c.record_count = row["record_count"].as<int>();
  c.issue_time = FromEpochMicros(row["issue_micros"].as<long long>());
  c.issued_by = row["issued_by"].as<std::string>();
  c.status = static_cast<CertificateStatus>(row["status"].as<int>());
  c.revoke_reason = row["revoke_reason"].as<std::string>();
  if (long long micros = row["status_micros"].as<long long>(); micros != 0) {
    c.status_time = FromEpochMicros(micros);
  }
  return c;
}

std::string KeyOf(const pqxx::row& row) {
  return absl::StrCat(row["issue_micros"].as<long long>(), "|", row["serial"].as<std::string>());
}

double HoursOf(const Certificate& c, ServiceSource source) {
  for (const CertificateHours& line : c.hours_by_source) {
    if (line.source == source) return line.hours;
  }
  return 0;
}

}  // namespace

CertificateRepository::CertificateRepository(Db& db) {
  db.Register({kCertificateHoursBySource, kCertificateInsert, kCertificateFindValid,
               kCertificateGet, kCertificateList, kCertificateRevoke});
  db.RegisterConstraintMessages({
      {"certificates_period", "period_end: must not be before period_start"},
      {"certificates_period_length", "period_start: a certificate covers at most five years"},
      {"certificates_one_valid_per_period",
       "period_start: a valid certificate of this period exists; retry"},
      {"certificates_revoke_reason", "reason: 1 to 200 characters"},
      {"certificates_pkey", "serial: already taken; retry"},
  });
}

absl::StatusOr<std::vector<SourceHours>> CertificateRepository::HoursBySource(
    Tx& tx, const std::string& volunteer_id, const std::string& period_start,
    const std::string& period_end) {
  std::vector<SourceHours> out;
  for (const auto& row :
       Exec(tx, kCertificateHoursBySource, volunteer_id, period_start, period_end)) {
    out.push_back({static_cast<ServiceSource>(row["source"].as<int>()), row["hours"].as<double>(),
                   row["records"].as<int>()});
  }
  return out;
}

absl::StatusOr<Certificate> CertificateRepository::Insert(Tx& tx, const Certificate& c) {
  long long issue_micros =
      std::chrono::duration_cast<std::chrono::microseconds>(c.issue_time.time_since_epoch())
          .count();
  return CertificateFrom(
      Exec1(tx, kCertificateInsert, c.serial, c.volunteer_id, c.name_masked, c.id_number_masked,
            c.community_id, c.community_name, c.period_start, c.period_end,
            HoursOf(c, ServiceSource::kPostLog), HoursOf(c, ServiceSource::kWish),
            HoursOf(c, ServiceSource::kActivity), HoursOf(c, ServiceSource::kHonour),
            c.record_count, issue_micros, c.issued_by));
}

absl::StatusOr<std::optional<Certificate>> CertificateRepository::Find(Tx& tx,
                                                                       const std::string& serial) {
  auto rows = Exec(tx, kCertificateGet, serial);
  if (rows.empty()) return std::nullopt;
  return CertificateFrom(rows[0]);
}

absl::StatusOr<std::optional<Certificate>> CertificateRepository::FindValid(
    Tx& tx, const std::string& volunteer_id, const std::string& period_start,
    const std::string& period_end) {
  auto rows = Exec(tx, kCertificateFindValid, volunteer_id, period_start, period_end);
  if (rows.empty()) return std::nullopt;
  return CertificateFrom(rows[0]);
}

absl::StatusOr<Page<Certificate>> CertificateRepository::List(Tx& tx,
                                                              const std::string& volunteer_id,
                                                              const PageRequest& page) {
  auto rows = Exec(tx, kCertificateList, volunteer_id, page.after, page.page_size + 1);
  return ReadPage<Certificate>(rows, page.page_size, CertificateFrom, KeyOf);
}

absl::StatusOr<std::optional<Certificate>> CertificateRepository::Revoke(
    Tx& tx, const std::string& serial, const std::string& reason, const std::string& revoked_by) {
  auto rows = Exec(tx, kCertificateRevoke, serial, reason, revoked_by);
  if (rows.empty()) return std::nullopt;
  return CertificateFrom(rows[0]);
}

}  // namespace tongxin::volunteer
