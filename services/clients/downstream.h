// The volunteer and points services as the posts and wishes services reach them from main():
// one channel each, a short-lived `system` token on every call, the volunteer directory (asked
// before a change) and the outbox relay that delivers events to both and to the notifications
// service (the runtime's, on a one-connection pool of its own, so delivery never competes with
// callers). Settings: volunteer_target, points_target, notifications_target.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/clients/grpc_volunteer_directory.h"
#include "services/common/config.h"
#include "services/common/outbox.h"
#include "services/common/service_runtime.h"

namespace tongxin::clients {

struct DownstreamTargets {
  std::string volunteer;
  std::string points;
  std::string notifications;
};
// volunteer_target (127.0.0.1:50051), points_target (127.0.0.1:50054) and notifications_target
// (127.0.0.1:50056); read before ServiceRuntime::Open, like every flag.
DownstreamTargets LoadDownstreamTargets(const Config& config);

class Downstream {
 public:
  // After runtime.Open(): channels to `targets`, the directory, and the runtime's outbox relay
  // started towards the three services.
  static absl::StatusOr<std::unique_ptr<Downstream>> Open(ServiceRuntime& runtime,
                                                          const DownstreamTargets& targets);

  const VolunteerDirectory& volunteers() const { return directory_; }
  // The runtime's relay: woken as events commit, stopped by the runtime.
  OutboxRelay& relay() { return relay_; }

 private:
  Downstream(std::shared_ptr<grpc::Channel> volunteer, std::function<std::string()> system_token,
             OutboxRelay& relay)
      : directory_(std::move(volunteer), std::move(system_token)), relay_(relay) {}

  GrpcVolunteerDirectory directory_;
  OutboxRelay& relay_;
};

}  // namespace tongxin::clients
