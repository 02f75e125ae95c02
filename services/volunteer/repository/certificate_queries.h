// The statements of CertificateRepository, each declared once. Rows are read by the column names
// given here; state numbers come from the domain's enum.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/volunteer/domain/certificate.h"

namespace tongxin::volunteer {

inline const std::string kCertificateColumns =
    "serial, volunteer_id, name_masked, id_number_masked, community_id, community_name, "
    "period_start::text AS period_start, period_end::text AS period_end, "
    "post_log_hours::float8 AS post_log_hours, wish_hours::float8 AS wish_hours, "
    "activity_hours::float8 AS activity_hours, honour_hours::float8 AS honour_hours, "
    "total_hours::float8 AS total_hours, record_count, epoch_micros(issued_at) AS issue_micros, "
    "issued_by, status, coalesce(revoke_reason, '') AS revoke_reason, "
    "coalesce(epoch_micros(status_changed_at), 0) AS status_micros";

// Hours of the volunteer's current records dated in [$2, $3], by source. The volunteer's row is
// locked first by the caller (as a correction's trigger does), so a correction either commits
// before these are read or supersedes the certificate they make.
inline const Query kCertificateHoursBySource{
    "certificate_hours_by_source",
    "SELECT source, sum(hours)::float8 AS hours, count(*)::int AS records "
    "FROM service_records WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0 "
    "AND service_date BETWEEN $2::date AND $3::date GROUP BY source ORDER BY source"};

inline const Query kCertificateInsert{
    "certificate_insert",
    "INSERT INTO certificates (serial, volunteer_id, name_masked, id_number_masked, community_id, "
    "community_name, period_start, period_end, post_log_hours, wish_hours, activity_hours, "
    "honour_hours, total_hours, record_count, issued_at, issued_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9, $10, $11, $12, "
    "$9::numeric(9,2) + $10::numeric(9,2) + $11::numeric(9,2) + $12::numeric(9,2), $13, "
    "'epoch'::timestamptz + $14::bigint * interval '1 microsecond', $15) RETURNING " +
        kCertificateColumns};

// The valid certificate of the volunteer for exactly this period, if any (at most one: the index
// certificates_one_valid_per_period).
inline const Query kCertificateFindValid{
    "certificate_find_valid",
    "SELECT " + kCertificateColumns +
        " FROM certificates WHERE volunteer_id = $1 AND period_start = $2::date "
        "AND period_end = $3::date AND status = " +
        SqlInt(CertificateStatus::kValid)};

inline const Query kCertificateGet{
    "certificate_get", "SELECT " + kCertificateColumns + " FROM certificates WHERE serial = $1"};

// Newest first; the page key is "issue_micros|serial". The order is the index's, backwards.
inline const Query kCertificateList{
    "certificate_list", "SELECT " + kCertificateColumns +
                            " FROM certificates WHERE volunteer_id = $1 "
                            "AND ($2 = '' OR (issued_at, serial) < ('epoch'::timestamptz + "
                            "split_part($2, '|', 1)::bigint * interval '1 microsecond', "
                            "split_part($2, '|', 2) COLLATE \"C\")) "
                            "ORDER BY issued_at DESC, serial DESC LIMIT $3"};

// Only a valid certificate is revoked, once.
inline const Query kCertificateRevoke{
    "certificate_revoke",
    "UPDATE certificates SET status = " + SqlInt(CertificateStatus::kRevoked) +
        ", revoke_reason = $2, revoked_by = $3, status_changed_at = now() "
        "WHERE serial = $1 AND status = " +
        SqlInt(CertificateStatus::kValid) + " RETURNING " + kCertificateColumns};

}  // namespace tongxin::volunteer
