// tongxin-points: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// expiry_enabled (false), max_round_candidates (500), max_objections_per_round (3) and
// notifications_target (127.0.0.1:50056): where the outbox tells of orders and commendation
// rounds. No background work but the outbox's relay: expiry runs when the system role calls
// RunExpiry.
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/bootstrap.h"
#include "services/common/outbox.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/points/points_service.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"

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
  const std::string notifications_target =
      runtime->config().String("notifications_target", "127.0.0.1:50056");
  // The relay signs its calls as this service (with ES256: jwt_signing_key_file). Without one the
  // notices would wait in the outbox for ever, so only a development run may start without it.
  TX_ASSIGN_OR_RETURN(const bool development, IsDevelopmentRun(runtime->config()));
  const bool relays = runtime->SystemTokens().ok();
  if (!relays && !development) {
    return absl::FailedPreconditionError(
        absl::StrCat(runtime->SystemTokens().status().message(),
                     " (the points service's outbox tells the notifications service of orders and "
                     "commendation rounds; only a --development run may start without it)"));
  }
  TX_RETURN_IF_ERROR(runtime->Open());
  if (relays) {
    auto notifications =
        grpc::CreateChannel(notifications_target, grpc::InsecureChannelCredentials());
    TX_RETURN_IF_ERROR(
        runtime
            ->StartOutboxRelay(
                {{DestinationOf<notifications::v1::NotificationsService>(), notifications}})
            .status());
  } else {
    spdlog::warn(
        "no jwt_signing_key_file (a --development run): the notices of orders and rounds wait in "
        "the outbox until the points service can sign its calls to the notifications service");
  }
  auto points = PointsService::Create(runtime->db(), runtime->clock(),
                                      PointsDeps{runtime->runner()}, options);
  return runtime->Serve({points->service(), points->outbox_admin()});
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("points", argc, argv, Run); }
