// tongxin-wishes: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// value_cap_yuan (500), claim_time_limit_hours (168), max_open_claims (3),
// max_claim_releases_per_day (3), volunteer_target and points_target
// (services/clients/downstream.h).
#include "services/clients/downstream.h"
#include "services/common/bootstrap.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/wishes/wishes_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::wishes;
  TX_ASSIGN_OR_RETURN(auto runtime, ServiceRuntime::Load("wishes", argc, argv, "127.0.0.1:50053"));
  TX_ASSIGN_OR_RETURN(PersonalDataCipher cipher, runtime->Cipher());
  WishesOptions options;
  TX_ASSIGN_OR_RETURN(options.value_cap_yuan, runtime->config().Int("value_cap_yuan", 500));
  TX_ASSIGN_OR_RETURN(int limit_hours, runtime->config().Int("claim_time_limit_hours", 24 * 7));
  options.claim_time_limit = std::chrono::hours(limit_hours);
  TX_ASSIGN_OR_RETURN(options.max_open_claims, runtime->config().Int("max_open_claims", 3));
  TX_ASSIGN_OR_RETURN(options.max_claim_releases_per_day,
                      runtime->config().Int("max_claim_releases_per_day", 3));
  if (options.max_open_claims < 1 || options.max_claim_releases_per_day < 1) {
    return absl::InvalidArgumentError("max_open_claims and max_claim_releases_per_day: at least 1");
  }
  clients::DownstreamTargets targets = clients::LoadDownstreamTargets(runtime->config());
  TX_RETURN_IF_ERROR(runtime->Open());
  TX_ASSIGN_OR_RETURN(auto downstream, clients::Downstream::Open(*runtime, targets));
  auto service = WishesService::Create(
      runtime->db(), runtime->clock(),
      WishesDeps{runtime->runner(), cipher, downstream->volunteers()}, options);
  // Claims past their time limit go back on the wall (the job runs on the service's pool).
  service->claim_timer().CountRunsIn(runtime->metrics());
  service->claim_timer().Start();
  return runtime->Serve({service->service(), service->outbox_admin()},
                        [&] { service->claim_timer().Stop(); });
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("wishes", argc, argv, Run); }
