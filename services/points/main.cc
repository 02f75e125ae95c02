// tongxin-points: wiring only. Settings: see services/common/bootstrap.h and README.md.
// (No background work: expiry runs when the system role calls RunExpiry.)
#include <spdlog/spdlog.h>

#include "services/common/bootstrap.h"
#include "services/common/status.h"
#include "services/points/points_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::points;
  TX_ASSIGN_OR_RETURN(Config config, Config::FromArgs("points", argc, argv));
  TX_ASSIGN_OR_RETURN(DbOptions db_options, LoadDbOptions(config));
  TX_ASSIGN_OR_RETURN(ServerOptions server_options, LoadServerOptions(config, "127.0.0.1:50054"));
  TX_ASSIGN_OR_RETURN(auto verifier, LoadTokenVerifier(config, Clock::System()));
  PointsOptions options;
  TX_ASSIGN_OR_RETURN(options.expiry_enabled, config.Bool("expiry_enabled", false));
  TX_ASSIGN_OR_RETURN(bool migrate, config.Bool("migrate", true));
  std::string migrations_dir = config.String("migrations_dir", TONGXIN_SOURCE_DIR "/migrations");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  if (migrate) TX_RETURN_IF_ERROR(MigrateOnStart(db_options.url, migrations_dir + "/points"));

  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(db_options));
  // One worker per connection: a worker never waits for a connection another worker holds.
  WorkerPool workers(db_options.pool_size, 1024);
  RpcRunner runner(*verifier, workers);
  auto points = PointsService::Create(*db, Clock::System(), PointsDeps{runner}, options);
  ServiceHost host(server_options);
  host.AddService(points->service());
  TX_RETURN_IF_ERROR(host.Start());
  ServeUntilTerminated(host, "points service");
  spdlog::info("stopped");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("points", argc, argv, Run); }
