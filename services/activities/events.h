// The activities service's outbox events: what a confirmed attendance asks of the volunteer
// service (RecordService, source ACTIVITY: its hours) and of the points service (Award: its
// points). Each request is built in one function and written with EnqueueCall in the confirming
// transaction; the relay delivers it with the event id as request_id, and both receivers are
// also unique by source_ref ("activity:<participation_id>").
#pragma once

#include "services/activities/domain/activity_events.h"
#include "services/common/db.h"
#include "services/common/outbox.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::activities {

// The post type the points service prices activity hours by: a community (or street) sets a
// rate for ACTIVITY in its earning rules, else its base points_per_hour applies.
inline constexpr char kActivityPointsType[] = "ACTIVITY";

const google::protobuf::MethodDescriptor& RecordServiceMethod();
const google::protobuf::MethodDescriptor& AwardMethod();

// The requests (their request_id is set when enqueued). Pure: the unit tests read them.
volunteer::v1::RecordServiceRequest AttendanceHoursRequest(const ConfirmedAttendance& attendance);
points::v1::AwardRequest AttendancePointsRequest(const ConfirmedAttendance& attendance);

// ActivityEvents as outbox rows in the caller's transaction.
class OutboxActivityEvents final : public ActivityEvents {
 public:
  explicit OutboxActivityEvents(Db& db);

  void AttendanceConfirmed(Tx& tx, const ConfirmedAttendance& attendance) override;

 private:
  const google::protobuf::MethodDescriptor& record_service_;
  const google::protobuf::MethodDescriptor& award_;
};

}  // namespace tongxin::activities
