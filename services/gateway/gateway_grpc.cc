// The generic gRPC face: one handler for every route of the table.
#include "services/gateway/gateway_grpc.h"

#include <google/protobuf/message.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/gateway/request_id.h"

namespace tongxin::gateway {
namespace {

using google::protobuf::Message;

std::string Metadata(const grpc::CallbackServerContext* context, const char* key) {
  auto it = context->client_metadata().find(key);
  return it == context->client_metadata().end() ? ""
                                                : std::string(it->second.data(), it->second.size());
}

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

}  // namespace

GatewayGrpc::GatewayGrpc(Gateway& gateway, const AsyncRpcRunner& runner, RateLimiter& limiter,
                         RateLimiter& public_limiter)
    : gateway_(gateway), runner_(runner), limiter_(limiter), public_limiter_(public_limiter) {
  // What the generated WithRawCallbackMethod_<Method> templates do, once per route: the method's
  // name lives in the route table (static, as RpcServiceMethod needs), its handler is Serve.
  const auto& routes = ApiRoutes();
  for (size_t i = 0; i < routes.size(); ++i) {
    const Route& route = routes[i];
    AddMethod(new grpc::internal::RpcServiceMethod(route.grpc_method.c_str(),
                                                   grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
    MarkMethodRawCallback(
        static_cast<int>(i),
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
            [this, &route](grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                           grpc::ByteBuffer* response) {
              return Serve(route, context, request, response);
            }));
  }
}

grpc::ServerUnaryReactor* GatewayGrpc::Serve(const Route& route,
                                             grpc::CallbackServerContext* context,
                                             const grpc::ByteBuffer* request_bytes,
                                             grpc::ByteBuffer* response_bytes) {
  // The call's own request: the request id and "me" are written into it.
  std::shared_ptr<Message> request = NewMessage(route.method->input_type());
  grpc::ByteBuffer copy(*request_bytes);
  if (!grpc::SerializationTraits<Message>::Deserialize(&copy, request.get()).ok()) {
    // What gRPC answers a typed method whose request does not parse.
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""));
    return reactor;
  }
  std::string authorization = Metadata(context, "authorization");
  absl::Status id_status;
  RequestId id = RequestId::FromHeader(Metadata(context, "x-request-id"), id_status);
  if (id_status.ok()) id_status = ApplyRequestId(id, *request);
  context->AddInitialMetadata("x-request-id", id.value);
  const std::string& method = route.method->name();
  // The caller's address, not their connection (a new one would otherwise be a fresh budget).
  const std::string address_key = AddressKey(context->peer());
  return runner_.Run(
      context, absl::StrCat(route.method->service()->full_name(), "/", method), id.value,
      [=, this, &route](const CallContext& call, std::shared_ptr<IncomingCall> incoming,
                        AsyncRpcRunner::Finish finish) {
        if (!id_status.ok()) return finish(id_status);
        // An anonymous caller of a public read is counted by their address, on the public budget.
        const bool anonymous = call.principal.subject.empty();
        if (anonymous ? !public_limiter_.Allow(address_key)
                      : !limiter_.Allow(call.principal.subject, call.principal.role)) {
          return finish(absl::ResourceExhaustedError("rate limit: slow down and retry"));
        }
        std::shared_ptr<Message> response = NewMessage(route.method->output_type());
        gateway_.Call(method, Caller{authorization, call.deadline, call.principal, incoming},
                      *request, response.get(),
                      [request, response, response_bytes, finish](absl::Status status) {
                        if (!status.ok()) return finish(status);
                        bool own_buffer = false;
                        grpc::ByteBuffer serialized;
                        if (!grpc::SerializationTraits<Message>::Serialize(*response, &serialized,
                                                                           &own_buffer)
                                 .ok()) {
                          return finish(absl::InternalError("the answer did not serialize"));
                        }
                        response_bytes->Swap(&serialized);
                        finish(absl::OkStatus());
                      });
      },
      route.public_read ? Access::kPublic : Access::kSignedIn);
}

}  // namespace tongxin::gateway
