// The commendation rounds' RPCs: create, decide, publish, object, resolve, finalize, list and
// export.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/points/grpc/mapping.h"
#include "services/points/grpc/points_grpc.h"

namespace tongxin::points {

PointsGrpc::Reactor* PointsGrpc::CreateRound(Ctx* ctx, const pb::CreateRoundRequest* req,
                                             pb::Round* resp) {
  return Mutate(ctx, "CreateRound", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Round round, FromProto(req->round()));
    TX_ASSIGN_OR_RETURN(auto created, domains_.rounds.CreateRound(tx, call.principal, round));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::GetRound(Ctx* ctx, const pb::GetRoundRequest* req,
                                          pb::Round* resp) {
  return Query(ctx, "GetRound", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round, domains_.rounds.GetRound(tx, call.principal, req->round_id()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListRounds(Ctx* ctx, const pb::ListRoundsRequest* req,
                                            pb::ListRoundsResponse* resp) {
  return Query(ctx, "ListRounds", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto rounds,
                        domains_.rounds.ListRounds(tx, call.principal, req->region_id(), page));
    FillPage(rounds, resp, [](auto* out, const auto& item) { ToProto(item, out->add_rounds()); });
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::DecideCandidate(Ctx* ctx, const pb::DecideCandidateRequest* req,
                                                 pb::Round* resp) {
  return Mutate(ctx, "DecideCandidate", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto decision, FromProto(req->decision()));
    TX_ASSIGN_OR_RETURN(
        auto round, domains_.rounds.DecideCandidate(tx, call.principal, req->round_id(),
                                                    req->volunteer_id(), decision, req->reason()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::PublishRound(Ctx* ctx, const pb::PublishRoundRequest* req,
                                              pb::Round* resp) {
  return Mutate(ctx, "PublishRound", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round,
                        domains_.rounds.PublishRound(tx, call.principal, req->round_id(),
                                                     req->notice_working_days()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::LodgeObjection(Ctx* ctx, const pb::LodgeObjectionRequest* req,
                                                pb::Objection* resp) {
  return Mutate(ctx, "LodgeObjection", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto objection,
                        domains_.rounds.LodgeObjection(tx, call.principal, req->round_id(),
                                                       req->volunteer_id(), req->text()));
    ToProto(objection, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ResolveObjection(Ctx* ctx, const pb::ResolveObjectionRequest* req,
                                                  pb::Round* resp) {
  return Mutate(ctx, "ResolveObjection", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round,
                        domains_.rounds.ResolveObjection(tx, call.principal, req->objection_id(),
                                                         req->upheld(), req->resolution()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::FinalizeRound(Ctx* ctx, const pb::FinalizeRoundRequest* req,
                                               pb::Round* resp) {
  return Mutate(ctx, "FinalizeRound", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto round,
                        domains_.rounds.FinalizeRound(tx, call.principal, req->round_id()));
    ToProto(round, resp);
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ListCommendations(Ctx* ctx,
                                                   const pb::ListCommendationsRequest* req,
                                                   pb::ListCommendationsResponse* resp) {
  return Query(ctx, "ListCommendations", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto list,
                        domains_.rounds.ListCommendations(tx, call.principal, req->volunteer_id()));
    for (const auto& c : list) ToProto(c, resp->add_commendations());
    return absl::OkStatus();
  });
}

PointsGrpc::Reactor* PointsGrpc::ExportRound(Ctx* ctx, const pb::ExportRoundRequest* req,
                                             pb::ExportRoundResponse* resp) {
  return Query(ctx, "ExportRound", [=, this](const CallContext& call, Tx& tx) {
    std::string filename;
    TX_ASSIGN_OR_RETURN(
        auto csv, domains_.rounds.ExportRoundCsv(tx, call.principal, req->round_id(), &filename));
    resp->set_filename(filename);
    resp->set_csv(csv);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::points
