// What the activities domain tells other services, as a port it owns: the domain says what
// happened inside its transaction; events.cc (OutboxActivityEvents) turns that into outbox
// events. So the domain knows neither the outbox nor the other services' request messages.
#pragma once

#include <string>

#include "services/activities/domain/model.h"
#include "services/common/db.h"

namespace tongxin::activities {

// An attendance the organiser confirmed with the roster, with the hours it earned.
struct ConfirmedAttendance {
  Participation participation;
  Activity activity;
  double hours = 0;
  std::string service_date;  // China date, YYYY-MM-DD
  std::string explanation;
};

class ActivityEvents {
 public:
  virtual ~ActivityEvents() = default;
  // In `tx`: its hours (and the points they earn) are due, exactly once.
  virtual void AttendanceConfirmed(Tx& tx, const ConfirmedAttendance& attendance) = 0;
};

}  // namespace tongxin::activities
