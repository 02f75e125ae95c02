#include "services/gateway/gateway_grpc.h"

#include "services/common/idempotency.h"
#include "services/common/outbox.h"
#include "services/common/status.h"

namespace tongxin::gateway {
namespace {

std::string Metadata(const grpc::CallbackServerContext* context, const char* key) {
  auto it = context->client_metadata().find(key);
  return it == context->client_metadata().end() ? ""
                                                : std::string(it->second.data(), it->second.size());
}

}  // namespace

grpc::ServerUnaryReactor* GatewayGrpc::ServeCopy(grpc::CallbackServerContext* context,
                                                 const char* method,
                                                 std::shared_ptr<google::protobuf::Message> request,
                                                 google::protobuf::Message* response) {
  std::string authorization = Metadata(context, "authorization");
  std::string given = Metadata(context, "x-request-id");
  absl::Status id_status = given.empty() ? absl::OkStatus() : ValidateRequestId(given);
  RequestId id{given.empty() || !id_status.ok() ? NewUuid() : given, !given.empty()};
  if (id_status.ok()) id_status = ApplyRequestId(id, *request);
  context->AddInitialMetadata("x-request-id", id.value);
  return runner_.Run(context, method, id.value, [=, this](const CallContext& call) {
    TX_RETURN_IF_ERROR(id_status);
    if (!limiter_.Allow(call.principal.subject)) {
      return absl::ResourceExhaustedError("rate limit: slow down and retry");
    }
    return gateway_.Call(method, Caller{authorization, call.deadline, call.principal}, *request,
                         response);
  });
}

}  // namespace tongxin::gateway
