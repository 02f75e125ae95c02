// What the registration domain tells other services, as a port it owns (like GridTaskEvents):
// events.cc turns it into an outbox event to the notifications service.
#pragma once

#include "services/common/db.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class RegistrationEvents {
 public:
  virtual ~RegistrationEvents() = default;
  // A pending registration was approved at `at` in `tx`: the volunteer is told.
  virtual void Approved(Tx& tx, const Volunteer& volunteer, Time at) = 0;
};

}  // namespace tongxin::volunteer
