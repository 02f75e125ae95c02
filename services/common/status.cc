#include "services/common/status.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tongxin {

// absl::StatusCode and grpc::StatusCode share the canonical numbering of google.rpc.Code.
grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  if (ConnectionReset(status)) {
    return absl::UnavailableError(
        absl::StrCat("the service's answer was cut off (", status.error_message(),
                     "): it may or may not have been done; retry with the same request_id"));
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

bool ConnectionReset(const grpc::Status& status) {
  // The library's words (chttp2: "Received RST_STREAM with error code N"); a service's own
  // INTERNAL never starts so.
  return status.error_code() == grpc::StatusCode::INTERNAL &&
         absl::StartsWith(status.error_message(), "Received RST_STREAM");
}

}  // namespace tongxin
