// tongxin-points: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// expiry_enabled (false), max_round_candidates (500) and max_objections_per_round (3). No
// background work: expiry runs when the system role calls RunExpiry.
#include "services/common/bootstrap.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/points/points_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::points;
  TX_ASSIGN_OR_RETURN(auto runtime, ServiceRuntime::Load("points", argc, argv, "127.0.0.1:50054"));
  PointsOptions options;
  TX_ASSIGN_OR_RETURN(options.expiry_enabled, runtime->config().Bool("expiry_enabled", false));
  TX_ASSIGN_OR_RETURN(options.max_round_candidates,
                      runtime->config().Int("max_round_candidates", options.max_round_candidates));
  TX_ASSIGN_OR_RETURN(
      options.max_objections_per_round,
      runtime->config().Int("max_objections_per_round", options.max_objections_per_round));
  TX_RETURN_IF_ERROR(CheckPointsOptions(options));
  TX_RETURN_IF_ERROR(runtime->Open());
  auto points = PointsService::Create(runtime->db(), runtime->clock(),
                                      PointsDeps{runtime->runner()}, options);
  return runtime->Serve(*points->service());
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("points", argc, argv, Run); }
