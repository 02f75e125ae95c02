// Request ids from headers, metadata and bodies.
#include "services/gateway/request_id.h"

#include "services/common/idempotency.h"
#include "services/common/outbox.h"
#include "services/common/status.h"

namespace tongxin::gateway {

using google::protobuf::FieldDescriptor;

RequestId RequestId::FromHeader(std::string_view header, absl::Status& status) {
  if (status.ok() && !header.empty()) status = ValidateRequestId(header);
  return RequestId{header.empty() || !status.ok() ? NewUuid() : std::string(header),
                   !header.empty()};
}

absl::Status RequestId::Merge(const std::string& from_body) {
  if (from_body.empty()) return absl::OkStatus();
  if (from_header && from_body != value) {
    return absl::InvalidArgumentError("request_id: differs from the X-Request-Id header");
  }
  TX_RETURN_IF_ERROR(ValidateRequestId(from_body));
  value = from_body;
  return absl::OkStatus();
}

absl::Status ApplyRequestId(RequestId& id, google::protobuf::Message& request) {
  const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr) return absl::OkStatus();
  TX_RETURN_IF_ERROR(id.Merge(request.GetReflection()->GetString(request, field)));
  request.GetReflection()->SetString(&request, field, id.value);
  return absl::OkStatus();
}

}  // namespace tongxin::gateway
