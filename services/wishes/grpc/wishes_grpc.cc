#include "services/wishes/grpc/wishes_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/wishes/grpc/mapping.h"

namespace tongxin::wishes {

WishesGrpc::WishesGrpc(WishesDomain& domain, const clients::VolunteerDirectory& volunteers, Db& db,
                       const RpcRunner& runner, const PersonalDataCipher& cipher)
    : RpcHandlers(db, runner, &cipher), domain_(domain), volunteers_(volunteers) {}

WishesGrpc::Reactor* WishesGrpc::SubmitWish(Ctx* ctx, const pb::SubmitWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "SubmitWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Submission in, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Submit(tx, call.principal, in));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::GetWish(Ctx* ctx, const pb::GetWishRequest* req, pb::Wish* resp) {
  return Query(ctx, "GetWish", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Get(tx, call.principal, req->wish_id()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ReviewWish(Ctx* ctx, const pb::ReviewWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "ReviewWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Review(tx, call.principal, req->wish_id(),
                                                  req->approve(), req->reason()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ListWall(Ctx* ctx, const pb::ListWallRequest* req,
                                          pb::ListWallResponse* resp) {
  return Query(ctx, "ListWall", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(Category category, CategoryFilter(req->category()));
    TX_ASSIGN_OR_RETURN(auto wall,
                        domain_.Wall(tx, call.principal, req->region_id(), category, page));
    FillPage(wall, resp, [](auto* out, const auto& item) { ToWallItem(item, out->add_wishes()); });
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ListWishes(Ctx* ctx, const pb::ListWishesRequest* req,
                                            pb::ListWishesResponse* resp) {
  return Query(ctx, "ListWishes", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(WishState state, WishStateFilter(req->state()));
    TX_ASSIGN_OR_RETURN(auto wishes, domain_.List(tx, call.principal, req->region_id(), state,
                                                  req->claimer_id(), page));
    FillPage(wishes, resp, [](auto* out, const auto& item) { ToProto(item, out->add_wishes()); });
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ClaimWish(Ctx* ctx, const pb::ClaimWishRequest* req,
                                           pb::Wish* resp) {
  auto volunteer = std::make_shared<clients::VolunteerInfo>();
  // Asked first, outside the transaction, with the caller's deadline: down means UNAVAILABLE.
  auto before = [=, this](const CallContext& call) -> absl::Status {
    if (!req->unit_name().empty()) return absl::OkStatus();  // no volunteer to look up
    TX_RETURN_IF_ERROR(domain_.CheckClaimCaller(call.principal, req->volunteer_id()));
    auto found = volunteers_.Lookup(req->volunteer_id(), call.deadline, "volunteer_id");
    // An admin out of the volunteer's scope learns nothing of them, not even that they exist.
    TX_RETURN_IF_ERROR(clients::CheckActingFor(call.principal, found, "volunteer_id"));
    *volunteer = *std::move(found);
    return absl::OkStatus();
  };
  return Mutate(
      ctx, "ClaimWish", req, resp,
      [=, this](const CallContext& call, Tx& tx) {
        if (!req->unit_name().empty() && !req->volunteer_id().empty()) {
          return absl::InvalidArgumentError("unit_name: give a volunteer_id or a unit_name");
        }
        TX_ASSIGN_OR_RETURN(
            auto wish,
            req->unit_name().empty()
                ? domain_.Claim(tx, call.principal, req->wish_id(), *volunteer)
                : domain_.ClaimForUnit(tx, call.principal, req->wish_id(), req->unit_name()));
        ToProto(wish, resp);
        return absl::OkStatus();
      },
      before);
}

WishesGrpc::Reactor* WishesGrpc::ReleaseClaim(Ctx* ctx, const pb::ReleaseClaimRequest* req,
                                              pb::Wish* resp) {
  return Mutate(ctx, "ReleaseClaim", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Release(tx, call.principal, req->wish_id()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::FulfilWish(Ctx* ctx, const pb::FulfilWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "FulfilWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Fulfil(tx, call.principal, req->wish_id(), req->note(),
                                                  req->photo_url(), req->service_hours()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ConfirmWish(Ctx* ctx, const pb::ConfirmWishRequest* req,
                                             pb::Wish* resp) {
  return Mutate(ctx, "ConfirmWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Confirm(tx, call.principal, req->wish_id(),
                                                   req->confirm(), req->reason()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::WithdrawWish(Ctx* ctx, const pb::WithdrawWishRequest* req,
                                              pb::Wish* resp) {
  return Mutate(ctx, "WithdrawWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish, domain_.Withdraw(tx, call.principal, req->wish_id()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::CancelWish(Ctx* ctx, const pb::CancelWishRequest* req,
                                            pb::Wish* resp) {
  return Mutate(ctx, "CancelWish", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto wish,
                        domain_.Cancel(tx, call.principal, req->wish_id(), req->reason()));
    ToProto(wish, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ReleaseExpiredClaims(Ctx* ctx,
                                                      const pb::ReleaseExpiredClaimsRequest* req,
                                                      pb::ReleaseExpiredClaimsResponse* resp) {
  return Mutate(ctx, "ReleaseExpiredClaims", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(int released, domain_.ReleaseExpiredClaims(tx, call.principal));
    resp->set_released(released);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::GetHistory(Ctx* ctx, const pb::GetHistoryRequest* req,
                                            pb::History* resp) {
  return Query(ctx, "GetHistory", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto history, domain_.History(tx, call.principal, req->wish_id()));
    ToProto(history, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::GetStatistics(Ctx* ctx, const pb::GetStatisticsRequest* req,
                                               pb::Statistics* resp) {
  return Query(ctx, "GetStatistics", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto stats, domain_.Stats(tx, call.principal, req->region_id()));
    ToProto(stats, resp);
    return absl::OkStatus();
  });
}

WishesGrpc::Reactor* WishesGrpc::ListAccessLog(Ctx* ctx, const pb::ListAccessLogRequest* req,
                                               pb::ListAccessLogResponse* resp) {
  return Query(ctx, "ListAccessLog", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto entries, domain_.AccessLog(tx, call.principal, req->region_id(),
                                                        req->wish_id(), req->reader_id(), page));
    FillPage(entries, resp, [](auto* out, const auto& item) { ToProto(item, out->add_entries()); });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::wishes
