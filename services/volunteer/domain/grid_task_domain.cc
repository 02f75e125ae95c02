#include "services/volunteer/domain/grid_task_domain.h"

#include "services/common/idempotency.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"

namespace tongxin::volunteer {
namespace {

absl::Status NoSuchVolunteer() {
  return absl::NotFoundError("volunteer_id: no such volunteer in the regions you serve");
}

}  // namespace

GridTaskDomain::GridTaskDomain(GridTaskRepository& reports, Lookups& lookups,
                               IdLookupDomain& id_lookups, GridTaskEvents& events,
                               const Clock& clock, int tasks_per_volunteer_day)
    : reports_(reports),
      lookups_(lookups),
      id_lookups_(id_lookups),
      events_(events),
      clock_(clock),
      tasks_per_volunteer_day_(tasks_per_volunteer_day) {}

absl::StatusOr<GridTaskReport> GridTaskDomain::Repeated(Tx& tx, const GridTaskReport& first,
                                                        const GridTaskInput& in) {
  GridTaskReport again = first;
  again.task_type = in.task_type;
  again.completed_at = in.completed_at;
  again.grid_id = in.grid_id;
  bool same_volunteer = first.volunteer_id == in.volunteer_id;
  if (!in.id_number.empty()) {
    TX_ASSIGN_OR_RETURN(same_volunteer,
                        id_lookups_.IsIdNumberOf(tx, in.id_number, first.volunteer_id));
  }
  if (!same_volunteer || !SameTask(first, again)) {
    return absl::FailedPreconditionError(
        "reference: already reported for another volunteer, task type, completion time or grid");
  }
  return first;  // its points were due once, then
}

absl::StatusOr<Volunteer> GridTaskDomain::ByVolunteerId(Tx& tx, const Principal& caller,
                                                        const GridTaskInput& in) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(in.volunteer_id));
  absl::StatusOr<Volunteer> found = lookups_.FindVolunteer(tx, in.volunteer_id);
  if (absl::IsNotFound(found.status())) return NoSuchVolunteer();
  TX_RETURN_IF_ERROR(found.status());
  if (!GridTaskReportableBy(caller, *found)) return NoSuchVolunteer();
  if (found->status != VolunteerStatus::kActive) {
    return absl::FailedPreconditionError("volunteer_id: not an active (approved) volunteer");
  }
  return found;
}

absl::StatusOr<GridTaskReport> GridTaskDomain::Write(Tx& tx, const Principal& caller,
                                                     const GridTaskInput& in,
                                                     const Volunteer& volunteer) {
  const ChinaDaySpan day = DaySpanInChina(in.completed_at);
  TX_RETURN_IF_ERROR(CheckGridTasksPerDay(
      reports_.CountCompletedBetween(tx, volunteer.volunteer_id, day.begin, day.end),
      tasks_per_volunteer_day_));
  GridTaskReport report;
  report.client = caller.subject;
  report.volunteer_id = volunteer.volunteer_id;
  report.community_id = volunteer.community_id;
  report.task_type = in.task_type;
  report.reference = in.reference;
  report.completed_at = in.completed_at;
  report.grid_id = in.grid_id;
  report.description = in.description;
  TX_ASSIGN_OR_RETURN(GridTaskRepository::Written written, reports_.Insert(tx, report));
  if (!written.inserted) {
    // A concurrent first report of the reference committed meanwhile.
    if (!SameTask(written.report, report)) {
      return absl::FailedPreconditionError(
          "reference: already reported for another volunteer, task type, completion time or "
          "grid");
    }
    return written.report;
  }
  events_.TaskReported(tx, written.report, volunteer);
  return written.report;
}

absl::StatusOr<GridTaskReport> GridTaskDomain::Report(Tx& tx, const Principal& caller,
                                                      const GridTaskInput& in) {
  if (caller.role != Role::kIntegration && caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("grid tasks are reported by the grid system's client");
  }
  TX_RETURN_IF_ERROR(CheckGridTaskInput(in, clock_.Now()));
  // A repeat answers from the first report, whatever became of the volunteer since.
  if (auto first = reports_.FindByReference(tx, caller.subject, in.reference)) {
    return Repeated(tx, *first, in);
  }
  // The grid before anybody is looked up, so its answer does not depend on who is registered.
  if (!in.grid_id.empty()) {
    if (!caller.InScope(in.grid_id)) return absl::NotFoundError("grid_id: no such grid");
    TX_RETURN_IF_ERROR(
        lookups_.RequireCommunityAndGrid(tx, in.grid_id.substr(0, kCommunityIdLength), in.grid_id));
  }
  if (in.id_number.empty()) {
    TX_ASSIGN_OR_RETURN(Volunteer volunteer, ByVolunteerId(tx, caller, in));
    return Write(tx, caller, in, volunteer);
  }
  // Its refusals are RefusalWithRecords already; so must be any later one, so that the
  // look-up's log row commits whatever the report answers.
  TX_ASSIGN_OR_RETURN(Volunteer volunteer, id_lookups_.FindReportable(tx, caller, in.id_number));
  absl::StatusOr<GridTaskReport> written = Write(tx, caller, in, volunteer);
  if (!written.ok()) return RefusalWithRecord(written.status());
  return written;
}

}  // namespace tongxin::volunteer
