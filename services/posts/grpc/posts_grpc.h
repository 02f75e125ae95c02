// The gRPC layer of the posts service: maps proto ↔ domain (grpc/mapping.h) and absl::Status ↔
// grpc::Status; every call runs in one transaction on the worker pool, mutating calls once per
// request_id. Built by PostsService (posts_service.h).
#pragma once

#include "services/common/rpc_handlers.h"
#include "services/posts/domain/posts_domain.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"

namespace tongxin::posts {

namespace pb = ::tongxin::posts::v1;

class PostsGrpc final : public pb::PostsService::CallbackService, private RpcHandlers {
 public:
  PostsGrpc(PostsDomain& domain, const VolunteerDirectory& volunteers, Db& db,
            const RpcRunner& runner);

  Reactor* ListPostTypes(Ctx*, const pb::ListPostTypesRequest*,
                         pb::ListPostTypesResponse*) override;
  Reactor* CreatePostType(Ctx*, const pb::CreatePostTypeRequest*, pb::PostType*) override;
  Reactor* CreatePost(Ctx*, const pb::CreatePostRequest*, pb::Post*) override;
  Reactor* GetPost(Ctx*, const pb::GetPostRequest*, pb::Post*) override;
  Reactor* ListPosts(Ctx*, const pb::ListPostsRequest*, pb::ListPostsResponse*) override;
  Reactor* SetPostOpen(Ctx*, const pb::SetPostOpenRequest*, pb::Post*) override;
  Reactor* CreateUnit(Ctx*, const pb::CreateUnitRequest*, pb::Unit*) override;
  Reactor* ListUnits(Ctx*, const pb::ListUnitsRequest*, pb::ListUnitsResponse*) override;
  Reactor* AdoptPost(Ctx*, const pb::AdoptPostRequest*, pb::Adoption*) override;
  Reactor* WithdrawAdoption(Ctx*, const pb::WithdrawAdoptionRequest*, pb::Adoption*) override;
  Reactor* ListAdoptions(Ctx*, const pb::ListAdoptionsRequest*,
                         pb::ListAdoptionsResponse*) override;
  Reactor* LogService(Ctx*, const pb::LogServiceRequest*, pb::ServiceLog*) override;
  Reactor* ApproveLog(Ctx*, const pb::ReviewLogRequest*, pb::ServiceLog*) override;
  Reactor* RejectLog(Ctx*, const pb::ReviewLogRequest*, pb::ServiceLog*) override;
  Reactor* ListLogs(Ctx*, const pb::ListLogsRequest*, pb::ListLogsResponse*) override;
  Reactor* GetOverview(Ctx*, const pb::GetOverviewRequest*, pb::Overview*) override;

 private:
  PostsDomain& domain_;
  const VolunteerDirectory& volunteers_;
};

}  // namespace tongxin::posts
