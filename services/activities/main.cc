// tongxin-activities: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// checkin_key_file (or checkin_key: the HMAC key of the check-in codes, at least 32 bytes, never
// a published one outside a development run), daily_hours_cap (8: hours per volunteer and China
// day over all activities), and volunteer_target and points_target
// (services/clients/downstream.h), the services a confirmed roster's effects go to.
#include "services/activities/activities_service.h"
#include "services/clients/downstream.h"
#include "services/common/bootstrap.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::activities;
  TX_ASSIGN_OR_RETURN(auto runtime,
                      ServiceRuntime::Load("activities", argc, argv, "127.0.0.1:50055"));
  ActivitiesOptions options;
  TX_ASSIGN_OR_RETURN(int daily_cap, runtime->config().Int("daily_hours_cap", 8));
  if (daily_cap < 1 || daily_cap > 24) {
    return absl::InvalidArgumentError("daily_hours_cap: 1 to 24");
  }
  options.daily_cap_hours = daily_cap;
  // The tests' key: refused outside a development run.
  TX_ASSIGN_OR_RETURN(
      options.checkin_key,
      LoadHmacKey(runtime->config(), "checkin_key", {"tongxin-test-checkin-key-0123456789abcdef"}));
  clients::DownstreamTargets targets = clients::LoadDownstreamTargets(runtime->config());
  TX_RETURN_IF_ERROR(runtime->Open());
  TX_ASSIGN_OR_RETURN(auto downstream, clients::Downstream::Open(*runtime, targets));
  auto service = ActivitiesService::Create(
      runtime->db(), runtime->clock(), ActivitiesDeps{runtime->runner(), downstream->volunteers()},
      std::move(options));
  return runtime->Serve({service->service(), service->outbox_admin()});
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("activities", argc, argv, Run); }
