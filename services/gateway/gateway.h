// The gateway's composition: each view is one call for the client and parallel calls behind it;
// each action passes through to the service that owns it, with the caller's token, request_id
// and deadline. A view still answers when a service is down, naming what is missing; an action
// on a missing service fails UNAVAILABLE within the caller's deadline.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
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

// Who is calling, as the gateway passes it on.
struct Caller {
  std::string authorization;  // the caller's own "Bearer ..." header, sent downstream as is
  Deadline deadline;
  Principal principal;  // verified by the face the call came in by
};

// The request id an action carries: the header's (or metadata's), or the body's when the header
// is absent (they must agree when both are given), or one made up for the client and returned
// to it so that it can retry safely.
struct RequestId {
  std::string value;
  bool from_header = false;
  absl::Status Merge(const std::string& from_body);
};

// Puts the call's request id into `request` when it has a request_id field (every action does).
absl::Status ApplyRequestId(RequestId& id, google::protobuf::Message& request);

class Gateway {
 public:
  explicit Gateway(const Downstreams& downstreams);

  // Serves one method of tongxin.gateway.v1.GatewayService by name: a view composed here, or an
  // action forwarded to the method its (forward) option names. `response` is of the method's
  // output type. "me" in volunteer_id or adopter_id becomes the calling volunteer.
  absl::Status Call(const std::string& method, const Caller& caller,
                    google::protobuf::Message& request, google::protobuf::Message* response);

  absl::StatusOr<pb::Dashboard> Dashboard(const Caller& caller, const pb::GetDashboardRequest&);
  absl::StatusOr<pb::WishWall> WishWall(const Caller& caller, const pb::GetWishWallRequest&);
  absl::StatusOr<pb::PostList> PostList(const Caller& caller, const pb::GetPostListRequest&);
  absl::StatusOr<pb::RegionOverview> RegionOverview(const Caller& caller,
                                                    const pb::GetRegionOverviewRequest&);
  absl::StatusOr<pb::AdminQueue> AdminQueue(const Caller& caller, const pb::GetAdminQueueRequest&);

  // Every service answers its health check: what /readyz reports.
  bool Ready(Deadline deadline) const;

 private:
  using Handler = std::function<absl::Status(const Caller&, const google::protobuf::Message&,
                                             google::protobuf::Message*)>;
  template <typename Request, typename Response>
  void View(const std::string& method,
            absl::StatusOr<Response> (Gateway::*view)(const Caller&, const Request&));
  absl::Status Forward(const google::protobuf::MethodDescriptor& target, const Caller& caller,
                       const google::protobuf::Message& request,
                       google::protobuf::Message* response);
  // The caller's own volunteer profile, for the actions a view offers; none for admins.
  void AddCallerProfile(class Fanout& calls, const Caller& caller,
                        volunteer::v1::Volunteer* profile);

  Downstreams channels_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> by_service_;  // full service name
  std::map<std::string, Handler> handlers_;                           // gateway method name
  std::unique_ptr<volunteer::v1::VolunteerService::Stub> volunteer_;
  std::unique_ptr<posts::v1::PostsService::Stub> posts_;
  std::unique_ptr<wishes::v1::WishesService::Stub> wishes_;
  std::unique_ptr<points::v1::PointsService::Stub> points_;
};

}  // namespace tongxin::gateway
