// libFuzzer target: the gateway's HTTP/JSON decoding of every route, as HttpFront::Handle and
// Serve do it before any downstream call: the target split into path and query
// (ParseTarget), the route found by its pattern (Route::Pattern, matched with std::regex as
// HttpFront does), the request message bound from path, query and JSON body (BindRequest), and
// the JSON error answer (ErrorJson). The input reads like a request:
//   POST /v1/wishes/0f1e…:claim
//   <header lines, ignored>
//   <an empty line>
//   {"request_id": "…"}
// Besides crashes and sanitizer reports it traps when a refusal is not INVALID_ARGUMENT, when an
// error answer is not JSON, when a bound request would not reach a service intact (its proto
// binary must parse again), and when a bound POST body does not bind again to the same message.
#include <google/protobuf/message.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "services/gateway/api.h"
#include "services/gateway/http_mapping.h"

namespace {

using google::protobuf::Message;
using tongxin::gateway::Route;

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

struct CompiledRoute {
  const Route* route;
  std::regex pattern;
};

const std::vector<CompiledRoute>& Routes() {
  static const auto* routes = [] {
    auto* all = new std::vector<CompiledRoute>();
    for (const Route& route : tongxin::gateway::ApiRoutes()) {
      all->push_back(CompiledRoute{&route, std::regex(route.Pattern())});
    }
    return all;
  }();
  return *routes;
}

std::unique_ptr<Message> NewRequest(const Route& route) {
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  return std::unique_ptr<Message>(factory->GetPrototype(route.method->input_type())->New());
}

// The answer a refused request gets must be JSON a client can read.
void CheckErrorAnswer(const absl::Status& status) {
  const std::string body = tongxin::gateway::ErrorJson(status);
  Require(nlohmann::json::accept(body));
}

void Bind(const Route& route, const tongxin::gateway::HttpInput& input) {
  std::unique_ptr<Message> request = NewRequest(route);
  absl::Status status = tongxin::gateway::BindRequest(route, input, *request);
  if (!status.ok()) {
    Require(status.code() == absl::StatusCode::kInvalidArgument);
    Require(tongxin::gateway::HttpStatus(status.code()) == 400);
    CheckErrorAnswer(status);
    return;
  }
  // The service receives the proto's binary form: it must parse there as it was bound here.
  std::unique_ptr<Message> received = NewRequest(route);
  Require(received->ParseFromString(request->SerializeAsString()));
  Require(google::protobuf::util::MessageDifferencer::Equals(*request, *received));
  const std::string json = tongxin::gateway::ToJson(*request);
  Require(nlohmann::json::accept(json));
  if (route.verb == "POST") {
    // What the gateway prints of a request binds again to the same request.
    std::unique_ptr<Message> again = NewRequest(route);
    Require(tongxin::gateway::BindRequest(route, {json, {}, input.path_values}, *again).ok());
    Require(google::protobuf::util::MessageDifferencer::Equals(*request, *again));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t line_end = text.find('\n');
  const std::string_view request_line = text.substr(0, line_end);
  const size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return 0;
  const std::string verb(request_line.substr(0, space));
  const std::string_view target_text = request_line.substr(space + 1);
  std::string body;
  if (line_end != std::string_view::npos) {
    const size_t blank = text.find("\n\n", line_end);
    if (blank != std::string_view::npos) body = std::string(text.substr(blank + 2));
  }

  tongxin::gateway::HttpTarget target = tongxin::gateway::ParseTarget(target_text);
  for (const CompiledRoute& compiled : Routes()) {
    std::smatch match;
    if (compiled.route->verb != verb || !std::regex_match(target.path, match, compiled.pattern)) {
      continue;
    }
    tongxin::gateway::HttpInput input{body, target.query, {}};
    for (size_t i = 1; i < match.size(); ++i) input.path_values.push_back(match[i].str());
    Bind(*compiled.route, input);
    return 0;
  }
  CheckErrorAnswer(absl::NotFoundError("no such route"));
  return 0;
}
