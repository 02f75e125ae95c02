// The volunteer service's RPC of grid tasks reported by the grid system, with its conversions.
#include "services/common/proto_enum.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/volunteer_grpc.h"

namespace tongxin::volunteer {
namespace {

TX_SAME_ENUM_VALUE(GridTaskType::kUnspecified, pb::GRID_TASK_TYPE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(GridTaskType::kPatrol, pb::GRID_TASK_TYPE_PATROL);
TX_SAME_ENUM_VALUE(GridTaskType::kAssignedTask, pb::GRID_TASK_TYPE_ASSIGNED_TASK);
TX_SAME_ENUM_VALUE(GridTaskType::kInfoCollection, pb::GRID_TASK_TYPE_INFO_COLLECTION);
TX_SAME_ENUM_VALUE(GridTaskType::kConflictMediation, pb::GRID_TASK_TYPE_CONFLICT_MEDIATION);
TX_SAME_ENUM_VALUE(GridTaskType::kHazardInspection, pb::GRID_TASK_TYPE_HAZARD_INSPECTION);
TX_SAME_ENUM_VALUE(GridTaskType::kResidentVisit, pb::GRID_TASK_TYPE_RESIDENT_VISIT);
static_assert(pb::GridTaskType_MAX == pb::GRID_TASK_TYPE_RESIDENT_VISIT,
              "a GridTaskType value is not mapped");

absl::StatusOr<GridTaskInput> FromProto(const pb::ReportGridTaskRequest& in) {
  GridTaskInput task;
  task.volunteer_id = in.volunteer_id();
  task.id_number = in.id_number();
  // Unspecified passes here: the domain names it after checking the caller.
  TX_ASSIGN_OR_RETURN(task.task_type, FromProtoEnum<GridTaskType>(in.task_type(), "task_type",
                                                                  Unspecified::kAllowed));
  task.reference = in.reference();
  task.completed_at_set = in.has_completed_at();
  // Whole microseconds, as stored: a repeat compares equal to what was written.
  if (task.completed_at_set) {
    TX_ASSIGN_OR_RETURN(task.completed_at, FromProtoTime(in.completed_at(), "completed_at"));
  }
  task.grid_id = in.grid_id();
  task.description = in.description();
  return task;
}

void ToProto(const GridTaskReport& in, pb::GridTaskReport* out) {
  out->set_report_id(in.report_id);
  out->set_client(in.client);
  out->set_volunteer_id(in.volunteer_id);
  out->set_community_id(in.community_id);
  out->set_task_type(static_cast<pb::GridTaskType>(in.task_type));
  out->set_reference(in.reference);
  SetTimestamp(out->mutable_completed_at(), in.completed_at);
  out->set_grid_id(in.grid_id);
  out->set_description(in.description);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

}  // namespace

VolunteerGrpc::Reactor* VolunteerGrpc::ReportGridTask(Ctx* ctx,
                                                      const pb::ReportGridTaskRequest* req,
                                                      pb::GridTaskReport* resp) {
  return Mutate(ctx, "ReportGridTask", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(GridTaskInput task, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto report, grid_tasks_.Report(tx, call.principal, task));
    ToProto(report, resp);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::volunteer
