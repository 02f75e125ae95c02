#include "services/volunteer/events.h"

#include <string>

namespace tongxin::volunteer {

const google::protobuf::MethodDescriptor& AwardMethod() {
  return RpcMethod<points::v1::PointsService>("Award");
}

points::v1::AwardRequest GridTaskPointsRequest(const GridTaskReport& report,
                                               const Volunteer& volunteer) {
  points::v1::AwardRequest award;
  award.set_volunteer_id(report.volunteer_id);
  award.set_volunteer_name(volunteer.name);
  // Earned in, and kept by, the volunteer's own community (a grid worker's grids are its).
  award.set_community_id(report.community_id);
  award.set_home_community_id(volunteer.community_id);
  award.set_party_member(volunteer.political_status == PoliticalStatus::kPartyMember);
  award.set_activity(points::v1::ACTIVITY_GRID_TASK);
  award.set_grid_task_type(std::string(GridTaskTypeName(report.task_type)));
  award.set_source_ref(GridTaskSourceRef(report));
  award.set_description("网格任务 " + report.reference);
  return award;
}

OutboxGridTaskEvents::OutboxGridTaskEvents(Db& db)
    :  // Resolved here: a misspelt method stops the service (and its tests) at start-up.
      award_(AwardMethod()) {
  PrepareOutbox(db);
}

void OutboxGridTaskEvents::TaskReported(Tx& tx, const GridTaskReport& report,
                                        const Volunteer& volunteer) {
  auto award = GridTaskPointsRequest(report, volunteer);
  EnqueueCall(tx, award_, report.community_id, award);
}

}  // namespace tongxin::volunteer
