// The statements of GridTaskRepository, each declared once; rows are read by these names.
#pragma once

#include <string>

#include "services/common/db.h"

namespace tongxin::volunteer {

inline const std::string kGridTaskColumns =
    "report_id::text AS report_id, client, reference, volunteer_id, community_id, grid_id, "
    "task_type, epoch_micros(completed_at) AS completed_micros, description, "
    "epoch_micros(created_at) AS create_micros";

// A report once per (client, reference): a repeat inserts nothing (and waits for a concurrent
// first one to commit or roll back).
inline const Query kGridTaskInsert{
    "grid_task_insert",
    "INSERT INTO grid_task_reports (client, reference, volunteer_id, community_id, grid_id, "
    "task_type, completed_at, description) VALUES ($1, $2, $3, $4, $5, $6, "
    "'epoch'::timestamptz + $7::bigint * interval '1 microsecond', $8) "
    " ON CONFLICT ON CONSTRAINT grid_task_reports_once "
    "DO NOTHING RETURNING " +
        kGridTaskColumns};
// A volunteer's reports completed in [$2, $3) (microseconds), for the per-day cap.
inline const Query kGridTaskCountCompletedBetween{
    "grid_task_count_completed_between",
    "SELECT count(*)::int FROM grid_task_reports WHERE volunteer_id = $1 "
    "AND completed_at >= 'epoch'::timestamptz + $2::bigint * interval '1 microsecond' "
    "AND completed_at < 'epoch'::timestamptz + $3::bigint * interval '1 microsecond'"};
inline const Query kGridTaskByReference{
    "grid_task_by_reference",
    "SELECT " + kGridTaskColumns + " FROM grid_task_reports WHERE client = $1 AND reference = $2"};

}  // namespace tongxin::volunteer
