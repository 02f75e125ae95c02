// The frame every database service's main() shares, so a main holds only what is its own: the
// common settings (database, listen address, tokens, migrations), the connection pool, a worker
// pool and RpcRunner sized to it, channels and `system` tokens for calls to other services, an
// outbox relay on a pool of its own, the purge of expired request ids, and serving until SIGTERM
// with a drain.
//
//   TX_ASSIGN_OR_RETURN(auto runtime, ServiceRuntime::Load("points", argc, argv,
//   "127.0.0.1:50054"));
//   ... read the service's own flags from runtime->config() ...
//   TX_RETURN_IF_ERROR(runtime->Open());        // unknown flags refused, migrations, pools
//   auto service = PointsService::Create(runtime->db(), runtime->clock(), {runtime->runner()});
//   return runtime->Serve(*service->service());
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/bootstrap.h"
#include "services/common/config.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/common/idempotency.h"
#include "services/common/metrics.h"
#include "services/common/outbox.h"
#include "services/common/outbox_listener.h"
#include "services/common/periodic_job.h"
#include "services/common/server.h"
#include "services/common/worker_pool.h"

namespace tongxin {

class ServiceRuntime {
 public:
  // Reads the settings every service has (see bootstrap.h): database_url and pool settings,
  // listen (default `default_listen`), token verification, migrate (true), migrations_dir.
  static absl::StatusOr<std::unique_ptr<ServiceRuntime>> Load(std::string service, int argc,
                                                              char** argv,
                                                              std::string default_listen);
  ~ServiceRuntime();

  // The service's own flags are read from here between Load and Open.
  Config& config() { return config_; }
  const Clock& clock() const { return Clock::System(); }

  // Refuses unknown flags, applies the migrations (unless --migrate=false), opens the pool and
  // the workers (one per connection: a worker never waits for a connection another one holds),
  // the downstream pool (--downstream_workers, 16: calls to other services made before a
  // transaction wait there), the metrics endpoint (--metrics_listen, host:port; the default
  // 127.0.0.1:0 serves none), and the hourly purge of request ids older than
  // idempotency_retention_hours (168).
  absl::Status Open();
  Db& db() { return *db_; }
  // The registry the metrics endpoint serves (e.g. for a service's own PeriodicJob).
  MetricsRegistry& metrics() { return metrics_; }
  const RpcRunner& runner() const { return *runner_; }
  const DbOptions& db_options() const { return db_options_; }

  // The personal-data key (data_key_file or data_key). Read before Open, like every flag.
  absl::StatusOr<PersonalDataCipher> Cipher() const;
  // Short-lived `system` tokens naming this service, for its calls to the others: HS256 with the
  // shared secret, or ES256 with its own jwt_signing_key_file (FAILED_PRECONDITION without one).
  absl::StatusOr<std::function<std::string()>> SystemTokens() const;

  // Delivers this service's outbox to `channels` (by destination: "volunteer", "points") with
  // `system` tokens, on a pool of one connection so that delivery never competes with callers;
  // --outbox_max_attempts (16) deliveries before a dead letter, --outbox_call_timeout_ms (5000).
  // Started now (after Open: the migrations made its table); stopped by Serve after the drain.
  // The relay stays the runtime's; an OutboxListener wakes it as each enqueuing transaction
  // commits (EnqueueOutboxEvent notifies), its poll interval being the fallback.
  absl::StatusOr<OutboxRelay*> StartOutboxRelay(
      std::map<std::string, std::shared_ptr<grpc::Channel>> channels);

  // Serves `service` until SIGTERM or SIGINT, then drains in-flight calls; `stop_background`
  // runs after the drain (e.g. a PeriodicJob's Stop), before the relay stops.
  absl::Status Serve(grpc::Service& service, const std::function<void()>& stop_background = {}) {
    return Serve(std::vector<grpc::Service*>{&service}, stop_background);
  }
  // The same for a service and those served beside it (e.g. its OutboxAdminService).
  absl::Status Serve(const std::vector<grpc::Service*>& services,
                     const std::function<void()>& stop_background = {});

 private:
  explicit ServiceRuntime(std::string service, Config config);

  std::string service_;
  Config config_;
  DbOptions db_options_;
  ServerOptions server_options_;
  std::unique_ptr<TokenVerifier> verifier_;
  // Read at Load, so that its flags are known before Open checks for unknown ones; empty for an
  // ES256 service without a signing key (it may call nobody).
  std::optional<SystemTokenSigner> system_signer_;
  bool migrate_ = true;
  std::string migrations_dir_;
  // Before the pools: a task they still run at destruction counts into it.
  MetricsRegistry metrics_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<RpcRunner> runner_;
  std::chrono::hours idempotency_retention_{kDefaultIdempotencyRetention};
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<PeriodicJob> idempotency_purge_;
  std::unique_ptr<Db> relay_db_;
  std::unique_ptr<OutboxRelay> relay_;
  std::unique_ptr<OutboxListener> relay_listener_;  // wakes relay_ as events commit
  OutboxRelayOptions relay_options_;
  int downstream_workers_ = 16;
  std::unique_ptr<WorkerPool> downstream_;
  std::string metrics_listen_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
};

}  // namespace tongxin
