// The gateway's composition: each view is one call for the client and parallel calls behind it;
// each action passes through to the service that owns it, with the caller's token, request_id
// and deadline. A view still answers when a service is down, naming what is missing; an action
// on a missing service fails UNAVAILABLE within the caller's deadline.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tongxin/gateway/v1/gateway.pb.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"
#include "tongxin/wishes/v1/wishes.grpc.pb.h"

namespace tongxin::gateway {

namespace pb = ::tongxin::gateway::v1;
using Deadline = std::chrono::system_clock::time_point;

struct Downstreams {
  std::shared_ptr<grpc::Channel> volunteer, posts, wishes, points;
};

// What the gateway passes on from its caller.
struct Caller {
  std::string authorization;  // the caller's own "Bearer ..." header
  Deadline deadline;
};

class Gateway {
 public:
  explicit Gateway(const Downstreams& downstreams);

  absl::StatusOr<pb::Dashboard> Dashboard(const Caller& caller, const std::string& volunteer_id);
  absl::StatusOr<wishes::v1::Wish> ClaimWish(const Caller& caller,
                                             const pb::ClaimWishRequest& request);
  absl::StatusOr<points::v1::Order> Redeem(const Caller& caller, const pb::RedeemRequest& request);
  // Every service answers its health check: what /readyz reports.
  bool Ready(Deadline deadline) const;

 private:
  Downstreams channels_;
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> volunteer_;
  std::unique_ptr<posts::v1::PostsService::Stub> posts_;
  std::unique_ptr<wishes::v1::WishesService::Stub> wishes_;
  std::unique_ptr<points::v1::PointsService::Stub> points_;
};

}  // namespace tongxin::gateway
