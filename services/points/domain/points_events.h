// What the points domain tells other services, as a port it owns (like posts' PostEvents): the
// domain says what happened inside its transaction; events.cc (OutboxPointsEvents) turns that
// into outbox events to the notifications service. So the domain knows neither the outbox nor
// the other services' request messages.
#pragma once

#include "services/common/db.h"
#include "services/points/domain/model.h"

namespace tongxin::points {

class PointsEvents {
 public:
  virtual ~PointsEvents() = default;
  // A new order was placed in `tx`: its reward is held for the volunteer, ready to collect.
  virtual void OrderReady(Tx& tx, const Order& order) = 0;
  // The order was handed out at the store in `tx`.
  virtual void OrderHandedOut(Tx& tx, const Order& order) = 0;
  // The round's list went on public notice (公示) at `at` in `tx`; `round` as it now stands.
  virtual void RoundPublished(Tx& tx, const Round& round, Time at) = 0;
  // The round was finalized in `tx`: its confirmed candidates are commended.
  virtual void RoundFinalized(Tx& tx, const Round& round) = 0;
};

}  // namespace tongxin::points
