// The gRPC layer of the points service: one CallbackService (one gRPC service), its method
// bodies split by area over points_grpc_<area>.cc; conversions live in mapping.h. Every call runs
// in one transaction on the worker pool, mutating calls once per request_id.
#pragma once

#include "services/common/rpc_handlers.h"
#include "services/points/domain/ledger_domain.h"
#include "services/points/domain/rankings_domain.h"
#include "services/points/domain/rounds_domain.h"
#include "services/points/domain/statistics_domain.h"
#include "services/points/domain/store_domain.h"
#include "tongxin/points/v1/points.grpc.pb.h"

namespace tongxin::points {

namespace pb = ::tongxin::points::v1;

// The domain areas the RPCs call.
struct PointsDomains {
  LedgerDomain& ledger;
  StoreDomain& store;
  RankingsDomain& rankings;
  RoundsDomain& rounds;
  StatisticsDomain& statistics;
};

class PointsGrpc final : public pb::PointsService::CallbackService, private RpcHandlers {
 public:
  PointsGrpc(const PointsDomains& domains, Db& db, const RpcRunner& runner);

  // Ledger (points_grpc_ledger.cc).
  Reactor* Award(Ctx*, const pb::AwardRequest*, pb::AwardResponse*) override;
  Reactor* Adjust(Ctx*, const pb::AdjustRequest*, pb::Transfer*) override;
  Reactor* ReverseTransfer(Ctx*, const pb::ReverseTransferRequest*, pb::Transfer*) override;
  Reactor* GetBalance(Ctx*, const pb::GetBalanceRequest*, pb::Balance*) override;
  Reactor* ListTransfers(Ctx*, const pb::ListTransfersRequest*,
                         pb::ListTransfersResponse*) override;
  Reactor* CheckConsistency(Ctx*, const pb::CheckConsistencyRequest*,
                            pb::ConsistencyReport*) override;
  Reactor* GetEarningRules(Ctx*, const pb::GetEarningRulesRequest*, pb::EarningRules*) override;
  Reactor* UpdateEarningRules(Ctx*, const pb::UpdateEarningRulesRequest*,
                              pb::EarningRules*) override;
  Reactor* RunExpiry(Ctx*, const pb::RunExpiryRequest*, pb::RunExpiryResponse*) override;

  // Store (points_grpc_store.cc).
  Reactor* CreateReward(Ctx*, const pb::CreateRewardRequest*, pb::Reward*) override;
  Reactor* RestockReward(Ctx*, const pb::RestockRewardRequest*, pb::Reward*) override;
  Reactor* SetRewardActive(Ctx*, const pb::SetRewardActiveRequest*, pb::Reward*) override;
  Reactor* GetReward(Ctx*, const pb::GetRewardRequest*, pb::Reward*) override;
  Reactor* ListRewards(Ctx*, const pb::ListRewardsRequest*, pb::ListRewardsResponse*) override;
  Reactor* Redeem(Ctx*, const pb::RedeemRequest*, pb::Order*) override;
  Reactor* CollectOrder(Ctx*, const pb::CollectOrderRequest*, pb::Order*) override;
  Reactor* CancelOrder(Ctx*, const pb::CancelOrderRequest*, pb::Order*) override;
  Reactor* ListOrders(Ctx*, const pb::ListOrdersRequest*, pb::ListOrdersResponse*) override;

  // Rankings and tiers (points_grpc_rankings.cc).
  Reactor* GetLeaderboard(Ctx*, const pb::GetLeaderboardRequest*, pb::Leaderboard*) override;
  Reactor* GetTiers(Ctx*, const pb::GetTiersRequest*, pb::Tiers*) override;
  Reactor* UpdateTiers(Ctx*, const pb::UpdateTiersRequest*, pb::Tiers*) override;

  // Statistics (points_grpc_statistics.cc).
  Reactor* GetPointsStatistics(Ctx*, const pb::GetPointsStatisticsRequest*,
                               pb::PointsStatistics*) override;

  // Commendation rounds (points_grpc_rounds.cc).
  Reactor* CreateRound(Ctx*, const pb::CreateRoundRequest*, pb::Round*) override;
  Reactor* GetRound(Ctx*, const pb::GetRoundRequest*, pb::Round*) override;
  Reactor* ListRounds(Ctx*, const pb::ListRoundsRequest*, pb::ListRoundsResponse*) override;
  Reactor* DecideCandidate(Ctx*, const pb::DecideCandidateRequest*, pb::Round*) override;
  Reactor* PublishRound(Ctx*, const pb::PublishRoundRequest*, pb::Round*) override;
  Reactor* LodgeObjection(Ctx*, const pb::LodgeObjectionRequest*, pb::Objection*) override;
  Reactor* ResolveObjection(Ctx*, const pb::ResolveObjectionRequest*, pb::Round*) override;
  Reactor* FinalizeRound(Ctx*, const pb::FinalizeRoundRequest*, pb::Round*) override;
  Reactor* ListCommendations(Ctx*, const pb::ListCommendationsRequest*,
                             pb::ListCommendationsResponse*) override;
  Reactor* ExportRound(Ctx*, const pb::ExportRoundRequest*, pb::ExportRoundResponse*) override;

 private:
  PointsDomains domains_;
};

}  // namespace tongxin::points
