// The points service as tests build it: through its composition root, as its main() does, on a
// database the caller owns (so a test can restart the service on the same data), served on a
// loopback port.
#pragma once

#include <memory>

#include "services/points/points_service.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

struct PointsStack {
  PointsStack(const Clock& clock, Db& db)
      : server(clock),
        points(points::PointsService::Create(db, clock, points::PointsDeps{server.runner()})) {
    server.Start(points->service(), points->outbox_admin());
  }
  // The server stops before the service it calls goes: no call outlives its domain.
  ~PointsStack() { server.Stop(); }
  testing::TestServer server;
  std::unique_ptr<points::PointsService> points;
};

}  // namespace tongxin::testing
