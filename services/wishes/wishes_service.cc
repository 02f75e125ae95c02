#include "services/wishes/wishes_service.h"

#include <spdlog/spdlog.h>

namespace tongxin::wishes {

std::unique_ptr<WishesService> WishesService::Create(Db& db, const Clock& clock,
                                                     const WishesDeps& deps,
                                                     WishesOptions options) {
  return std::unique_ptr<WishesService>(new WishesService(db, clock, deps, options));
}

WishesService::WishesService(Db& db, const Clock& clock, const WishesDeps& deps,
                             WishesOptions options)
    : db_(db),
      wishes_(db),
      access_log_(db),
      events_(db),
      domain_(wishes_, access_log_, events_, deps.cipher, clock, options),
      grpc_(domain_, deps.volunteers, db, deps.runner, deps.cipher),
      outbox_admin_(db, deps.runner),
      // A full batch goes again at once: more claims may be waiting.
      claim_timer_(
          "claim timer", kClaimTimerInterval, clock,
          [this](std::chrono::system_clock::time_point) { return ReleaseExpiredClaims(); },
          WishesDomain::kExpiredClaimsBatch) {}

absl::StatusOr<int> WishesService::ReleaseExpiredClaims() {
  // On the service's pool, where the repository's statements are registered.
  const Principal system{"wishes-claim-timer", Role::kSystem, {}};
  int released = 0;
  absl::Status status = db_.Transact({}, [&](Tx& tx) -> absl::Status {
    auto result = domain_.ReleaseExpiredClaims(tx, system);
    if (!result.ok()) return result.status();
    released = *result;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (released > 0) spdlog::info("released {} expired claims", released);
  return released;
}

}  // namespace tongxin::wishes
