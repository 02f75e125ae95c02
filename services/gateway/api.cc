#include "services/gateway/api.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "tongxin/gateway/v1/annotations.pb.h"
#include "tongxin/gateway/v1/gateway.pb.h"

namespace tongxin::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::ordered_json;

Route RouteOf(const google::protobuf::MethodDescriptor* method) {
  Route route;
  route.method = method;
  const auto& rule = method->options().GetExtension(v1::http);
  route.verb = rule.has_get() ? "GET" : rule.has_post() ? "POST" : "";
  route.path = rule.has_get() ? rule.get() : rule.post();
  for (size_t open = route.path.find('{'); open != std::string::npos;
       open = route.path.find('{', open + 1)) {
    size_t close = route.path.find('}', open);
    if (close == std::string::npos) break;
    route.path_fields.push_back(route.path.substr(open + 1, close - open - 1));
  }
  const std::string& target = method->options().GetExtension(v1::forward);
  if (!target.empty()) {
    route.forward = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(target);
  }
  return route;
}

// ---- OpenAPI ----

std::string Ref(const Descriptor* message) {
  return absl::StrCat("#/components/schemas/", message->full_name());
}

json FieldSchema(const FieldDescriptor* field, std::vector<const Descriptor*>& pending) {
  json schema;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      schema = {{"type", "string"}};
      if (field->type() == FieldDescriptor::TYPE_BYTES) schema["format"] = "byte";
      break;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      schema = {{"type", "integer"}, {"format", "int32"}};
      break;
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      schema = {{"type", "string"}, {"format", "int64"}};  // the protobuf JSON mapping
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      schema = {{"type", "number"}};
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      schema = {{"type", "boolean"}};
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      json names = json::array();
      for (int i = 0; i < field->enum_type()->value_count(); ++i) {
        names.push_back(field->enum_type()->value(i)->name());
      }
      schema = {{"type", "string"}, {"enum", names}};
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field->message_type()->full_name() == "google.protobuf.Timestamp") {
        schema = {{"type", "string"}, {"format", "date-time"}};
      } else {
        pending.push_back(field->message_type());
        schema = {{"$ref", Ref(field->message_type())}};
      }
      break;
  }
  if (field->is_repeated()) schema = {{"type", "array"}, {"items", schema}};
  return schema;
}

json Parameter(const std::string& name, const char* in, const FieldDescriptor* field,
               std::vector<const Descriptor*>& pending) {
  json parameter = {{"name", name}, {"in", in}};
  if (std::string(in) == "path") parameter["required"] = true;
  parameter["schema"] = FieldSchema(field, pending);
  return parameter;
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
    if (!seen.insert(route.Pattern()).second) {
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
    if (request_id == nullptr || request_id->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      return absl::InternalError(absl::StrCat(name, ": an action without a string request_id"));
    }
  }
  return absl::OkStatus();
}

json OpenApiDocument() {
  json document = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Tongxin gateway"},
        {"version", "v1"},
        {"description",
         "The HTTP/JSON face of tongxin.gateway.v1.GatewayService "
         "(proto/tongxin/gateway/v1/gateway.proto), generated from its (http) rules by "
         "tongxin-openapi. Bodies and answers use the protobuf JSON mapping with proto field "
         "names; unknown fields are refused. Every call needs 'Authorization: Bearer <JWT>'. "
         "Actions (POST) take a request_id: 'X-Request-Id' or the body's request_id (they must "
         "agree); the gateway makes one when both are absent and returns it in 'X-Request-Id', "
         "and a retry with it returns the first answer and changes nothing. 'X-Timeout-Ms' "
         "shortens the deadline. 'me' in a path or in volunteer_id/adopter_id is the calling "
         "volunteer. Views answer with what they have and name the services that did not "
         "answer in 'missing'. Errors are {code, message, details} with the HTTP status of the "
         "google.rpc code: INVALID_ARGUMENT/OUT_OF_RANGE 400, UNAUTHENTICATED 401, "
         "PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS/ABORTED/FAILED_PRECONDITION 409, "
         "body too large 413, RESOURCE_EXHAUSTED 429, UNAVAILABLE 503, DEADLINE_EXCEEDED 504."}}},
      {"paths", json::object()}};
  std::vector<const Descriptor*> pending;
  for (const Route& route : ApiRoutes()) {
    const Descriptor* input = route.method->input_type();
    json operation = {{"operationId", route.method->name()}};
    operation["summary"] = route.forward
                               ? absl::StrCat("Passes through to ", route.forward->full_name(), ".")
                               : absl::StrCat("A view composed by the gateway.");
    json parameters = json::array();
    for (const auto& name : route.path_fields) {
      parameters.push_back(Parameter(name, "path", input->FindFieldByName(name), pending));
    }
    if (route.verb == "GET") {
      for (int i = 0; i < input->field_count(); ++i) {
        const FieldDescriptor* field = input->field(i);
        bool in_path = std::find(route.path_fields.begin(), route.path_fields.end(),
                                 field->name()) != route.path_fields.end();
        if (!in_path) parameters.push_back(Parameter(field->name(), "query", field, pending));
      }
    } else {
      pending.push_back(input);
      operation["requestBody"] = {
          {"required", false},
          {"content", {{"application/json", {{"schema", {{"$ref", Ref(input)}}}}}}}};
    }
    parameters.push_back(
        {{"name", "X-Request-Id"}, {"in", "header"}, {"schema", {{"type", "string"}}}});
    parameters.push_back(
        {{"name", "X-Timeout-Ms"}, {"in", "header"}, {"schema", {{"type", "integer"}}}});
    operation["parameters"] = parameters;
    pending.push_back(route.method->output_type());
    operation["responses"] = {
        {"200",
         {{"description", route.method->output_type()->full_name()},
          {"content",
           {{"application/json", {{"schema", {{"$ref", Ref(route.method->output_type())}}}}}}}}},
        {"default",
         {{"description", "an error"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    std::string verb = route.verb == "GET" ? "get" : "post";
    document["paths"][route.path][verb] = operation;
  }
  json schemas = json::object();
  schemas["Error"] = {{"type", "object"},
                      {"properties",
                       {{"code", {{"type", "string"}}},
                        {"message", {{"type", "string"}}},
                        {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  std::set<std::string> done;
  while (!pending.empty()) {
    const Descriptor* message = pending.back();
    pending.pop_back();
    if (!done.insert(message->full_name()).second) continue;
    json properties = json::object();
    for (int i = 0; i < message->field_count(); ++i) {
      properties[message->field(i)->name()] = FieldSchema(message->field(i), pending);
    }
    schemas[message->full_name()] = {{"type", "object"}, {"properties", properties}};
  }
  // Sorted, so that the document does not move when the walk order does.
  json sorted = json::object();
  std::map<std::string, json> by_name;
  for (const auto& item : schemas.items()) by_name[item.key()] = item.value();
  for (auto& [name, schema] : by_name) sorted[name] = schema;
  document["components"] = {{"schemas", sorted}};
  return document;
}

}  // namespace tongxin::gateway
