// The posts service's composition root: the one place its repositories, events, domain and gRPC
// layer are built and owned. main.cc and every test stack build the service only through
// PostsService::Create.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "services/clients/volunteer_directory.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/outbox.h"
#include "services/common/outbox_admin.h"
#include "services/common/server.h"
#include "services/posts/domain/posts_domain.h"
#include "services/posts/events.h"
#include "services/posts/grpc/posts_grpc.h"
#include "services/posts/repository/adoption_repository.h"
#include "services/posts/repository/post_repository.h"
#include "services/posts/repository/unit_repository.h"

namespace tongxin::posts {

// What comes from outside the database; each must outlive the service.
struct PostsDeps {
  const RpcRunner& runner;
  // Who a volunteer adopter is (the volunteer service, asked outside the transaction).
  const clients::VolunteerDirectory& volunteers;
};

class PostsService {
 public:
  static std::unique_ptr<PostsService> Create(Db& db, const Clock& clock, const PostsDeps& deps,
                                              PostsOptions options = {});
  PostsService(const PostsService&) = delete;
  PostsService& operator=(const PostsService&) = delete;

  // To add to a ServiceHost or TestServer.
  grpc::Service* service() { return &grpc_; }
  // The outbox's dead letters for admins (tongxin.outbox.v1), served beside service().
  grpc::Service* outbox_admin() { return &outbox_admin_; }
  PostsDomain& domain() { return domain_; }

 private:
  PostsService(Db& db, const Clock& clock, const PostsDeps& deps, PostsOptions options);

  PostRepository posts_;
  UnitRepository units_;
  AdoptionRepository adoptions_;
  OutboxPostEvents events_;
  PostsDomain domain_;
  PostsGrpc grpc_;
  OutboxAdminGrpc outbox_admin_;
};

}  // namespace tongxin::posts
