#include "services/volunteer/domain/grid_task.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "services/common/clock.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::volunteer {

bool GridTaskReportableBy(const Principal& caller, const Volunteer& volunteer) {
  return caller.InScope(volunteer.community_id) ||
         (!volunteer.grid_id.empty() && caller.InScope(volunteer.grid_id));
}

absl::Status CheckGridTaskInput(const GridTaskInput& in, Time now) {
  if (in.volunteer_id.empty() == in.id_number.empty()) {
    return absl::InvalidArgumentError(
        "volunteer_id: give the volunteer_id or the id_number of who did the task (one of them)");
  }
  if (in.task_type == GridTaskType::kUnspecified) {
    return absl::InvalidArgumentError("task_type: required (GRID_TASK_TYPE_PATROL ...)");
  }
  TX_RETURN_IF_ERROR(CheckText("reference", in.reference, 64));
  if (!in.completed_at_set) return absl::InvalidArgumentError("completed_at: required");
  if (in.completed_at > now + std::chrono::minutes(5)) {
    return absl::InvalidArgumentError("completed_at: lies in the future");
  }
  if (in.completed_at < now - kGridTaskMaxAge) {
    return absl::InvalidArgumentError(
        absl::StrCat("completed_at: more than ", kGridTaskMaxAge.count(), " days ago"));
  }
  if (!in.grid_id.empty()) TX_RETURN_IF_ERROR(CheckRegionId("grid_id", in.grid_id, kGridIdLength));
  return CheckText("description", in.description, 200, false);
}

absl::Status CheckGridTasksPerDay(int reported_that_day, int limit) {
  if (reported_that_day < limit) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("completed_at: the volunteer already has ", limit,
                   " grid tasks reported for that day (China time), the most a day earns"));
}

bool SameTask(const GridTaskReport& first, const GridTaskReport& again) {
  return first.volunteer_id == again.volunteer_id && first.task_type == again.task_type &&
         first.completed_at == again.completed_at && first.grid_id == again.grid_id;
}

std::string_view GridTaskTypeName(GridTaskType type) {
  switch (type) {
    case GridTaskType::kPatrol:
      return "GRID_TASK_TYPE_PATROL";
    case GridTaskType::kAssignedTask:
      return "GRID_TASK_TYPE_ASSIGNED_TASK";
    case GridTaskType::kInfoCollection:
      return "GRID_TASK_TYPE_INFO_COLLECTION";
    case GridTaskType::kConflictMediation:
      return "GRID_TASK_TYPE_CONFLICT_MEDIATION";
    case GridTaskType::kHazardInspection:
      return "GRID_TASK_TYPE_HAZARD_INSPECTION";
    case GridTaskType::kResidentVisit:
      return "GRID_TASK_TYPE_RESIDENT_VISIT";
    case GridTaskType::kUnspecified:
      break;
  }
  return "GRID_TASK_TYPE_UNSPECIFIED";
}

std::string GridTaskSourceRef(const GridTaskReport& report) {
  return "grid-task:" + report.report_id;
}

}  // namespace tongxin::volunteer
