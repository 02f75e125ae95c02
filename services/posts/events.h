// The posts service's outbox events: what an approved log asks of the volunteer service
// (RecordService: its hours) and of the points service (Award: its points). Each request is built
// in one function and written with EnqueueCall in the approving transaction; the relay delivers
// it with the event id as request_id, and both receivers are also unique by source_ref. And what
// the notifications service publishes (a log approved or rejected, an adoption ended:
// docs/events.md), in the transaction of the change.
#pragma once

#include "services/clients/notification_events.h"
#include "services/common/db.h"
#include "services/common/outbox.h"
#include "services/posts/domain/post_events.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::posts {

// The methods these events call; main.cc names the relay's channels by their services.
const google::protobuf::MethodDescriptor& RecordServiceMethod();
const google::protobuf::MethodDescriptor& AwardMethod();

// The requests (their request_id is set when enqueued). Pure: the unit tests read them.
volunteer::v1::RecordServiceRequest LogHoursRequest(const ApprovedLog& approved);
points::v1::AwardRequest LogPointsRequest(const ApprovedLog& approved);

// The notifications' events (cn.tongxin.service_log.*, cn.tongxin.adoption.ended): a volunteer
// adopter is told (a unit has no inbox). Approved tells the hours; the points are the points
// service's to reckon (the region's rules, the cap) when the award arrives, so the note says
// they follow.
notifications::v1::PublishEventRequest LogApprovedEvent(const ReviewedLog& approved);
notifications::v1::PublishEventRequest LogRejectedEvent(const ReviewedLog& rejected);
notifications::v1::PublishEventRequest AdoptionEndedEvent(const Adoption& adoption,
                                                          const Post& post);

// PostEvents as outbox rows in the caller's transaction.
class OutboxPostEvents final : public PostEvents {
 public:
  // Registers the outbox statements with `db`. The relay wakes when the approval commits (the
  // enqueue notifies; OutboxListener).
  explicit OutboxPostEvents(Db& db);

  void LogApproved(Tx& tx, const ReviewedLog& approved, bool earns) override;
  void LogRejected(Tx& tx, const ReviewedLog& rejected) override;
  void AdoptionEnded(Tx& tx, const Adoption& adoption, const Post& post) override;

 private:
  const google::protobuf::MethodDescriptor& record_service_;
  const google::protobuf::MethodDescriptor& award_;
  const google::protobuf::MethodDescriptor& publish_event_;
};

}  // namespace tongxin::posts
