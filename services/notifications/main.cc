// tongxin-notifications: wiring only. Settings: see services/common/bootstrap.h and README.md;
// also retention_days (180: how long inbox messages and feed events are kept); webhook_key_file
// (or webhook_key: the HMAC key the webhooks' secrets derive from, at least 32 bytes, never a
// published one outside a development run), allow_http_webhooks (false: http URLs and loopback
// or private hosts, for development runs and tests) and webhook_max_attempts (12: attempts
// before a delivery is a dead letter); volunteer_target (127.0.0.1:50051: the volunteer
// service, asked for broadcasts' audiences as `system`), fanout_page_size (5000: ids per
// audience page) and fanout_interval_ms (250: how often the fan-out looks for a broadcast).
#include "services/clients/grpc_volunteer_audience.h"
#include "services/common/bootstrap.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/notifications/notifications_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::notifications;
  TX_ASSIGN_OR_RETURN(auto runtime,
                      ServiceRuntime::Load("notifications", argc, argv, "127.0.0.1:50056"));
  NotificationsOptions options;
  TX_ASSIGN_OR_RETURN(int retention_days, runtime->config().Int("retention_days", 180));
  if (retention_days < 1 || retention_days > 3650) {
    return absl::InvalidArgumentError("retention_days: 1 to 3650");
  }
  options.retention = std::chrono::hours(24 * retention_days);
  WebhookServiceOptions webhooks;
  // The tests' key: refused outside a development run.
  TX_ASSIGN_OR_RETURN(
      webhooks.domain.webhook_key,
      LoadHmacKey(runtime->config(), "webhook_key", {"tongxin-test-webhook-key-0123456789abcdef"}));
  TX_ASSIGN_OR_RETURN(webhooks.domain.allow_http_webhooks,
                      runtime->config().Bool("allow_http_webhooks", false));
  TX_ASSIGN_OR_RETURN(bool development, IsDevelopmentRun(runtime->config()));
  if (webhooks.domain.allow_http_webhooks && !development) {
    return absl::InvalidArgumentError("allow_http_webhooks: only in a development run");
  }
  TX_ASSIGN_OR_RETURN(webhooks.worker.max_attempts,
                      runtime->config().Int("webhook_max_attempts", 12));
  if (webhooks.worker.max_attempts < 1 || webhooks.worker.max_attempts > 100) {
    return absl::InvalidArgumentError("webhook_max_attempts: 1 to 100");
  }
  webhooks.worker.metrics = &runtime->metrics();
  TX_ASSIGN_OR_RETURN(options.fanout.page_size, runtime->config().Int("fanout_page_size", 5000));
  if (options.fanout.page_size < 1 || options.fanout.page_size > 5000) {
    return absl::InvalidArgumentError("fanout_page_size: 1 to 5000");
  }
  TX_ASSIGN_OR_RETURN(int fanout_interval_ms, runtime->config().Int("fanout_interval_ms", 250));
  if (fanout_interval_ms < 10) return absl::InvalidArgumentError("fanout_interval_ms: at least 10");
  options.fanout.interval = std::chrono::milliseconds(fanout_interval_ms);
  const std::string volunteer_target =
      runtime->config().String("volunteer_target", "127.0.0.1:50051");
  TX_RETURN_IF_ERROR(runtime->Open());
  TX_ASSIGN_OR_RETURN(auto system_token, runtime->SystemTokens());
  clients::GrpcVolunteerAudience audience(
      grpc::CreateChannel(volunteer_target, grpc::InsecureChannelCredentials()), system_token);
  DbOptions worker_db_options = runtime->db_options();
  worker_db_options.pool_size = 1;
  TX_ASSIGN_OR_RETURN(std::unique_ptr<Db> webhook_db, Db::Open(worker_db_options));
  webhooks.worker_db = webhook_db.get();
  auto service = NotificationsService::Create(runtime->db(), runtime->clock(),
                                              NotificationsDeps{runtime->runner(), &audience},
                                              options, webhooks);
  service->retention().CountRunsIn(runtime->metrics());
  service->retention().Start();
  service->webhook_worker().Start();
  service->fanout_job().CountRunsIn(runtime->metrics());
  service->fanout_job().Start();
  return runtime->Serve({service->service()}, [&] {
    service->fanout_job().Stop();
    service->webhook_worker().Stop();
    service->retention().Stop();
  });
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("notifications", argc, argv, Run); }
