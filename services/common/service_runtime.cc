#include "services/common/service_runtime.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/bootstrap.h"
#include "services/common/status.h"

namespace tongxin {

ServiceRuntime::ServiceRuntime(std::string service, Config config)
    : service_(std::move(service)), config_(std::move(config)) {}

ServiceRuntime::~ServiceRuntime() {
  if (relay_listener_) relay_listener_->Stop();
  if (relay_) relay_->Stop();
  if (idempotency_purge_) idempotency_purge_->Stop();
}

namespace {

constexpr char kPoolSizeMetric[] = "tongxin_db_pool_connections";
constexpr char kPoolInUseMetric[] = "tongxin_db_pool_in_use";
constexpr char kPoolWaitsMetric[] = "tongxin_db_pool_waits_total";
constexpr char kPoolTimeoutsMetric[] = "tongxin_db_pool_wait_timeouts_total";
constexpr char kPoolWaitSecondsMetric[] = "tongxin_db_pool_wait_seconds_total";

void DeclarePoolMetrics(MetricsRegistry& metrics) {
  metrics.DeclareGauge(kPoolSizeMetric, "Database connections in the pool.");
  metrics.DeclareGauge(kPoolInUseMetric, "Database connections lent out now.");
  metrics.DeclareCounter(kPoolWaitsMetric, "Requests for a connection that found none free.");
  metrics.DeclareCounter(kPoolTimeoutsMetric,
                         "Waits for a connection that ended without one (pool exhausted).");
  metrics.DeclareCounter(kPoolWaitSecondsMetric, "Time spent waiting for a connection.");
}

// A pool's figures, read at each scrape (Db counts them itself; see DbPoolStats).
void CollectPoolStats(MetricsRegistry& metrics, const std::string& pool, Db& db) {
  DbPoolStats stats = db.PoolStats();
  const MetricLabels labels{{"pool", pool}};
  metrics.Set(kPoolSizeMetric, labels, stats.size);
  metrics.Set(kPoolInUseMetric, labels, stats.in_use);
  metrics.SetTotal(kPoolWaitsMetric, labels, static_cast<double>(stats.waits));
  metrics.SetTotal(kPoolTimeoutsMetric, labels, static_cast<double>(stats.timeouts));
  metrics.SetTotal(kPoolWaitSecondsMetric, labels, stats.wait_seconds);
}

// Whether `listen` names a port to serve on: port 0 means no endpoint.
bool ServesMetrics(const std::string& listen) {
  return !listen.empty() && listen.substr(listen.rfind(':') + 1) != "0";
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Load(std::string service, int argc,
                                                                     char** argv,
                                                                     std::string default_listen) {
  TX_ASSIGN_OR_RETURN(Config config, Config::FromArgs(service, argc, argv));
  std::unique_ptr<ServiceRuntime> runtime(
      new ServiceRuntime(std::move(service), std::move(config)));
  const Config& c = runtime->config_;
  TX_ASSIGN_OR_RETURN(runtime->db_options_, LoadDbOptions(c));
  TX_ASSIGN_OR_RETURN(runtime->server_options_, LoadServerOptions(c, default_listen));
  TX_ASSIGN_OR_RETURN(runtime->verifier_, LoadTokenVerifier(c, Clock::System()));
  TX_ASSIGN_OR_RETURN(runtime->system_signer_, LoadSystemTokenSigner(c));
  TX_ASSIGN_OR_RETURN(runtime->migrate_, c.Bool("migrate", true));
  runtime->migrations_dir_ = c.String("migrations_dir", TONGXIN_SOURCE_DIR "/migrations");
  TX_ASSIGN_OR_RETURN(
      int retention_hours,
      c.Int("idempotency_retention_hours", static_cast<int>(kDefaultIdempotencyRetention.count())));
  if (retention_hours < 1) {
    return absl::InvalidArgumentError("idempotency_retention_hours: at least 1");
  }
  runtime->idempotency_retention_ = std::chrono::hours(retention_hours);
  runtime->metrics_listen_ = c.String("metrics_listen", "127.0.0.1:0");
  TX_ASSIGN_OR_RETURN(runtime->downstream_workers_, c.Int("downstream_workers", 16));
  TX_ASSIGN_OR_RETURN(runtime->relay_options_.max_attempts, c.Int("outbox_max_attempts", 16));
  TX_ASSIGN_OR_RETURN(int call_timeout_ms, c.Int("outbox_call_timeout_ms", 5000));
  if (runtime->downstream_workers_ < 1 || runtime->relay_options_.max_attempts < 1 ||
      call_timeout_ms < 1) {
    return absl::InvalidArgumentError(
        "downstream_workers, outbox_max_attempts and outbox_call_timeout_ms: must be positive");
  }
  runtime->relay_options_.call_timeout = std::chrono::milliseconds(call_timeout_ms);
  runtime->relay_options_.lease = runtime->relay_options_.call_timeout + std::chrono::seconds(25);
  runtime->relay_options_.metrics = &runtime->metrics_;
  return runtime;
}

absl::Status ServiceRuntime::Open() {
  TX_RETURN_IF_ERROR(config_.CheckNoUnknownFlags());
  if (migrate_)
    TX_RETURN_IF_ERROR(MigrateOnStart(db_options_.url, migrations_dir_ + "/" + service_));
  TX_ASSIGN_OR_RETURN(db_, Db::Open(db_options_));
  DeclarePoolMetrics(metrics_);
  metrics_.AddCollector(
      [db = db_.get()](MetricsRegistry& m) { CollectPoolStats(m, "requests", *db); });
  workers_ = std::make_unique<WorkerPool>(db_options_.pool_size, 1024);
  downstream_ = std::make_unique<WorkerPool>(downstream_workers_, 1024);
  runner_ = std::make_unique<RpcRunner>(
      *verifier_, *workers_,
      RpcRunnerOptions{.downstream_workers = downstream_.get(), .metrics = &metrics_});
  if (ServesMetrics(metrics_listen_)) {
    TX_ASSIGN_OR_RETURN(metrics_endpoint_, MetricsEndpoint::Start(metrics_listen_, metrics_));
    spdlog::info("metrics on {} (/metrics)", metrics_listen_);
  }
  // Deletes in batches, so one run never holds many row locks; a full batch goes again at once.
  constexpr int kPurgeBatch = 5000;
  idempotency_ = std::make_unique<IdempotencyStore>(*db_);
  idempotency_purge_ = std::make_unique<PeriodicJob>(
      "request id purge", std::chrono::hours(1), clock(),
      [this](std::chrono::system_clock::time_point now) {
        return idempotency_->PurgeExpired(now, idempotency_retention_, kPurgeBatch);
      },
      kPurgeBatch);
  idempotency_purge_->CountRunsIn(metrics_);
  idempotency_purge_->Start();
  return absl::OkStatus();
}

absl::StatusOr<PersonalDataCipher> ServiceRuntime::Cipher() const { return LoadCipher(config_); }

absl::StatusOr<std::function<std::string()>> ServiceRuntime::SystemTokens() const {
  if (!system_signer_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "jwt_signing_key_file: the ", service_,
        " service calls other services and verifies ES256 tokens, so it signs its calls with its "
        "own P-256 private key; set jwt_signing_key_file, and list its public key in the called "
        "services' jwt_public_key_file as ",
        config_.String("jwt_signing_issuer", "tongxin-" + service_), "=PATH"));
  }
  return tongxin::SystemTokens(*system_signer_, service_ + "-service");
}

absl::StatusOr<OutboxRelay*> ServiceRuntime::StartOutboxRelay(
    std::map<std::string, std::shared_ptr<grpc::Channel>> channels) {
  TX_ASSIGN_OR_RETURN(auto tokens, SystemTokens());
  DbOptions relay_options = db_options_;
  relay_options.pool_size = 1;
  TX_ASSIGN_OR_RETURN(relay_db_, Db::Open(relay_options));
  metrics_.AddCollector(
      [db = relay_db_.get()](MetricsRegistry& m) { CollectPoolStats(m, "relay", *db); });
  relay_ = std::make_unique<OutboxRelay>(
      *relay_db_, GrpcOutboxDeliverer(std::move(channels), tokens), relay_options_);
  relay_->Start();
  relay_listener_ =
      std::make_unique<OutboxListener>(relay_options, [relay = relay_.get()] { relay->Notify(); });
  relay_listener_->Start();
  return relay_.get();
}

absl::Status ServiceRuntime::Serve(const std::vector<grpc::Service*>& services,
                                   const std::function<void()>& stop_background) {
  ServiceHost host(server_options_);
  for (grpc::Service* service : services) host.AddService(service);
  TX_RETURN_IF_ERROR(host.Start());
  ServeUntilTerminated(host, service_ + " service");
  if (stop_background) stop_background();
  if (relay_listener_) relay_listener_->Stop();
  if (relay_) relay_->Stop();
  idempotency_purge_->Stop();
  spdlog::info("stopped");
  return absl::OkStatus();
}

}  // namespace tongxin
