#include "services/gateway/gateway.h"

#include <grpcpp/generic/generic_stub.h>

#include <future>

#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/server.h"
#include "services/common/status.h"
#include "services/gateway/api.h"
#include "services/gateway/fanout.h"

namespace tongxin::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::unique_ptr<grpc::ClientContext> Context(const Caller& caller) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(caller.deadline);
  if (!caller.authorization.empty()) context->AddMetadata("authorization", caller.authorization);
  return context;
}

// A service that did not answer: it is missing from a view.
bool ServiceMissing(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::INTERNAL;
}

// "me" in the fields that name a volunteer is the calling volunteer.
absl::Status ResolveMe(const Caller& caller, Message& request) {
  for (const char* name : {"volunteer_id", "adopter_id"}) {
    const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName(name);
    if (field == nullptr || field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      continue;
    }
    if (request.GetReflection()->GetString(request, field) != "me") continue;
    if (caller.principal.role != Role::kVolunteer) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": \"me\" is for volunteers"));
    }
    request.GetReflection()->SetString(&request, field, caller.principal.subject);
  }
  return absl::OkStatus();
}

}  // namespace

// ---- request ids ----

absl::Status RequestId::Merge(const std::string& from_body) {
  if (from_body.empty()) return absl::OkStatus();
  if (from_header && from_body != value) {
    return absl::InvalidArgumentError("request_id: differs from the X-Request-Id header");
  }
  TX_RETURN_IF_ERROR(ValidateRequestId(from_body));
  value = from_body;
  return absl::OkStatus();
}

absl::Status ApplyRequestId(RequestId& id, Message& request) {
  const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr) return absl::OkStatus();
  TX_RETURN_IF_ERROR(id.Merge(request.GetReflection()->GetString(request, field)));
  request.GetReflection()->SetString(&request, field, id.value);
  return absl::OkStatus();
}

// ---- parallel calls ----

void Fanout::Add(const std::string& service, const Start& start, bool needed) {
  auto call = std::make_unique<Call>();
  call->service = service;
  call->needed = needed;
  call->context = Context(caller_);
  Call* raw = call.get();
  calls_.push_back(std::move(call));
  {
    std::lock_guard lock(mu_);
    ++running_;
  }
  start(raw->context.get(), [this, raw](grpc::Status status) {
    std::lock_guard lock(mu_);
    raw->status = std::move(status);
    if (--running_ == 0) done_.notify_all();
  });
}

absl::Status Fanout::Wait() {
  {
    std::unique_lock lock(mu_);
    done_.wait(lock, [this] { return running_ == 0; });
  }
  absl::Status first;
  for (const auto& call : calls_) {
    if (call->status.ok()) continue;
    if (ServiceMissing(call->status)) {
      missing_.insert(call->service);
    } else if (call->needed && first.ok()) {
      first = FromGrpcStatus(call->status);
    }
  }
  return first;
}

// ---- dispatch ----

template <typename Request, typename Response>
void Gateway::View(const std::string& method,
                   absl::StatusOr<Response> (Gateway::*view)(const Caller&, const Request&)) {
  handlers_[method] = [this, view](const Caller& caller, const Message& request,
                                   Message* response) -> absl::Status {
    auto answer = (this->*view)(caller, static_cast<const Request&>(request));
    if (!answer.ok()) return answer.status();
    static_cast<Response*>(response)->Swap(&*answer);
    return absl::OkStatus();
  };
}

Gateway::Gateway(const Downstreams& downstreams)
    : channels_(downstreams),
      volunteer_(volunteer::v1::VolunteerService::NewStub(downstreams.volunteer)),
      posts_(posts::v1::PostsService::NewStub(downstreams.posts)),
      wishes_(wishes::v1::WishesService::NewStub(downstreams.wishes)),
      points_(points::v1::PointsService::NewStub(downstreams.points)) {
  by_service_[volunteer::v1::VolunteerService::service_full_name()] = downstreams.volunteer;
  by_service_[posts::v1::PostsService::service_full_name()] = downstreams.posts;
  by_service_[wishes::v1::WishesService::service_full_name()] = downstreams.wishes;
  by_service_[points::v1::PointsService::service_full_name()] = downstreams.points;
  View("GetDashboard", &Gateway::Dashboard);
  View("GetWishWall", &Gateway::WishWall);
  View("GetPostList", &Gateway::PostList);
  View("GetRegionOverview", &Gateway::RegionOverview);
  View("GetAdminQueue", &Gateway::AdminQueue);
  for (const Route& route : ApiRoutes()) {
    if (route.forward == nullptr) continue;
    const auto* target = route.forward;
    handlers_[route.method->name()] = [this, target](const Caller& caller, const Message& request,
                                                     Message* response) {
      return Forward(*target, caller, request, response);
    };
  }
}

absl::Status Gateway::Call(const std::string& method, const Caller& caller, Message& request,
                           Message* response) {
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) {
    return absl::UnimplementedError(absl::StrCat(method, ": not served by this gateway"));
  }
  TX_RETURN_IF_ERROR(ResolveMe(caller, request));
  return handler->second(caller, request, response);
}

absl::Status Gateway::Forward(const google::protobuf::MethodDescriptor& target,
                              const Caller& caller, const Message& request, Message* response) {
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
  auto context = Context(caller);
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

bool Gateway::Ready(Deadline deadline) const {
  for (const auto& channel :
       {channels_.volunteer, channels_.posts, channels_.wishes, channels_.points}) {
    if (!IsServing(channel, deadline)) return false;
  }
  return true;
}

}  // namespace tongxin::gateway
