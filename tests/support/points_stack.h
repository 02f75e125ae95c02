// The points service as tests build it: the way its main() builds it, on a database the caller
// owns (so a test can restart the service on the same data), served on a loopback port.
#pragma once

#include "services/points/grpc/points_grpc.h"
#include "tests/support/test_server.h"

namespace tongxin::testing {

struct PointsStack {
  PointsStack(const Clock& clock, Db& db)
      : ledger(db),
        settings(db),
        store(db),
        rounds(db),
        domain(ledger, settings, store, rounds, clock),
        server(clock),
        service(domain, db, server.runner()) {
    server.Start(&service);
  }
  points::LedgerRepository ledger;
  points::SettingsRepository settings;
  points::StoreRepository store;
  points::RoundRepository rounds;
  points::PointsDomain domain;
  testing::TestServer server;
  points::PointsGrpc service;
};

}  // namespace tongxin::testing
