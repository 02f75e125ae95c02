// The route table, read once from the gateway proto's descriptors, and the checks it must pass.
#include "services/gateway/api.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "tongxin/gateway/v1/annotations.pb.h"
#include "tongxin/gateway/v1/gateway.pb.h"

namespace tongxin::gateway {
namespace {

using google::protobuf::FieldDescriptor;

Route RouteOf(const google::protobuf::MethodDescriptor* method) {
  Route route;
  route.method = method;
  route.grpc_method = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  const auto& rule = method->options().GetExtension(v1::http);
  route.verb = rule.has_get() ? "GET" : rule.has_post() ? "POST" : "";
  route.path = rule.has_get() ? rule.get() : rule.post();
  for (size_t open = route.path.find('{'); open != std::string::npos;
       open = route.path.find('{', open + 1)) {
    size_t close = route.path.find('}', open);
    if (close == std::string::npos) break;
    route.path_fields.push_back(route.path.substr(open + 1, close - open - 1));
  }
  route.public_read = method->options().GetExtension(v1::public_read);
  const std::string& target = method->options().GetExtension(v1::forward);
  if (!target.empty()) {
    route.forward = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(target);
  }
  return route;
}

}  // namespace

std::string Route::Pattern() const {
  std::string pattern;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      pattern += "([^/:]+)";
      i = path.find('}', i);
      if (i == std::string::npos) break;  // CheckApi refuses such a path
    } else {
      if (std::string_view(".+*?()[]^$|\\").find(path[i]) != std::string_view::npos)
        pattern += '\\';
      pattern += path[i];
    }
  }
  return pattern;
}

const std::vector<Route>& ApiRoutes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> all;
    const auto* service =
        v1::GetDashboardRequest::descriptor()->file()->FindServiceByName("GatewayService");
    for (int i = 0; i < service->method_count(); ++i) all.push_back(RouteOf(service->method(i)));
    return all;
  }();
  return routes;
}

absl::Status CheckApi() {
  std::set<std::string> seen;
  for (const Route& route : ApiRoutes()) {
    const std::string& name = route.method->name();
    if (route.verb.empty() || route.path.empty() || route.path[0] != '/') {
      return absl::InternalError(absl::StrCat(name, ": no (http) rule"));
    }
    if (std::count(route.path.begin(), route.path.end(), '{') != long(route.path_fields.size()) ||
        std::count(route.path.begin(), route.path.end(), '}') != long(route.path_fields.size())) {
      return absl::InternalError(absl::StrCat(name, ": unbalanced braces in ", route.path));
    }
    if (route.public_read && route.verb != "GET") {
      return absl::InternalError(absl::StrCat(name, ": only a GET may be a public read"));
    }
    if (!seen.insert(route.verb + " " + route.Pattern()).second) {
      return absl::InternalError(absl::StrCat(name, ": a second method on ", route.path));
    }
    for (const auto& field_name : route.path_fields) {
      const auto* field = route.method->input_type()->FindFieldByName(field_name);
      if (field == nullptr || field->is_repeated() ||
          field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
        return absl::InternalError(
            absl::StrCat(name, ": path field ", field_name, " is not a string of the request"));
      }
    }
    const std::string& target = route.method->options().GetExtension(v1::forward);
    if (target.empty()) continue;
    if (route.forward == nullptr) {
      return absl::InternalError(absl::StrCat(name, ": no such method ", target));
    }
    if (route.forward->input_type() != route.method->input_type() ||
        route.forward->output_type() != route.method->output_type()) {
      return absl::InternalError(absl::StrCat(name, ": its messages differ from ", target, "'s"));
    }
    const auto* request_id = route.method->input_type()->FindFieldByName("request_id");
    if (route.verb == "GET") {
      // A read passed through: nothing to repeat safely, so no request id; a request that has
      // one changes something and must be a POST.
      if (request_id != nullptr) {
        return absl::InternalError(absl::StrCat(name, ": a GET passes reads only (no request_id)"));
      }
      continue;
    }
    if (request_id == nullptr || request_id->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      return absl::InternalError(absl::StrCat(name, ": an action without a string request_id"));
    }
  }
  return absl::OkStatus();
}

}  // namespace tongxin::gateway
