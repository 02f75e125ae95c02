// What the grid task domain tells other services, as a port it owns (like posts' PostEvents):
// events.cc turns it into an outbox event calling points.Award.
#pragma once

#include "services/common/db.h"
#include "services/volunteer/domain/grid_task.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

class GridTaskEvents {
 public:
  virtual ~GridTaskEvents() = default;
  // A new report was written in `tx` for `volunteer`: its points are due, exactly once.
  virtual void TaskReported(Tx& tx, const GridTaskReport& report, const Volunteer& volunteer) = 0;
};

}  // namespace tongxin::volunteer
