// The wishes service's outbox events: what a confirmed wish asks of the points service (Award:
// the claimer's points) and, when the claimer gave hours, of the volunteer service
// (RecordService); and what the notifications service publishes (a wish claimed, confirmed or
// sent back: docs/events.md). Each request is built in one function and written with
// EnqueueCall in the transaction of the change; the relay delivers it with the event id as
// request_id, and the receivers are also unique by source_ref (or by the event id).
#pragma once

#include <optional>

#include "services/clients/notification_events.h"
#include "services/common/db.h"
#include "services/common/outbox.h"
#include "services/wishes/domain/wish_events.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::wishes {

// The methods these events call; main.cc names the relay's channels by their services.
const google::protobuf::MethodDescriptor& AwardMethod();
const google::protobuf::MethodDescriptor& RecordServiceMethod();

// The requests (their request_id is set when enqueued). Pure: the unit tests read them.
points::v1::AwardRequest WishPointsRequest(const Wish& wish);
// Only when the claimer gave hours.
std::optional<volunteer::v1::RecordServiceRequest> WishHoursRequest(const Wish& wish);

// The notifications' events (docs/events.md, cn.tongxin.wish.*). Claimed: the submitter is told
// (whoever the wish records as its submitter: the resident or the grid worker). Confirmed and
// sent back: a volunteer claimer is told (a unit has no inbox).
notifications::v1::PublishEventRequest WishClaimedEvent(const Wish& wish);
notifications::v1::PublishEventRequest WishConfirmedEvent(const Wish& wish);
notifications::v1::PublishEventRequest WishSentBackEvent(const Wish& wish, Time at);

// WishEvents as outbox rows in the caller's transaction.
class OutboxWishEvents final : public WishEvents {
 public:
  // Registers the outbox statements with `db`.
  explicit OutboxWishEvents(Db& db);

  void Claimed(Tx& tx, const Wish& wish) override;
  void Confirmed(Tx& tx, const Wish& wish, bool earns) override;
  void SentBack(Tx& tx, const Wish& wish, Time at) override;

 private:
  const google::protobuf::MethodDescriptor& award_;
  const google::protobuf::MethodDescriptor& record_service_;
  const google::protobuf::MethodDescriptor& publish_event_;
};

}  // namespace tongxin::wishes
