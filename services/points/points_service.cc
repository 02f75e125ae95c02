// The points service assembled: repositories → domain areas → gRPC layer.
#include "services/points/points_service.h"

namespace tongxin::points {

std::unique_ptr<PointsService> PointsService::Create(Db& db, const Clock& clock,
                                                     const PointsDeps& deps,
                                                     PointsOptions options) {
  return std::unique_ptr<PointsService>(new PointsService(db, clock, deps, options));
}

PointsService::PointsService(Db& db, const Clock& clock, const PointsDeps& deps,
                             PointsOptions options)
    : ledger_repository_(db),
      settings_repository_(db),
      store_repository_(db),
      round_repository_(db),
      events_(db),
      accounts_(ledger_repository_),
      ledger_domain_(ledger_repository_, settings_repository_, accounts_, clock, options),
      store_domain_(store_repository_, ledger_repository_, accounts_, events_, clock),
      rankings_domain_(ledger_repository_, settings_repository_, clock),
      rounds_domain_(round_repository_, settings_repository_, events_, clock, options),
      statistics_domain_(ledger_repository_, store_repository_, clock),
      grpc_({ledger_domain_, store_domain_, rankings_domain_, rounds_domain_, statistics_domain_},
            db, deps.runner),
      outbox_admin_(db, deps.runner) {}

}  // namespace tongxin::points
