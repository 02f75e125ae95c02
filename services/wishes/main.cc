// tongxin-wishes: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// value_cap_yuan (500), claim_time_limit_hours (168), volunteer_target, points_target.
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <thread>

#include "services/clients/grpc_volunteer_directory.h"
#include "services/common/bootstrap.h"
#include "services/common/outbox.h"
#include "services/common/status.h"
#include "services/wishes/grpc/wishes_grpc.h"

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
  std::string volunteer_target = config.String("volunteer_target", "127.0.0.1:50051");
  std::string points_target = config.String("points_target", "127.0.0.1:50054");
  TX_ASSIGN_OR_RETURN(bool migrate, config.Bool("migrate", true));
  std::string migrations_dir = config.String("migrations_dir", TONGXIN_SOURCE_DIR "/migrations");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  if (migrate) TX_RETURN_IF_ERROR(MigrateOnStart(db_options.url, migrations_dir + "/wishes"));

  auto system_token = SystemTokens(secret, "wishes-service");
  auto volunteer_channel =
      grpc::CreateChannel(volunteer_target, grpc::InsecureChannelCredentials());
  auto points_channel = grpc::CreateChannel(points_target, grpc::InsecureChannelCredentials());

  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(db_options));
  WishRepository wishes(*db);
  WishesDomain domain(wishes, cipher, Clock::System(), options);
  clients::GrpcVolunteerDirectory directory(volunteer_channel, system_token);

  DbOptions background_options = db_options;
  background_options.pool_size = 1;
  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> relay_db, Db::Open(background_options));
  OutboxRelay relay(*relay_db, GrpcOutboxDeliverer({{kVolunteerDestination, volunteer_channel},
                                                    {kPointsDestination, points_channel}},
                                                   system_token));
  relay.Start();

  // The claim time limit: once a minute, claims past their deadline go back on the wall (on the
  // service's pool, where the repository's statements are registered).
  std::mutex mu;
  std::condition_variable stop_job;
  bool stopping = false;
  std::thread release_job([&] {
    Principal system{"wishes-claim-timer", Role::kSystem, {}};
    std::unique_lock lock(mu);
    while (!stop_job.wait_for(lock, std::chrono::minutes(1), [&] { return stopping; })) {
      absl::Status status = db->Transact({}, [&](Tx& tx) {
        auto released = domain.ReleaseExpiredClaims(tx, system);
        if (released.ok() && *released > 0) spdlog::info("released {} expired claims", *released);
        return released.status();
      });
      if (!status.ok()) spdlog::warn("releasing expired claims: {}", status.ToString());
    }
  });

  WorkerPool workers(db_options.pool_size, 1024);
  RpcRunner runner(*verifier, workers);
  WishesGrpc service(domain, directory, *db, runner, cipher);
  ServiceHost host(server_options);
  host.AddService(&service);
  TX_RETURN_IF_ERROR(host.Start());
  ServeUntilTerminated(host, "wishes service");
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  stop_job.notify_all();
  release_job.join();
  relay.Stop();
  spdlog::info("stopped");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("wishes", argc, argv, Run); }
