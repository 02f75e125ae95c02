// The points service's composition root: the one place its repositories, domain areas and gRPC
// layer are built and wired. main.cc, the tests' stacks and fixtures all build the service
// through Create, so they run what production runs.
#pragma once

#include <memory>

#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/outbox_admin.h"
#include "services/common/server.h"
#include "services/points/domain/accounts.h"
#include "services/points/domain/ledger_domain.h"
#include "services/points/domain/model.h"
#include "services/points/domain/rankings_domain.h"
#include "services/points/domain/rounds_domain.h"
#include "services/points/domain/statistics_domain.h"
#include "services/points/domain/store_domain.h"
#include "services/points/events.h"
#include "services/points/grpc/points_grpc.h"
#include "services/points/repository/ledger_repository.h"
#include "services/points/repository/round_repository.h"
#include "services/points/repository/settings_repository.h"
#include "services/points/repository/store_repository.h"

namespace tongxin::points {

// What the service needs from outside its database.
struct PointsDeps {
  const RpcRunner& runner;
};

class PointsService {
 public:
  // Registers the statements on `db`; `db`, `clock` and the deps must outlive the service.
  static std::unique_ptr<PointsService> Create(Db& db, const Clock& clock, const PointsDeps& deps,
                                               PointsOptions options = {});
  PointsService(const PointsService&) = delete;
  PointsService& operator=(const PointsService&) = delete;

  // To add to a ServiceHost or TestServer.
  grpc::Service* service() { return &grpc_; }
  // The outbox's dead letters (tongxin.outbox.v1), served beside it.
  grpc::Service* outbox_admin() { return &outbox_admin_; }

  LedgerDomain& ledger() { return ledger_domain_; }
  StoreDomain& store() { return store_domain_; }
  RankingsDomain& rankings() { return rankings_domain_; }
  RoundsDomain& rounds() { return rounds_domain_; }
  StatisticsDomain& statistics() { return statistics_domain_; }

 private:
  PointsService(Db& db, const Clock& clock, const PointsDeps& deps, PointsOptions options);

  // Built in this order (members initialise in declaration order): repositories and the outbox
  // events, then the domain areas on them, then the gRPC layer on the areas.
  LedgerRepository ledger_repository_;
  SettingsRepository settings_repository_;
  StoreRepository store_repository_;
  RoundRepository round_repository_;
  OutboxPointsEvents events_;  // orders and rounds told to the notifications service
  Accounts accounts_;
  LedgerDomain ledger_domain_;
  StoreDomain store_domain_;
  RankingsDomain rankings_domain_;
  RoundsDomain rounds_domain_;
  StatisticsDomain statistics_domain_;
  PointsGrpc grpc_;
  OutboxAdminGrpc outbox_admin_;
};

}  // namespace tongxin::points
