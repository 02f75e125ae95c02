// The volunteer service's outbox events: a reported grid task's points (points.Award,
// ACTIVITY_GRID_TASK), written with EnqueueCall in the reporting transaction; the relay delivers
// it with the event id as request_id, and the award is also unique by its source_ref. And an
// approved registration, told to the notifications service (cn.tongxin.volunteer.approved,
// docs/events.md) in the approving transaction.
#pragma once

#include "services/clients/notification_events.h"
#include "services/common/db.h"
#include "services/common/outbox.h"
#include "services/volunteer/domain/grid_task_events.h"
#include "services/volunteer/domain/registration_events.h"
#include "tongxin/points/v1/points.grpc.pb.h"

namespace tongxin::volunteer {

const google::protobuf::MethodDescriptor& AwardMethod();

// The request (its request_id is set when enqueued). Pure: the tests read it.
points::v1::AwardRequest GridTaskPointsRequest(const GridTaskReport& report,
                                               const Volunteer& volunteer);

class OutboxGridTaskEvents final : public GridTaskEvents {
 public:
  // Registers the outbox statements with `db`.
  explicit OutboxGridTaskEvents(Db& db);

  void TaskReported(Tx& tx, const GridTaskReport& report, const Volunteer& volunteer) override;

 private:
  const google::protobuf::MethodDescriptor& award_;
};

// The notifications' event of an approval (pure: the unit tests read it): the volunteer is told;
// the feed shows the masked name only.
notifications::v1::PublishEventRequest VolunteerApprovedEvent(const Volunteer& volunteer, Time at);

class OutboxRegistrationEvents final : public RegistrationEvents {
 public:
  // Registers the outbox statements with `db`.
  explicit OutboxRegistrationEvents(Db& db);

  void Approved(Tx& tx, const Volunteer& volunteer, Time at) override;

 private:
  const google::protobuf::MethodDescriptor& publish_event_;
};

}  // namespace tongxin::volunteer
