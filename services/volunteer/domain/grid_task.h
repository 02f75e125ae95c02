// Grid tasks the grid system reports done by volunteers (巡查, 交办任务 ...): the values and the
// pure checks of a report. grid_task_domain.h runs a report; knows neither SQL nor gRPC.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// The proto's numbers (tongxin.volunteer.v1.GridTaskType), also stored in SQL.
enum class GridTaskType {
  kUnspecified = 0,
  kPatrol = 1,
  kAssignedTask = 2,
  kInfoCollection = 3,
  kConflictMediation = 4,
  kHazardInspection = 5,
  kResidentVisit = 6,
};

// What a report asks: who (volunteer_id or id_number, exactly one), what and when.
struct GridTaskInput {
  std::string volunteer_id;
  std::string id_number;
  GridTaskType task_type = GridTaskType::kUnspecified;
  std::string reference;
  Time completed_at{};
  bool completed_at_set = false;
  std::string grid_id;
  std::string description;
};

struct GridTaskReport {
  std::string report_id;
  std::string client;  // the reporting client's token subject
  std::string volunteer_id;
  std::string community_id;
  GridTaskType task_type = GridTaskType::kUnspecified;
  std::string reference;
  Time completed_at{};
  std::string grid_id;
  std::string description;
  Time create_time{};
};

// How old a task may be when reported: the grid system reports within days; an older one is
// refused rather than paid into a long-closed month.
inline constexpr std::chrono::days kGridTaskMaxAge{90};
// Grid tasks a volunteer may be credited with per day of completion (China time, UTC+8), over
// all clients (VolunteerOptions::grid_tasks_per_volunteer_day): a client cannot mint points
// without bound by inventing references.
inline constexpr int kDefaultGridTasksPerVolunteerDay = 20;

// Whom `caller` may report: a volunteer whose community, or grid, lies in its scope (a client
// serving a grid reports the volunteers of that grid).
bool GridTaskReportableBy(const Principal& caller, const Volunteer& volunteer);

// The form of a report: INVALID_ARGUMENT naming the first field amiss. `now` bounds completed_at
// (a few minutes of the grid system's clock running fast are allowed; at most kGridTaskMaxAge
// old).
absl::Status CheckGridTaskInput(const GridTaskInput& in, Time now);

// RESOURCE_EXHAUSTED naming completed_at once `reported_that_day` reaches `limit`.
absl::Status CheckGridTasksPerDay(int reported_that_day, int limit);

// Whether a second report of the same reference says the same: the same volunteer, type, time
// and grid (its description may differ).
bool SameTask(const GridTaskReport& first, const GridTaskReport& again);

// GRID_TASK_TYPE_PATROL ...: the name the points service's earning rules key task types by.
std::string_view GridTaskTypeName(GridTaskType type);

// The reference the points award is unique by.
std::string GridTaskSourceRef(const GridTaskReport& report);

}  // namespace tongxin::volunteer
