// tongxin-posts: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// max_active_adoptions (3), and volunteer_target and points_target (services/clients/downstream.h),
// the services an approval's effects go to.
#include "services/clients/downstream.h"
#include "services/common/bootstrap.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/posts/posts_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::posts;
  TX_ASSIGN_OR_RETURN(auto runtime, ServiceRuntime::Load("posts", argc, argv, "127.0.0.1:50052"));
  PostsOptions options;
  TX_ASSIGN_OR_RETURN(options.max_active_adoptions,
                      runtime->config().Int("max_active_adoptions", 3));
  clients::DownstreamTargets targets = clients::LoadDownstreamTargets(runtime->config());
  TX_RETURN_IF_ERROR(runtime->Open());
  TX_ASSIGN_OR_RETURN(auto downstream, clients::Downstream::Open(*runtime, targets));
  auto service =
      PostsService::Create(runtime->db(), runtime->clock(),
                           PostsDeps{runtime->runner(), downstream->volunteers()}, options);
  return runtime->Serve({service->service(), service->outbox_admin()});
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("posts", argc, argv, Run); }
