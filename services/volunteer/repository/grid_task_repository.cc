#include "services/volunteer/repository/grid_task_repository.h"

#include "services/common/pagination.h"
#include "services/volunteer/repository/grid_task_queries.h"

namespace tongxin::volunteer {
namespace {

GridTaskReport ReportFrom(const pqxx::row& row) {
  GridTaskReport r;
  r.report_id = row["report_id"].as<std::string>();
  r.client = row["client"].as<std::string>();
  r.reference = row["reference"].as<std::string>();
  r.volunteer_id = row["volunteer_id"].as<std::string>();
  r.community_id = row["community_id"].as<std::string>();
  r.grid_id = row["grid_id"].as<std::string>();
  r.task_type = static_cast<GridTaskType>(row["task_type"].as<int>());
  r.completed_at = FromEpochMicros(row["completed_micros"].as<long long>());
  r.description = row["description"].as<std::string>();
  r.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return r;
}

}  // namespace

GridTaskRepository::GridTaskRepository(Db& db) {
  db.Register({kGridTaskInsert, kGridTaskByReference, kGridTaskCountCompletedBetween});
  db.RegisterConstraintMessages({
      {"grid_task_reports_volunteer_id_fkey", "volunteer_id: no such volunteer"},
      {"grid_task_reports_reference_check", "reference: 1 to 64 characters"},
      {"grid_task_reports_description_check", "description: at most 200 characters"},
  });
}

absl::StatusOr<GridTaskRepository::Written> GridTaskRepository::Insert(Tx& tx,
                                                                       const GridTaskReport& r) {
  auto rows =
      Exec(tx, kGridTaskInsert, r.client, r.reference, r.volunteer_id, r.community_id, r.grid_id,
           static_cast<int>(r.task_type), ToEpochMicros(r.completed_at), r.description);
  if (!rows.empty()) return Written{ReportFrom(rows[0]), true};
  auto first = FindByReference(tx, r.client, r.reference);
  if (!first) return absl::AbortedError("grid task report conflict; retry");
  return Written{*std::move(first), false};
}

std::optional<GridTaskReport> GridTaskRepository::FindByReference(Tx& tx, const std::string& client,
                                                                  const std::string& reference) {
  auto rows = Exec(tx, kGridTaskByReference, client, reference);
  if (rows.empty()) return std::nullopt;
  return ReportFrom(rows[0]);
}

int GridTaskRepository::CountCompletedBetween(Tx& tx, const std::string& volunteer_id, Time begin,
                                              Time end) {
  LockKey(tx, "grid_task_reports:" + volunteer_id);
  return Exec1(tx, kGridTaskCountCompletedBetween, volunteer_id, ToEpochMicros(begin),
               ToEpochMicros(end))[0]
      .as<int>();
}

}  // namespace tongxin::volunteer
