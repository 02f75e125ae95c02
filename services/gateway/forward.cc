// Actions passed through to the owning service with a generic stub's callback call.
#include "services/gateway/forward.h"

#include <grpcpp/generic/generic_stub.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace tongxin::gateway {

using google::protobuf::Message;

Forwarder::Forwarder(const Downstreams& given) {
  // A service without a channel is one that is not there: its actions end UNAVAILABLE.
  const Downstreams downstreams = WithEveryService(given);
  auto stub = [](const std::shared_ptr<grpc::Channel>& channel) {
    return std::make_unique<grpc::GenericStub>(channel);
  };
  by_service_[vpb::VolunteerService::service_full_name()] = stub(downstreams.volunteer);
  by_service_[spb::PostsService::service_full_name()] = stub(downstreams.posts);
  by_service_[wpb::WishesService::service_full_name()] = stub(downstreams.wishes);
  by_service_[ppb::PointsService::service_full_name()] = stub(downstreams.points);
  by_service_[apb::ActivitiesService::service_full_name()] = stub(downstreams.activities);
  by_service_[npb::NotificationsService::service_full_name()] = stub(downstreams.notifications);
}

void Forwarder::Forward(const google::protobuf::MethodDescriptor& target, const Caller& caller,
                        const Message& request, Message* response,
                        std::function<void(absl::Status)> done) const {
  auto stub = by_service_.find(target.service()->full_name());
  if (stub == by_service_.end()) {
    return done(
        absl::InternalError(absl::StrCat("no channel for ", target.service()->full_name())));
  }
  std::string payload;
  // Fields this gateway does not know would reach the service unchecked ("me" included).
  std::unique_ptr<Message> known(request.New());
  known->CopyFrom(request);
  known->DiscardUnknownFields();
  if (!known->SerializeToString(&payload)) {
    return done(absl::InternalError("the request did not serialize"));
  }
  // What the call needs until its callback has run.
  struct Pending {
    std::unique_ptr<grpc::ClientContext> context;
    grpc::ByteBuffer sent, received;
  };
  auto pending = std::make_shared<Pending>();
  pending->context = DownstreamContext(caller);
  grpc::Slice slice(payload);
  pending->sent = grpc::ByteBuffer(&slice, 1);
  stub->second->UnaryCall(
      pending->context.get(), absl::StrCat("/", target.service()->full_name(), "/", target.name()),
      grpc::StubOptions(), &pending->sent, &pending->received,
      [pending, response, &target, done = std::move(done)](grpc::Status status) {
        // Ends by the caller's deadline.
        if (!status.ok()) return done(FromGrpcStatus(status));
        std::vector<grpc::Slice> slices;
        if (!pending->received.Dump(&slices).ok()) {
          return done(absl::InternalError("the answer did not arrive whole"));
        }
        std::string bytes;
        for (const auto& s : slices) {
          bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
        if (!response->ParseFromString(bytes)) {
          return done(absl::InternalError(
              absl::StrCat(target.full_name(), ": an answer that did not parse")));
        }
        done(absl::OkStatus());
      });
}

}  // namespace tongxin::gateway
