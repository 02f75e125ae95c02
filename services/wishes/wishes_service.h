// The wishes service's composition root: the one place its repositories, events, domain, gRPC
// layer and claim timer are built and owned. main.cc and every test stack build the service
// only through WishesService::Create.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "services/clients/volunteer_directory.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/common/outbox_admin.h"
#include "services/common/periodic_job.h"
#include "services/common/server.h"
#include "services/wishes/domain/wishes_domain.h"
#include "services/wishes/events.h"
#include "services/wishes/grpc/wishes_grpc.h"
#include "services/wishes/repository/access_log_repository.h"
#include "services/wishes/repository/wish_repository.h"

namespace tongxin::wishes {

// What comes from outside the database; each must outlive the service.
struct WishesDeps {
  const RpcRunner& runner;
  // Seals the wisher's name and contact; also keys the idempotency fingerprints.
  const PersonalDataCipher& cipher;
  // Who a claiming volunteer is (the volunteer service, asked outside the transaction).
  const clients::VolunteerDirectory& volunteers;
};

class WishesService {
 public:
  // How often the claim timer looks for claims past their time limit.
  static constexpr std::chrono::minutes kClaimTimerInterval{1};

  static std::unique_ptr<WishesService> Create(Db& db, const Clock& clock, const WishesDeps& deps,
                                               WishesOptions options = {});
  WishesService(const WishesService&) = delete;
  WishesService& operator=(const WishesService&) = delete;

  // To add to a ServiceHost or TestServer.
  grpc::Service* service() { return &grpc_; }
  // The outbox's dead letters for admins (tongxin.outbox.v1), served beside service().
  grpc::Service* outbox_admin() { return &outbox_admin_; }
  WishesDomain& domain() { return domain_; }
  // Puts claims past their time limit back on the wall, as the system (the same as the
  // ReleaseExpiredClaims RPC). main() starts and stops it; tests call RunOnce.
  PeriodicJob& claim_timer() { return claim_timer_; }

 private:
  WishesService(Db& db, const Clock& clock, const WishesDeps& deps, WishesOptions options);
  absl::StatusOr<int> ReleaseExpiredClaims();

  Db& db_;
  WishRepository wishes_;
  AccessLogRepository access_log_;
  OutboxWishEvents events_;
  WishesDomain domain_;
  WishesGrpc grpc_;
  OutboxAdminGrpc outbox_admin_;
  PeriodicJob claim_timer_;
};

}  // namespace tongxin::wishes
