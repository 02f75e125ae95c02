// tongxin-posts: wiring only. Settings: see services/common/bootstrap.h and README.md;
// volunteer_target and points_target name the services an approval's effects go to.
#include <spdlog/spdlog.h>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/common/bootstrap.h"
#include "services/common/outbox.h"
#include "services/common/status.h"
#include "services/posts/events.h"
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
  std::string volunteer_target = config.String("volunteer_target", "127.0.0.1:50051");
  std::string points_target = config.String("points_target", "127.0.0.1:50054");
  TX_ASSIGN_OR_RETURN(bool migrate, config.Bool("migrate", true));
  std::string migrations_dir = config.String("migrations_dir", TONGXIN_SOURCE_DIR "/migrations");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  if (migrate) TX_RETURN_IF_ERROR(MigrateOnStart(db_options.url, migrations_dir + "/posts"));

  // Calls to the other services carry a short-lived `system` token.
  auto system_token = SystemTokens(secret, "posts-service");
  auto volunteer_channel =
      grpc::CreateChannel(volunteer_target, grpc::InsecureChannelCredentials());
  auto points_channel = grpc::CreateChannel(points_target, grpc::InsecureChannelCredentials());
  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(db_options));
  clients::GrpcVolunteerDirectory directory(volunteer_channel, system_token);

  // The relay has its own connection pool, so delivery never competes with callers.
  DbOptions relay_db_options = db_options;
  relay_db_options.pool_size = 1;
  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> relay_db, Db::Open(relay_db_options));
  OutboxRelay relay(
      *relay_db,
      GrpcOutboxDeliverer({{DestinationOf(*RecordServiceMethod().service()), volunteer_channel},
                           {DestinationOf(*AwardMethod().service()), points_channel}},
                          system_token));

  WorkerPool workers(db_options.pool_size, 1024);
  RpcRunner runner(*verifier, workers);
  auto service =
      PostsService::Create(*db, Clock::System(), PostsDeps{runner, directory, &relay}, options);
  relay.Start();
  ServiceHost host(server_options);
  host.AddService(service->service());
  TX_RETURN_IF_ERROR(host.Start());
  ServeUntilTerminated(host, "posts service");
  relay.Stop();
  spdlog::info("stopped");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("posts", argc, argv, Run); }
