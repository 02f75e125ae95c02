// The statements of ServiceRecordRepository, each declared once. Rows are read by the column
// names given here; the honour source's literal comes from the domain's enum.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

inline const std::string kServiceRecordColumns =
    "record_id::text AS record_id, volunteer_id, hours::float8 AS hours, "
    "service_date::text AS service_date, organiser, organiser_region_id, source, "
    "coalesce(source_ref, '') AS source_ref, description, recorded_by, "
    "coalesce(corrects_record_id::text, '') AS corrects_record_id, "
    "coalesce(correction_reason, '') AS correction_reason, "
    "coalesce(superseded_by::text, '') AS superseded_by, epoch_micros(created_at) AS create_micros";

// An original record; a repeat of its (source, source_ref) inserts nothing.
inline const Query kRecordInsert{
    "record_insert",
    "INSERT INTO service_records (volunteer_id, hours, service_date, organiser, "
    "organiser_region_id, source, source_ref, description, recorded_by) "
    "VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9) "
    "ON CONFLICT (source, source_ref) WHERE corrects_record_id IS NULL AND source_ref IS NOT "
    "NULL DO NOTHING RETURNING " +
        kServiceRecordColumns};
inline const Query kRecordBySource{"record_by_source",
                                   "SELECT " + kServiceRecordColumns +
                                       " FROM service_records WHERE source = $1 AND "
                                       "source_ref = $2 AND corrects_record_id IS NULL"};
inline const Query kRecordGet{"record_get", "SELECT " + kServiceRecordColumns +
                                                " FROM service_records WHERE record_id = $1::uuid"};
inline const Query kRecordGetForUpdate{"record_get_for_update",
                                       "SELECT " + kServiceRecordColumns +
                                           " FROM service_records WHERE record_id = $1::uuid "
                                           "FOR UPDATE"};
inline const Query kRecordInsertCorrection{
    "record_insert_correction",
    "INSERT INTO service_records (volunteer_id, hours, service_date, organiser, "
    "organiser_region_id, source, source_ref, description, recorded_by, corrects_record_id, "
    "correction_reason) VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10::uuid, $11) "
    "RETURNING " +
        kServiceRecordColumns};
// A record is superseded once: the condition refuses a second correction of the same record.
inline const Query kRecordSupersede{
    "record_supersede",
    "UPDATE service_records SET superseded_by = $2::uuid WHERE record_id = $1::uuid "
    "AND superseded_by IS NULL RETURNING record_id"};
// Newest service date first; the page key is "service_date|record_id".
inline const Query kRecordList{
    "record_list",
    "SELECT " + kServiceRecordColumns +
        " FROM service_records WHERE volunteer_id = $1 "
        "AND ($2 OR superseded_by IS NULL) "
        "AND ($3 = '' OR (service_date::text, record_id::text) < (split_part($3, '|', 1), "
        "split_part($3, '|', 2))) "
        "ORDER BY service_date DESC, record_id::text DESC LIMIT $4"};
// Totals of current records ($2, $3: the period, '' = open).
inline const Query kRecordTotals{
    "record_totals",
    "SELECT coalesce(sum(hours), 0)::float8 AS total_hours, "
    "coalesce(sum(hours) FILTER (WHERE source = " +
        SqlInt(ServiceSource::kHonour) +
        "), 0)::float8 AS honour_hours, "
        "coalesce(sum(hours) FILTER (WHERE ($2 = '' OR service_date >= $2::date) AND "
        "($3 = '' OR service_date <= $3::date)), 0)::float8 AS period_hours, "
        "count(*)::int AS record_count FROM service_records "
        "WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0"};
inline const Query kRecordByMonth{
    "record_by_month",
    "SELECT to_char(service_date, 'YYYY-MM') AS month, sum(hours)::float8 AS hours "
    "FROM service_records "
    "WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0 "
    "AND ($2 = '' OR service_date >= $2::date) AND ($3 = '' OR service_date <= $3::date) "
    "GROUP BY 1 ORDER BY 1"};
inline const Query kRecordByOrganiser{
    "record_by_organiser",
    "SELECT organiser, sum(hours)::float8 AS hours FROM service_records "
    "WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0 "
    "AND ($2 = '' OR service_date >= $2::date) AND ($3 = '' OR service_date <= $3::date) "
    "GROUP BY 1 ORDER BY 2 DESC, 1"};
// Current records dated in [$2, $3) of the volunteers living in a street or community.
inline const Query kRecordHoursInRegion{
    "record_hours_in_region",
    "SELECT coalesce(sum(r.hours), 0)::float8 AS hours, "
    "count(DISTINCT r.volunteer_id)::int AS volunteers "
    "FROM service_records r JOIN volunteers v USING (volunteer_id) "
    "WHERE v.community_id LIKE $1 || '%' AND r.superseded_by IS NULL AND r.hours > 0 "
    "AND r.service_date >= $2::date AND r.service_date < $3::date"};

}  // namespace tongxin::volunteer
