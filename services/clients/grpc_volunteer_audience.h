// ListAudience over gRPC, as `system` (the RPC is the system's only), with the caller's deadline.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "services/clients/volunteer_audience.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::clients {

class GrpcVolunteerAudience : public VolunteerAudience {
 public:
  GrpcVolunteerAudience(std::shared_ptr<grpc::Channel> channel,
                        std::function<std::string()> system_token);
  absl::StatusOr<AudiencePage> Page(const AudienceQuery& query, const std::string& page_token,
                                    int page_size,
                                    std::chrono::system_clock::time_point deadline) const override;

 private:
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> stub_;
  std::function<std::string()> system_token_;
};

}  // namespace tongxin::clients
