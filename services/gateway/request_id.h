// The request id an action carries (AIP-155), the same on both faces: the header's (HTTP
// X-Request-Id, gRPC x-request-id metadata), or the body's when the header is absent (they must
// agree when both are given), or one made up for the client and returned to it so that it can
// retry safely. The owning service's idempotency store makes a retry return the first answer.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tongxin::gateway {

struct RequestId {
  std::string value;
  bool from_header = false;

  // The id a call starts with. When `status` is still OK and a header is given, the header is
  // checked (a bad one makes `status` INVALID_ARGUMENT). The id is the header's when one is
  // given and all is well, else a new UUID, to be echoed to the client either way.
  static RequestId FromHeader(std::string_view header, absl::Status& status);
  // Takes the body's id: it must agree with the header's, when there is one.
  absl::Status Merge(const std::string& from_body);
};

// Puts the call's request id into `request` when it has a request_id field (every action does),
// after merging the one the request already carries.
absl::Status ApplyRequestId(RequestId& id, google::protobuf::Message& request);

}  // namespace tongxin::gateway
