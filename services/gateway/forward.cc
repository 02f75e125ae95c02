// Actions passed through to the owning service with a generic stub.
#include "services/gateway/forward.h"

#include <grpcpp/generic/generic_stub.h>

#include <future>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace tongxin::gateway {

using google::protobuf::Message;

Forwarder::Forwarder(const Downstreams& downstreams) {
  by_service_[vpb::VolunteerService::service_full_name()] = downstreams.volunteer;
  by_service_[spb::PostsService::service_full_name()] = downstreams.posts;
  by_service_[wpb::WishesService::service_full_name()] = downstreams.wishes;
  by_service_[ppb::PointsService::service_full_name()] = downstreams.points;
}

absl::Status Forwarder::Forward(const google::protobuf::MethodDescriptor& target,
                                const Caller& caller, const Message& request,
                                Message* response) const {
  auto channel = by_service_.find(target.service()->full_name());
  if (channel == by_service_.end()) {
    return absl::InternalError(absl::StrCat("no channel for ", target.service()->full_name()));
  }
  std::string payload;
  // Fields this gateway does not know would reach the service unchecked ("me" included).
  std::unique_ptr<Message> known(request.New());
  known->CopyFrom(request);
  known->DiscardUnknownFields();
  if (!known->SerializeToString(&payload)) {
    return absl::InternalError("the request did not serialize");
  }
  grpc::Slice slice(payload);
  grpc::ByteBuffer sent(&slice, 1);
  grpc::ByteBuffer received;
  auto context = DownstreamContext(caller);
  grpc::GenericStub stub(channel->second);
  std::promise<grpc::Status> finished;
  stub.UnaryCall(context.get(),
                 absl::StrCat("/", target.service()->full_name(), "/", target.name()),
                 grpc::StubOptions(), &sent, &received,
                 [&finished](grpc::Status status) { finished.set_value(std::move(status)); });
  grpc::Status status = finished.get_future().get();  // ends by the caller's deadline
  if (!status.ok()) return FromGrpcStatus(status);
  std::vector<grpc::Slice> slices;
  if (!received.Dump(&slices).ok()) return absl::InternalError("the answer did not arrive whole");
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  if (!response->ParseFromString(bytes)) {
    return absl::InternalError(absl::StrCat(target.full_name(), ": an answer that did not parse"));
  }
  return absl::OkStatus();
}

}  // namespace tongxin::gateway
