// The gRPC layer of the wishes service: maps proto ↔ domain (grpc/mapping.h) and absl::Status ↔
// grpc::Status; every call runs in one transaction on the worker pool, mutating calls once per
// request_id. Built by WishesService (wishes_service.h).
#pragma once

#include "services/clients/volunteer_directory.h"
#include "services/common/rpc_handlers.h"
#include "services/wishes/domain/wishes_domain.h"
#include "tongxin/wishes/v1/wishes.grpc.pb.h"

namespace tongxin::wishes {

namespace pb = ::tongxin::wishes::v1;

class WishesGrpc final : public pb::WishesService::CallbackService, private RpcHandlers {
 public:
  WishesGrpc(WishesDomain& domain, const clients::VolunteerDirectory& volunteers, Db& db,
             const RpcRunner& runner, const PersonalDataCipher& cipher);

  Reactor* SubmitWish(Ctx*, const pb::SubmitWishRequest*, pb::Wish*) override;
  Reactor* GetWish(Ctx*, const pb::GetWishRequest*, pb::Wish*) override;
  Reactor* ReviewWish(Ctx*, const pb::ReviewWishRequest*, pb::Wish*) override;
  Reactor* ListWall(Ctx*, const pb::ListWallRequest*, pb::ListWallResponse*) override;
  Reactor* ListWishes(Ctx*, const pb::ListWishesRequest*, pb::ListWishesResponse*) override;
  Reactor* ClaimWish(Ctx*, const pb::ClaimWishRequest*, pb::Wish*) override;
  Reactor* ReleaseClaim(Ctx*, const pb::ReleaseClaimRequest*, pb::Wish*) override;
  Reactor* FulfilWish(Ctx*, const pb::FulfilWishRequest*, pb::Wish*) override;
  Reactor* ConfirmWish(Ctx*, const pb::ConfirmWishRequest*, pb::Wish*) override;
  Reactor* WithdrawWish(Ctx*, const pb::WithdrawWishRequest*, pb::Wish*) override;
  Reactor* CancelWish(Ctx*, const pb::CancelWishRequest*, pb::Wish*) override;
  Reactor* ReleaseExpiredClaims(Ctx*, const pb::ReleaseExpiredClaimsRequest*,
                                pb::ReleaseExpiredClaimsResponse*) override;
  Reactor* GetHistory(Ctx*, const pb::GetHistoryRequest*, pb::History*) override;
  Reactor* GetStatistics(Ctx*, const pb::GetStatisticsRequest*, pb::Statistics*) override;
  Reactor* ListAccessLog(Ctx*, const pb::ListAccessLogRequest*,
                         pb::ListAccessLogResponse*) override;

 private:
  WishesDomain& domain_;
  const clients::VolunteerDirectory& volunteers_;
};

}  // namespace tongxin::wishes
