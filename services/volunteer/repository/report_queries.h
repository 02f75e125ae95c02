// The statements of ReportRepository (party members' reports to communities), each declared
// once. Rows are read by the column names given here; state literals come from the domain's
// enum.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// A report `r` with the reporting volunteer `v`'s name and party branch.
inline const std::string kReportColumns =
    "r.seq, r.report_id::text AS report_id, r.volunteer_id, v.name AS volunteer_name, "
    "v.party_branch, r.community_id, r.state, r.requested_by, coalesce(r.decided_by, '') AS "
    "decided_by, r.reason, epoch_micros(r.created_at) AS create_micros, "
    "epoch_micros(r.decided_at) AS decide_micros";

// $5: the deciding subject when the report is confirmed at once (decided_at set with it).
inline const Query kReportInsert{
    "report_insert",
    "INSERT INTO community_reports (volunteer_id, community_id, state, requested_by, decided_by, "
    "decided_at) VALUES ($1, $2, $3::smallint, $4, $5, CASE WHEN $3::smallint = " +
        SqlInt(ReportState::kPending) + " THEN NULL ELSE now() END) RETURNING report_id::text"};
inline const Query kReportGet{"report_get", "SELECT " + kReportColumns +
                                                " FROM community_reports r JOIN volunteers v USING "
                                                "(volunteer_id) WHERE r.report_id = $1::uuid"};
// Decides a report only from the state in $2 (the table's "from" of the decision).
inline const Query kReportDecide{
    "report_decide",
    "UPDATE community_reports SET state = $3, decided_by = $4, reason = $5, decided_at = now() "
    "WHERE report_id = $1::uuid AND state = $2 RETURNING report_id::text"};
// A region's reports by arrival; optional state ($2 = unspecified: every state).
inline const Query kReportList{"report_list",
                               "SELECT " + kReportColumns +
                                   " FROM community_reports r JOIN volunteers v USING "
                                   "(volunteer_id) WHERE r.community_id LIKE $1 || '%' "
                                   "AND ($5 = '' OR r.volunteer_id = $5) AND ($2 = " +
                                   SqlInt(ReportState::kUnspecified) +
                                   " OR r.state = $2) AND r.seq > $3::bigint "
                                   "ORDER BY r.seq LIMIT $4"};

}  // namespace tongxin::volunteer
