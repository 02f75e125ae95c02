// The volunteer service's RPCs of the region hierarchy: streets, communities, grids.
#include "services/volunteer/grpc/volunteer_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/mapping.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::CreateStreet(Ctx* ctx, const pb::CreateStreetRequest* req,
                                                    pb::Street* resp) {
  return Mutate(ctx, "CreateStreet", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto created,
                        hierarchy_.CreateStreet(tx, call.principal, FromProto(req->street())));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetStreet(Ctx* ctx, const pb::GetStreetRequest* req,
                                                 pb::Street* resp) {
  return Query(ctx, "GetStreet", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto street, hierarchy_.GetStreet(tx, call.principal, req->street_id()));
    ToProto(street, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListStreets(Ctx* ctx, const pb::ListStreetsRequest* req,
                                                   pb::ListStreetsResponse* resp) {
  return Query(ctx, "ListStreets", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto streets, hierarchy_.ListStreets(tx, call.principal, page));
    FillPage(streets, resp, [](auto* out, const auto& item) { ToProto(item, out->add_streets()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::CreateCommunity(Ctx* ctx,
                                                       const pb::CreateCommunityRequest* req,
                                                       pb::Community* resp) {
  return Mutate(ctx, "CreateCommunity", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto created, hierarchy_.CreateCommunity(tx, call.principal, FromProto(req->community())));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetCommunity(Ctx* ctx, const pb::GetCommunityRequest* req,
                                                    pb::Community* resp) {
  return Query(ctx, "GetCommunity", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto community,
                        hierarchy_.GetCommunity(tx, call.principal, req->community_id()));
    ToProto(community, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListCommunities(Ctx* ctx,
                                                       const pb::ListCommunitiesRequest* req,
                                                       pb::ListCommunitiesResponse* resp) {
  return Query(ctx, "ListCommunities", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto communities,
                        hierarchy_.ListCommunities(tx, call.principal, req->street_id(), page));
    FillPage(communities, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_communities()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::CreateGrid(Ctx* ctx, const pb::CreateGridRequest* req,
                                                  pb::Grid* resp) {
  return Mutate(ctx, "CreateGrid", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto created,
                        hierarchy_.CreateGrid(tx, call.principal, FromProto(req->grid())));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetGrid(Ctx* ctx, const pb::GetGridRequest* req,
                                               pb::Grid* resp) {
  return Query(ctx, "GetGrid", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto grid, hierarchy_.GetGrid(tx, call.principal, req->grid_id()));
    ToProto(grid, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListGrids(Ctx* ctx, const pb::ListGridsRequest* req,
                                                 pb::ListGridsResponse* resp) {
  return Query(ctx, "ListGrids", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto grids,
                        hierarchy_.ListGrids(tx, call.principal, req->community_id(), page));
    FillPage(grids, resp, [](auto* out, const auto& item) { ToProto(item, out->add_grids()); });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::volunteer
