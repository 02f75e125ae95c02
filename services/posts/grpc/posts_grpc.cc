#include "services/posts/grpc/posts_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/posts/grpc/mapping.h"

namespace tongxin::posts {

PostsGrpc::PostsGrpc(PostsDomain& domain, const VolunteerDirectory& volunteers, Db& db,
                     const RpcRunner& runner)
    : RpcHandlers(db, runner, nullptr), domain_(domain), volunteers_(volunteers) {}

PostsGrpc::Reactor* PostsGrpc::ListPostTypes(Ctx* ctx, const pb::ListPostTypesRequest*,
                                             pb::ListPostTypesResponse* resp) {
  return Query(ctx, "ListPostTypes", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto types, domain_.ListPostTypes(tx, call.principal));
    for (const auto& t : types) ToProto(t, resp->add_post_types());
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::CreatePostType(Ctx* ctx, const pb::CreatePostTypeRequest* req,
                                              pb::PostType* resp) {
  return Mutate(ctx, "CreatePostType", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto created,
                        domain_.CreatePostType(tx, call.principal, FromProto(req->post_type())));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::CreatePost(Ctx* ctx, const pb::CreatePostRequest* req,
                                          pb::Post* resp) {
  return Mutate(ctx, "CreatePost", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto created,
                        domain_.CreatePost(tx, call.principal, FromProto(req->post())));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::GetPost(Ctx* ctx, const pb::GetPostRequest* req, pb::Post* resp) {
  return Query(ctx, "GetPost", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto post, domain_.GetPost(tx, call.principal, req->post_id()));
    ToProto(post, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListPosts(Ctx* ctx, const pb::ListPostsRequest* req,
                                         pb::ListPostsResponse* resp) {
  return Query(ctx, "ListPosts", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(PostStatus status, PostStatusFilter(req->status()));
    PostFilter filter{req->region_id(), req->type_code(), status, Strings(req->skills())};
    TX_ASSIGN_OR_RETURN(auto posts, domain_.ListPosts(tx, call.principal, filter, page));
    FillPage(posts, resp, [](auto* out, const auto& item) { ToProto(item, out->add_posts()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::SetPostOpen(Ctx* ctx, const pb::SetPostOpenRequest* req,
                                           pb::Post* resp) {
  return Mutate(ctx, "SetPostOpen", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto post,
                        domain_.SetPostOpen(tx, call.principal, req->post_id(), req->open()));
    ToProto(post, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::CreateUnit(Ctx* ctx, const pb::CreateUnitRequest* req,
                                          pb::Unit* resp) {
  return Mutate(ctx, "CreateUnit", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto created,
                        domain_.CreateUnit(tx, call.principal, FromProto(req->unit())));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListUnits(Ctx* ctx, const pb::ListUnitsRequest* req,
                                         pb::ListUnitsResponse* resp) {
  return Query(ctx, "ListUnits", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto units,
                        domain_.ListUnits(tx, call.principal, req->community_id(), page));
    FillPage(units, resp, [](auto* out, const auto& item) { ToProto(item, out->add_units()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::AdoptPost(Ctx* ctx, const pb::AdoptPostRequest* req,
                                         pb::Adoption* resp) {
  auto kind = std::make_shared<AdopterKind>(AdopterKind::kVolunteer);
  auto volunteer = std::make_shared<std::optional<VolunteerInfo>>();
  // The volunteer service is asked first, outside the transaction, with the caller's deadline.
  auto before = [=, this](const CallContext& call) -> absl::Status {
    TX_ASSIGN_OR_RETURN(*kind, AdopterKindFrom(req->adopter_kind()));
    TX_RETURN_IF_ERROR(domain_.CheckAdoptCaller(call.principal, *kind, req->adopter_id()));
    if (*kind == AdopterKind::kVolunteer) {
      auto found = volunteers_.Lookup(req->adopter_id(), call.deadline, "adopter_id");
      // An admin out of the volunteer's scope learns nothing of them, not even that they exist.
      TX_RETURN_IF_ERROR(clients::CheckActingFor(call.principal, found, "adopter_id"));
      *volunteer = *std::move(found);
    }
    return absl::OkStatus();
  };
  return Mutate(
      ctx, "AdoptPost", req, resp,
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto adoption, domain_.AdoptPost(tx, call.principal, req->post_id(),
                                                             *kind, req->adopter_id(), *volunteer));
        ToProto(adoption, resp);
        return absl::OkStatus();
      },
      before);
}

PostsGrpc::Reactor* PostsGrpc::WithdrawAdoption(Ctx* ctx, const pb::WithdrawAdoptionRequest* req,
                                                pb::Adoption* resp) {
  return Mutate(ctx, "WithdrawAdoption", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto adoption,
                        domain_.WithdrawAdoption(tx, call.principal, req->adoption_id()));
    ToProto(adoption, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListAdoptions(Ctx* ctx, const pb::ListAdoptionsRequest* req,
                                             pb::ListAdoptionsResponse* resp) {
  return Query(ctx, "ListAdoptions", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto adoptions,
                        domain_.ListAdoptions(tx, call.principal, req->post_id(), req->adopter_id(),
                                              req->active_only(), page));
    FillPage(adoptions, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_adoptions()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::LogService(Ctx* ctx, const pb::LogServiceRequest* req,
                                          pb::ServiceLog* resp) {
  return Mutate(ctx, "LogService", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto log, domain_.LogService(tx, call.principal, FromProto(*req)));
    ToProto(log, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ApproveLog(Ctx* ctx, const pb::ReviewLogRequest* req,
                                          pb::ServiceLog* resp) {
  return Mutate(ctx, "ApproveLog", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto log, domain_.ApproveLog(tx, call.principal, req->log_id()));
    ToProto(log, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::RejectLog(Ctx* ctx, const pb::ReviewLogRequest* req,
                                         pb::ServiceLog* resp) {
  return Mutate(ctx, "RejectLog", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto log,
                        domain_.RejectLog(tx, call.principal, req->log_id(), req->reason()));
    ToProto(log, resp);
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::ListLogs(Ctx* ctx, const pb::ListLogsRequest* req,
                                        pb::ListLogsResponse* resp) {
  return Query(ctx, "ListLogs", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(LogStatus status, LogStatusFilter(req->status()));
    TX_ASSIGN_OR_RETURN(auto logs, domain_.ListLogs(tx, call.principal, req->region_id(),
                                                    req->adopter_id(), status, page));
    FillPage(logs, resp, [](auto* out, const auto& item) { ToProto(item, out->add_logs()); });
    return absl::OkStatus();
  });
}

PostsGrpc::Reactor* PostsGrpc::GetOverview(Ctx* ctx, const pb::GetOverviewRequest* req,
                                           pb::Overview* resp) {
  return Query(ctx, "GetOverview", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto overview, domain_.GetOverview(tx, call.principal, req->region_id()));
    ToProto(overview, resp);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::posts
