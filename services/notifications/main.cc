// tongxin-notifications: wiring only. Settings: see services/common/bootstrap.h and README.md;
// also retention_days (180: how long inbox messages and feed events are kept); volunteer_target
// (127.0.0.1:50051: the volunteer service, asked for broadcasts' audiences as `system`),
// fanout_page_size (5000: ids per audience page) and fanout_interval_ms (250: how often the
// fan-out looks for a broadcast to send).
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
  auto service = NotificationsService::Create(
      runtime->db(), runtime->clock(), NotificationsDeps{runtime->runner(), &audience}, options);
  service->retention().CountRunsIn(runtime->metrics());
  service->retention().Start();
  service->fanout_job().CountRunsIn(runtime->metrics());
  service->fanout_job().Start();
  return runtime->Serve({service->service()}, [&] {
    service->fanout_job().Stop();
    service->retention().Stop();
  });
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("notifications", argc, argv, Run); }
