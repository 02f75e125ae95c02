// The volunteer and points services as the posts and wishes services reach them from main():
// one channel each, a short-lived `system` token on every call, the volunteer directory (asked
// before a change) and the outbox relay that delivers events to both — on a one-connection pool
// of its own, so delivery never competes with callers. Settings: volunteer_target,
// points_target.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/clients/grpc_volunteer_directory.h"
#include "services/common/config.h"
#include "services/common/db.h"
#include "services/common/outbox.h"

namespace tongxin::clients {

struct DownstreamTargets {
  std::string volunteer;
  std::string points;
};
// volunteer_target (127.0.0.1:50051) and points_target (127.0.0.1:50054).
DownstreamTargets LoadDownstreamTargets(const Config& config);

class Downstream {
 public:
  // `subject` names the caller in the system token (e.g. "posts-service"); the relay's pool
  // opens on the service's database (`db_options`) with one connection.
  static absl::StatusOr<std::unique_ptr<Downstream>> Open(const DownstreamTargets& targets,
                                                          const std::string& jwt_secret,
                                                          const std::string& subject,
                                                          const DbOptions& db_options);

  const VolunteerDirectory& volunteers() const { return directory_; }
  // Started and stopped by main(); woken by the service after it writes events.
  OutboxRelay& relay() { return relay_; }

 private:
  Downstream(std::shared_ptr<grpc::Channel> volunteer, std::shared_ptr<grpc::Channel> points,
             std::function<std::string()> system_token, std::unique_ptr<Db> relay_db);

  std::unique_ptr<Db> relay_db_;
  GrpcVolunteerDirectory directory_;
  OutboxRelay relay_;
};

}  // namespace tongxin::clients
