// tongxin-posts: wiring only. Settings: see services/common/bootstrap.h and README.md;
// volunteer_target and points_target name the services an approval's effects go to.
#include <spdlog/spdlog.h>

#include "services/clients/downstream.h"
#include "services/common/bootstrap.h"
#include "services/common/status.h"
#include "services/posts/posts_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::posts;
  TX_ASSIGN_OR_RETURN(Config config, Config::FromArgs("posts", argc, argv));
  TX_ASSIGN_OR_RETURN(DbOptions db_options, LoadDbOptions(config));
  TX_ASSIGN_OR_RETURN(ServerOptions server_options, LoadServerOptions(config, "127.0.0.1:50052"));
  TX_ASSIGN_OR_RETURN(auto verifier, LoadTokenVerifier(config, Clock::System()));
  TX_ASSIGN_OR_RETURN(std::string secret, LoadJwtSecret(config));
  PostsOptions options;
  TX_ASSIGN_OR_RETURN(options.max_active_adoptions, config.Int("max_active_adoptions", 3));
  clients::DownstreamTargets targets = clients::LoadDownstreamTargets(config);
  TX_ASSIGN_OR_RETURN(bool migrate, config.Bool("migrate", true));
  std::string migrations_dir = config.String("migrations_dir", TONGXIN_SOURCE_DIR "/migrations");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  if (migrate) TX_RETURN_IF_ERROR(MigrateOnStart(db_options.url, migrations_dir + "/posts"));

  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(db_options));
  // Calls to the other services carry a short-lived `system` token.
  TX_ASSIGN_OR_RETURN(auto downstream,
                      clients::Downstream::Open(targets, secret, "posts-service", db_options));

  WorkerPool workers(db_options.pool_size, 1024);
  RpcRunner runner(*verifier, workers);
  auto service = PostsService::Create(
      *db, Clock::System(), PostsDeps{runner, downstream->volunteers(), &downstream->relay()},
      options);
  downstream->relay().Start();
  ServiceHost host(server_options);
  host.AddService(service->service());
  TX_RETURN_IF_ERROR(host.Start());
  ServeUntilTerminated(host, "posts service");
  downstream->relay().Stop();
  spdlog::info("stopped");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("posts", argc, argv, Run); }
