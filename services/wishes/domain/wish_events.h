// What the wishes domain tells other services, as a port it owns: the domain says what happened
// inside its transaction; events.cc (OutboxWishEvents) turns that into outbox events. So the
// domain knows neither the outbox nor the other services' request messages.
#pragma once

#include "services/common/db.h"
#include "services/wishes/domain/model.h"

namespace tongxin::wishes {

class WishEvents {
 public:
  virtual ~WishEvents() = default;
  // `wish` was claimed in `tx` (by a volunteer or a unit): its submitter is told.
  virtual void Claimed(Tx& tx, const Wish& wish) = 0;
  // The fulfilment of `wish` was confirmed in `tx`: a volunteer claimer is told, and their
  // points (and hours, where given) are due, exactly once; a unit's service is its own record
  // (`earns` false: no points, no hours).
  virtual void Confirmed(Tx& tx, const Wish& wish, bool earns) = 0;
  // The fulfilment was sent back to the claimer at `at` (with the reason and a new limit).
  virtual void SentBack(Tx& tx, const Wish& wish, Time at) = 0;
};

}  // namespace tongxin::wishes
