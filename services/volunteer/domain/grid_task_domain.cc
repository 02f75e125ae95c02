#include "services/volunteer/domain/grid_task_domain.h"

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
                               const Clock& clock)
    : reports_(reports),
      lookups_(lookups),
      id_lookups_(id_lookups),
      events_(events),
      clock_(clock) {}

absl::StatusOr<Volunteer> GridTaskDomain::Reported(Tx& tx, const Principal& caller,
                                                   const GridTaskInput& in) {
  if (!in.id_number.empty()) return id_lookups_.FindInCallersScope(tx, caller, in.id_number);
  TX_RETURN_IF_ERROR(CheckVolunteerId(in.volunteer_id));
  absl::StatusOr<Volunteer> found = lookups_.FindVolunteer(tx, in.volunteer_id);
  if (absl::IsNotFound(found.status())) return NoSuchVolunteer();
  TX_RETURN_IF_ERROR(found.status());
  if (!caller.InScope(found->community_id)) return NoSuchVolunteer();
  return found;
}

absl::StatusOr<GridTaskReport> GridTaskDomain::Report(Tx& tx, const Principal& caller,
                                                      const GridTaskInput& in) {
  if (caller.role != Role::kIntegration && caller.role != Role::kSystem) {
    return absl::PermissionDeniedError("grid tasks are reported by the grid system's client");
  }
  TX_RETURN_IF_ERROR(CheckGridTaskInput(in, clock_.Now()));
  TX_ASSIGN_OR_RETURN(Volunteer volunteer, Reported(tx, caller, in));
  if (volunteer.status != VolunteerStatus::kActive) {
    return absl::FailedPreconditionError("volunteer_id: not an active (approved) volunteer");
  }
  if (!in.grid_id.empty()) {
    if (!caller.InScope(in.grid_id)) return absl::NotFoundError("grid_id: no such grid");
    TX_RETURN_IF_ERROR(
        lookups_.RequireCommunityAndGrid(tx, in.grid_id.substr(0, kCommunityIdLength), in.grid_id));
  }
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
    if (!SameTask(written.report, report)) {
      return absl::FailedPreconditionError(
          "reference: already reported for another volunteer, task type or completion time");
    }
    return written.report;  // the first report; its points were due once, then
  }
  events_.TaskReported(tx, written.report, volunteer);
  return written.report;
}

}  // namespace tongxin::volunteer
