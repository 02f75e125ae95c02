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
    "epoch_micros(last_page_at) AS last_page_micros, rows_served, pages, rows_total, "
    "coalesce(epoch_micros(finished_at), 0) AS finished_micros, "
    "(snapshot_purged_at IS NOT NULL) AS snapshot_purged";

// The records in an export (alias e: its row, whose as_of and period hold): those of its
// volunteers (m), effective at as_of — recorded by then and not superseded by a correction
// recorded by then — dated in the period, with hours. The page and the count share it.
inline const std::string kExportRecordsFrom =
    "service_record_export_volunteers m JOIN service_records r ON r.volunteer_id = m.volunteer_id";
inline const std::string kExportRecordsWhere =
    "m.export_id = e.export_id AND r.service_date BETWEEN e.period_start AND e.period_end "
    "AND r.created_at <= e.as_of AND r.hours > 0 AND NOT EXISTS (SELECT 1 FROM service_records "
    "n WHERE n.record_id = r.superseded_by AND n.created_at <= e.as_of)";

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
// The export's rows, counted once at its first page (the row cap is checked against it).
inline const Query kExportCountRows{
    "export_count_rows", "UPDATE service_record_exports e SET rows_total = (SELECT count(*) FROM " +
                             kExportRecordsFrom + " WHERE " + kExportRecordsWhere +
                             ") WHERE e.export_id = $1::uuid RETURNING " + kExportColumns};
// A later page's export, locked against the purge job while the page is read.
inline const Query kExportResume{"export_resume", "SELECT " + kExportColumns +
                                                      " FROM service_record_exports "
                                                      "WHERE export_id = $1::uuid FOR SHARE"};
// One page: the export's records after the key ($2 date, $3 record id), in key order.
inline const Query kExportPage{
    "export_page",
    "SELECT r.record_id::text AS record_id, r.original_record_id::text AS record_reference, "
    "r.volunteer_id, m.community_id, v.name AS volunteer_name, v.id_number_sealed, "
    "r.organiser, r.source, r.service_date::text AS service_date, r.organiser_region_id, "
    "coalesce(c.name, s.name, '') AS place_name, r.description, r.hours::float8 AS hours, "
    "(r.corrects_record_id IS NOT NULL) AS corrected "
    "FROM service_record_exports e, " +
        kExportRecordsFrom +
        " JOIN volunteers v ON v.volunteer_id = r.volunteer_id "
        "LEFT JOIN communities c ON c.community_id = left(r.organiser_region_id, 12) "
        "LEFT JOIN streets s ON s.street_id = left(r.organiser_region_id, 9) "
        "WHERE e.export_id = $1::uuid AND " +
        kExportRecordsWhere +
        " AND (r.service_date, r.record_id) > ($2::date, $3::uuid) "
        "ORDER BY r.service_date, r.record_id LIMIT $4"};
// The page served: counted on the export's row ($3: the page's time, microseconds); $4: it
// was the last page (the first time it was served stays the finish).
inline const Query kExportCountPage{
    "export_count_page",
    "UPDATE service_record_exports SET rows_served = rows_served + $2, pages = pages + 1, "
    "last_page_at = " +
        FromMicrosSql("$3") + ", finished_at = coalesce(finished_at, CASE WHEN $4::boolean THEN " +
        FromMicrosSql("$3") + " END) WHERE export_id = $1::uuid RETURNING " + kExportColumns};
// The ID numbers a page revealed, one access-log row per volunteer ($5, $6: volunteer and
// community ids, in step).
inline const Query kExportLogReveals{
    "export_log_reveals",
    "INSERT INTO id_number_lookups (caller, caller_role, caller_scope, looked_up_at, result, "
    "volunteer_id, hit_community_id) SELECT $1, $2, $3::text[], " +
        FromMicrosSql("$4") + ", " + SqlInt(IdLookupResult::kExported) +
        ", t.volunteer_id, t.community_id FROM unnest($5::text[], $6::text[]) "
        "AS t(volunteer_id, community_id)"};
// The purge job: the snapshots of up to $2 exports whose last page was served before $1
// (microseconds; every token they issued has expired) are forgotten (the reveals name whom they
// covered), the exports marked so that a token of theirs is refused.
inline const Query kExportPurgeSnapshots{
    "export_purge_snapshots",
    "WITH purged AS (UPDATE service_record_exports SET snapshot_purged_at = now() "
    "WHERE export_id IN (SELECT export_id FROM service_record_exports "
    "WHERE snapshot_purged_at IS NULL AND last_page_at < " +
        FromMicrosSql("$1") +
        " ORDER BY last_page_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING export_id), "
        "forgotten AS (DELETE FROM service_record_export_volunteers WHERE export_id IN "
        "(SELECT export_id FROM purged)) SELECT count(*)::int AS purged FROM purged"};
// A region's exports (the region and the communities in it), newest first; $2: the seq of the
// previous page's last.
inline const Query kExportList{"export_list",
                               "SELECT " + kExportColumns +
                                   " FROM service_record_exports WHERE region_id LIKE $1 || '%' "
                                   "AND seq < $2::bigint ORDER BY seq DESC LIMIT $3"};

}  // namespace tongxin::volunteer
