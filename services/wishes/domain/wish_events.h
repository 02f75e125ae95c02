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
  // A volunteer's fulfilment of `wish` was confirmed in `tx`: their points (and hours, where
  // given) are due, exactly once.
  virtual void Confirmed(Tx& tx, const Wish& wish) = 0;
};

}  // namespace tongxin::wishes
