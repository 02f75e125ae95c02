// How HTTP/JSON meets the proto on the HTTP face: google.rpc codes as HTTP statuses, the JSON
// error body, the protobuf JSON mapping with proto field names, and a route's request message
// bound from its path, its query (GET) or its JSON body (POST). Pure: no server involved.
#pragma once

#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/gateway/api.h"

namespace tongxin::gateway {

// google.rpc code → HTTP status.
int HttpStatus(absl::StatusCode code);

// The error body: {"code": "NOT_FOUND", "message": ..., "details": []}.
std::string ErrorJson(const absl::Status& status);

// The message in the protobuf JSON mapping with proto field names.
std::string ToJson(const google::protobuf::Message& message);

// Proto strings must be UTF-8; a service handed anything else fails the whole call, so the
// caller's bytes are checked at the door and refused as the caller's mistake.
bool ValidUtf8(std::string_view text);

// A URL's percent-escapes decoded (and '+' as a space in a query); a '%' not followed by two hex
// digits stays as it is.
std::string DecodeUrl(std::string_view text, bool query);

// A request target split into its decoded path and its query parameters.
struct HttpTarget {
  std::string path;
  std::multimap<std::string, std::string> query;
};
HttpTarget ParseTarget(std::string_view target);

// What an HTTP request brings to its route.
struct HttpInput {
  std::string body;                               // POST: JSON (empty: {})
  std::multimap<std::string, std::string> query;  // GET: one value per field
  std::vector<std::string> path_values;           // one per route.path_fields, in order
};

// The route's request message from the path, the query (GET) or the JSON body (POST). JSON that
// does not parse, unknown fields or query parameters, a parameter given twice, a value of the
// wrong type, a path field the body contradicts: INVALID_ARGUMENT naming the problem.
absl::Status BindRequest(const Route& route, const HttpInput& input,
                         google::protobuf::Message& message);

}  // namespace tongxin::gateway
