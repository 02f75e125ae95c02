// The volunteer directory over gRPC: GetVolunteer as `system`, with the caller's deadline. When
// the volunteer service cannot answer, Lookup fails UNAVAILABLE, so nothing that depends on the
// check happens unchecked.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "services/clients/volunteer_directory.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::clients {

class GrpcVolunteerDirectory : public VolunteerDirectory {
 public:
  GrpcVolunteerDirectory(std::shared_ptr<grpc::Channel> channel,
                         std::function<std::string()> system_token);
  absl::StatusOr<VolunteerInfo> Lookup(const std::string& volunteer_id,
                                       std::chrono::system_clock::time_point deadline,
                                       const std::string& field) const override;

 private:
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> stub_;
  std::function<std::string()> system_token_;
};

}  // namespace tongxin::clients
