// The volunteer service behind the posts domain's VolunteerDirectory: GetVolunteer as `system`,
// with the caller's deadline. Down or slow → UNAVAILABLE, so nothing is adopted unchecked.
#pragma once

#include <grpcpp/grpcpp.h>
#include <functional>

#include <memory>

#include "services/posts/domain/model.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::posts {

class GrpcVolunteerDirectory : public VolunteerDirectory {
 public:
  GrpcVolunteerDirectory(std::shared_ptr<grpc::Channel> channel,
                         std::function<std::string()> system_token);
  absl::StatusOr<VolunteerInfo> Lookup(const std::string& volunteer_id,
                                       Time deadline) const override;

 private:
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> stub_;
  std::function<std::string()> system_token_;
};

}  // namespace tongxin::posts
