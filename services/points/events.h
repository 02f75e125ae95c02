// The points service's outbox events: what the notifications service publishes when an order is
// ready (placed: the reward held for the volunteer) or handed out, and when a commendation round
// goes on public notice or is finalized (docs/events.md). Each request is built in one function
// and written with EnqueueCall in the transaction of the change; the relay delivers it with the
// event id as request_id, and the notifications service stores each event once.
#pragma once

#include "services/clients/notification_events.h"
#include "services/common/db.h"
#include "services/common/outbox.h"
#include "services/points/domain/points_events.h"

namespace tongxin::points {

// The requests (their request_id is set when enqueued). Pure: the unit tests read them. An
// order's volunteer is told of it; a round's confirmed candidates are told of its notice and of
// its commendation (the struck ones are not on the list, and nobody else is named).
notifications::v1::PublishEventRequest OrderReadyEvent(const Order& order);
notifications::v1::PublishEventRequest OrderHandedOutEvent(const Order& order);
notifications::v1::PublishEventRequest RoundPublishedEvent(const Round& round, Time at);
notifications::v1::PublishEventRequest RoundFinalizedEvent(const Round& round);

// PointsEvents as outbox rows in the caller's transaction.
class OutboxPointsEvents final : public PointsEvents {
 public:
  // Registers the outbox statements with `db`.
  explicit OutboxPointsEvents(Db& db);

  void OrderReady(Tx& tx, const Order& order) override;
  void OrderHandedOut(Tx& tx, const Order& order) override;
  void RoundPublished(Tx& tx, const Round& round, Time at) override;
  void RoundFinalized(Tx& tx, const Round& round) override;

 private:
  const google::protobuf::MethodDescriptor& publish_event_;
};

}  // namespace tongxin::points
