// tongxin-notifications: wiring only. Settings: see services/common/bootstrap.h and README.md;
// also retention_days (180: how long inbox messages and feed events are kept).
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
  TX_RETURN_IF_ERROR(runtime->Open());
  auto service = NotificationsService::Create(runtime->db(), runtime->clock(),
                                              NotificationsDeps{runtime->runner()}, options);
  service->retention().CountRunsIn(runtime->metrics());
  service->retention().Start();
  return runtime->Serve({service->service()}, [&] { service->retention().Stop(); });
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("notifications", argc, argv, Run); }
