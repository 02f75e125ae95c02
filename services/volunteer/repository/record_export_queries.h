// The statements of RecordExportRepository (the national service-record export and its log),
// each declared once. Rows are read by the column names given here.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/id_lookup_queries.h"

namespace tongxin::volunteer {

inline const std::string kExportColumns =
    "seq::text AS seq, export_id::text AS export_id, caller, caller_role, region_id, "
    "period_start::text AS period_start, period_end::text AS period_end, "
    "epoch_micros(as_of) AS as_of_micros, epoch_micros(started_at) AS started_micros, "
    "epoch_micros(last_page_at) AS last_page_micros, rows_served, pages";

// A new export. as_of is the database's time less $6 microseconds (the settling margin, see
// RecordExportOptions): records are stamped with the database's time.
inline const Query kExportInsert{
    "export_insert",
    "INSERT INTO service_record_exports (caller, caller_role, region_id, period_start, "
    "period_end, as_of, started_at, last_page_at) VALUES ($1, $2, $3, $4::date, $5::date, "
    "now() - $6::bigint * interval '1 microsecond', " +
        FromMicrosSql("$7") + ", " + FromMicrosSql("$7") + ") RETURNING " + kExportColumns};
// Who is in the region when the export starts (and has records dated in the period): later
// pages read only these volunteers, wherever they live by then.
inline const Query kExportSnapshotVolunteers{
    "export_snapshot_volunteers",
    "INSERT INTO service_record_export_volunteers (export_id, volunteer_id, community_id) "
    "SELECT $1::uuid, v.volunteer_id, v.community_id FROM volunteers v "
    "WHERE v.community_id LIKE $2 || '%' AND EXISTS (SELECT 1 FROM service_records r "
    "WHERE r.volunteer_id = v.volunteer_id AND r.service_date BETWEEN $3::date AND $4::date)"};
// One page: the records effective at as_of ($4, microseconds) — recorded by then and not
// superseded by a correction recorded by then — dated in the period, with hours, after the key
// ($5 date, $6 record id), in key order.
inline const Query kExportPage{
    "export_page",
    "SELECT r.record_id::text AS record_id, r.original_record_id::text AS record_reference, "
    "r.volunteer_id, m.community_id, v.name AS volunteer_name, v.id_number_sealed, "
    "r.organiser, r.source, r.service_date::text AS service_date, r.organiser_region_id, "
    "coalesce(c.name, s.name, '') AS place_name, r.description, r.hours::float8 AS hours, "
    "(r.corrects_record_id IS NOT NULL) AS corrected "
    "FROM service_record_export_volunteers m "
    "JOIN service_records r ON r.volunteer_id = m.volunteer_id "
    "JOIN volunteers v ON v.volunteer_id = r.volunteer_id "
    "LEFT JOIN communities c ON c.community_id = left(r.organiser_region_id, 12) "
    "LEFT JOIN streets s ON s.street_id = left(r.organiser_region_id, 9) "
    "WHERE m.export_id = $1::uuid AND r.service_date BETWEEN $2::date AND $3::date "
    "AND r.created_at <= " +
        FromMicrosSql("$4") +
        " AND r.hours > 0 AND NOT EXISTS (SELECT 1 FROM service_records n "
        "WHERE n.record_id = r.superseded_by AND n.created_at <= " +
        FromMicrosSql("$4") +
        ") AND (r.service_date, r.record_id) > ($5::date, $6::uuid) "
        "ORDER BY r.service_date, r.record_id LIMIT $7"};
// The page served: counted on the export's row ($3: the page's time, microseconds).
inline const Query kExportCountPage{
    "export_count_page",
    "UPDATE service_record_exports SET rows_served = rows_served + $2, pages = pages + 1, "
    "last_page_at = " +
        FromMicrosSql("$3") + " WHERE export_id = $1::uuid RETURNING " + kExportColumns};
// The ID numbers a page revealed, one access-log row per volunteer ($5, $6: volunteer and
// community ids, in step).
inline const Query kExportLogReveals{
    "export_log_reveals",
    "INSERT INTO id_number_lookups (caller, caller_role, caller_scope, looked_up_at, result, "
    "volunteer_id, hit_community_id) SELECT $1, $2, $3::text[], " +
        FromMicrosSql("$4") + ", " + SqlInt(IdLookupResult::kExported) +
        ", t.volunteer_id, t.community_id FROM unnest($5::text[], $6::text[]) "
        "AS t(volunteer_id, community_id)"};
// The export's last page served: its volunteers are no longer needed (the reveals name them).
inline const Query kExportForgetVolunteers{
    "export_forget_volunteers",
    "DELETE FROM service_record_export_volunteers WHERE export_id = $1::uuid"};
// A region's exports (the region and the communities in it), newest first; $2: the seq of the
// previous page's last.
inline const Query kExportList{"export_list",
                               "SELECT " + kExportColumns +
                                   " FROM service_record_exports WHERE region_id LIKE $1 || '%' "
                                   "AND seq < $2::bigint ORDER BY seq DESC LIMIT $3"};

}  // namespace tongxin::volunteer
