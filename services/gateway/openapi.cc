// The OpenAPI 3 document of the HTTP face, made from the route table and the messages' descriptors.
#include "services/gateway/openapi.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/gateway/api.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::ordered_json;

std::string Ref(const Descriptor* message) {
  return absl::StrCat("#/components/schemas/", message->full_name());
}

json FieldSchema(const FieldDescriptor* field, std::vector<const Descriptor*>& pending) {
  if (field->is_map()) {
    // The protobuf JSON mapping writes a map as an object keyed by the map's keys, not as the
    // list of entry messages the descriptor holds.
    return {{"type", "object"},
            {"additionalProperties", FieldSchema(field->message_type()->map_value(), pending)}};
  }
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
    if (route.public_read) {
      // Answered without a token (rate-limited by address): no security requirement.
      operation["security"] = json::array();
      operation["description"] =
          "Public: answered without a token, rate-limited per address; a token that is sent "
          "must verify.";
    }
    if (route.method->output_type() == volunteer::v1::CertificatePdf::descriptor()) {
      // The one answer served as its bytes (AnswerAsBody): a certificate's PDF.
      operation["responses"]["200"]["content"] = {
          {"application/pdf", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
    }
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
