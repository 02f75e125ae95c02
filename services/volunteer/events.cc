#include "services/volunteer/events.h"

#include <string>

#include "services/common/name_mask.h"

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

notifications::v1::PublishEventRequest VolunteerApprovedEvent(const Volunteer& volunteer, Time at) {
  auto event =
      clients::NewEvent("cn.tongxin.volunteer.approved", "volunteers/" + volunteer.volunteer_id,
                        volunteer.community_id, at);
  clients::SetData(event, "volunteer_id", volunteer.volunteer_id);
  clients::SetData(event, "community_id", volunteer.community_id);
  clients::SetData(event, "name_masked", MaskName(volunteer.name));
  clients::AddNote(event, volunteer.volunteer_id, "志愿者注册已通过审核",
                   "欢迎加入同心志愿者队伍！您的注册已通过社区审核，现在可以认领微心愿、服务岗位"
                   "和报名志愿活动了。",
                   "/m/me");
  return event;
}

OutboxRegistrationEvents::OutboxRegistrationEvents(Db& db)
    :  // Resolved here: a misspelt method stops the service (and its tests) at start-up.
      publish_event_(clients::PublishEventMethod()) {
  PrepareOutbox(db);
}

void OutboxRegistrationEvents::Approved(Tx& tx, const Volunteer& volunteer, Time at) {
  auto event = VolunteerApprovedEvent(volunteer, at);
  EnqueueCall(tx, publish_event_, volunteer.community_id, event);
}

}  // namespace tongxin::volunteer
