// tongxin-wishes: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// value_cap_yuan (500), claim_time_limit_hours (168), volunteer_target, points_target.
#include <spdlog/spdlog.h>

#include "services/clients/downstream.h"
#include "services/common/bootstrap.h"
#include "services/common/status.h"
#include "services/wishes/wishes_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::wishes;
  TX_ASSIGN_OR_RETURN(Config config, Config::FromArgs("wishes", argc, argv));
  TX_ASSIGN_OR_RETURN(DbOptions db_options, LoadDbOptions(config));
  TX_ASSIGN_OR_RETURN(ServerOptions server_options, LoadServerOptions(config, "127.0.0.1:50053"));
  TX_ASSIGN_OR_RETURN(auto verifier, LoadTokenVerifier(config, Clock::System()));
  TX_ASSIGN_OR_RETURN(std::string secret, LoadJwtSecret(config));
  TX_ASSIGN_OR_RETURN(PersonalDataCipher cipher, LoadCipher(config));
  WishesOptions options;
  TX_ASSIGN_OR_RETURN(options.value_cap_yuan, config.Int("value_cap_yuan", 500));
  TX_ASSIGN_OR_RETURN(int limit_hours, config.Int("claim_time_limit_hours", 24 * 7));
  options.claim_time_limit = std::chrono::hours(limit_hours);
  clients::DownstreamTargets targets = clients::LoadDownstreamTargets(config);
  TX_ASSIGN_OR_RETURN(bool migrate, config.Bool("migrate", true));
  std::string migrations_dir = config.String("migrations_dir", TONGXIN_SOURCE_DIR "/migrations");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  if (migrate) TX_RETURN_IF_ERROR(MigrateOnStart(db_options.url, migrations_dir + "/wishes"));

  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(db_options));
  // Calls to the other services carry a short-lived `system` token.
  TX_ASSIGN_OR_RETURN(auto downstream,
                      clients::Downstream::Open(targets, secret, "wishes-service", db_options));

  WorkerPool workers(db_options.pool_size, 1024);
  RpcRunner runner(*verifier, workers);
  auto service = WishesService::Create(
      *db, Clock::System(), WishesDeps{runner, cipher, downstream->volunteers()}, options);
  downstream->relay().Start();
  service->claim_timer().Start();
  ServiceHost host(server_options);
  host.AddService(service->service());
  TX_RETURN_IF_ERROR(host.Start());
  ServeUntilTerminated(host, "wishes service");
  service->claim_timer().Stop();
  downstream->relay().Stop();
  spdlog::info("stopped");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("wishes", argc, argv, Run); }
