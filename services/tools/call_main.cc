// tongxin-call: a JSON-in, JSON-out client for every Tongxin gRPC API (Debian 12 has no grpcurl).
//   tongxin-call --target=HOST:PORT [--token=JWT] [--timeout_ms=N] SERVICE/METHOD 'JSON'
//   tongxin-call --target=HOST:PORT [--token=JWT] --batch=FILE   (lines: SERVICE/METHOD JSON)
//   tongxin-call --target=HOST:PORT --health                       (grpc.health.v1 Check)
// In a batch, ALREADY_EXISTS counts as success, so a seed file can be replayed, and a line
// "$name=field METHOD JSON" keeps a field of its answer for later lines to use as ${name}, and
// "@target HOST:PORT" sends the lines after it to another service.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"

#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

// Linked only for their descriptors: every API this tool can call.
#include "tongxin/activities/v1/activities.pb.h"
#include "tongxin/points/v1/points.pb.h"
#include "tongxin/posts/v1/posts.pb.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"
#include "tongxin/wishes/v1/wishes.pb.h"

namespace {

std::string CodeName(const grpc::Status& status) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
}

struct Options {
  std::string target = "127.0.0.1:50051";
  std::string token;
  int timeout_ms = 10000;
};

grpc::Status Invoke(const std::shared_ptr<grpc::Channel>& channel, const Options& options,
                    const std::string& full_method, const std::string& json, std::string* output) {
  namespace pb = google::protobuf;
  auto slash = full_method.find('/');
  if (slash == std::string::npos) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "method must be Service/Method");
  }
  const pb::ServiceDescriptor* service =
      pb::DescriptorPool::generated_pool()->FindServiceByName(full_method.substr(0, slash));
  const pb::MethodDescriptor* method =
      service ? service->FindMethodByName(full_method.substr(slash + 1)) : nullptr;
  if (!method) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unknown method " + full_method);
  }
  pb::DynamicMessageFactory factory;
  std::unique_ptr<pb::Message> request(factory.GetPrototype(method->input_type())->New());
  std::unique_ptr<pb::Message> response(factory.GetPrototype(method->output_type())->New());
  auto parsed = pb::util::JsonStringToMessage(json.empty() ? "{}" : json, request.get());
  if (!parsed.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "request JSON: " + std::string(parsed.message()));
  }
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(options.timeout_ms));
  if (!options.token.empty()) context.AddMetadata("authorization", "Bearer " + options.token);
  std::string bytes = request->SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/" + service->full_name() + "/" + method->name(), grpc::StubOptions(),
                 &request_buffer, &response_buffer,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (!status.ok()) return status;
  std::vector<grpc::Slice> slices;
  (void)response_buffer.Dump(&slices);
  std::string response_bytes;
  for (const auto& s : slices)
    response_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  response->ParseFromString(response_bytes);
  pb::util::JsonPrintOptions print;
  print.add_whitespace = true;
  print.preserve_proto_field_names = true;
  (void)pb::util::MessageToJsonString(*response, output, print);
  return grpc::Status::OK;
}

int Health(const std::shared_ptr<grpc::Channel>& channel, const Options& options) {
  // grpc.health.v1.HealthCheckRequest{service: ""} is an empty message; the reply's field 1 is
  // the status enum, SERVING = 1, encoded as the two bytes 0x08 0x01.
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(options.timeout_ms));
  grpc::ByteBuffer request_buffer, response_buffer;
  grpc::Slice empty("");
  request_buffer = grpc::ByteBuffer(&empty, 1);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request_buffer,
                 &response_buffer, [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (status.ok() && response_buffer.Dump(&slices).ok()) {
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  bool serving = status.ok() && bytes == std::string("\x08\x01", 2);
  std::cout << (serving ? "SERVING" : "NOT_SERVING") << "\n";
  return serving ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Referencing each API's descriptor links its generated code, which registers the services.
  (void)tongxin::volunteer::v1::Volunteer::descriptor();
  (void)tongxin::points::v1::Transfer::descriptor();
  (void)tongxin::posts::v1::Post::descriptor();
  (void)tongxin::activities::v1::Activity::descriptor();
  (void)tongxin::wishes::v1::Wish::descriptor();
  Options options;
  std::string batch, method, json;
  bool health = false;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const std::string& name) -> const char* {
      return arg.rfind(name + "=", 0) == 0 ? argv[i] + name.size() + 1 : nullptr;
    };
    if (auto v = value("--target"))
      options.target = v;
    else if (auto v = value("--token"))
      options.token = v;
    else if (auto v = value("--timeout_ms")) {
      if (!absl::SimpleAtoi(v, &options.timeout_ms) || options.timeout_ms <= 0) {
        std::cerr << "--timeout_ms: a positive number of milliseconds\n";
        return 2;
      }
    } else if (auto v = value("--batch"))
      batch = v;
    else if (arg == "--health")
      health = true;
    else if (arg.rfind("--", 0) == 0) {
      std::cerr << "unknown flag " << arg << "\n";
      return 2;
    } else
      positional.push_back(arg);
  }
  auto channel = grpc::CreateChannel(options.target, grpc::InsecureChannelCredentials());
  if (health) return Health(channel, options);
  if (!batch.empty()) {
    std::ifstream in(batch);
    if (!in) {
      std::cerr << "cannot read " << batch << "\n";
      return 2;
    }
    std::string line;
    int calls = 0, failures = 0;
    std::map<std::string, std::string> captured;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      // "@target HOST:PORT" sends the following lines to another service.
      if (line.rfind("@target ", 0) == 0) {
        channel = grpc::CreateChannel(line.substr(8), grpc::InsecureChannelCredentials());
        continue;
      }
      // "$name=field METHOD JSON" keeps `field` of the answer for later lines' ${name}.
      std::string capture_name, capture_field;
      if (line[0] == '$') {
        auto eq = line.find('=');
        auto end = line.find(' ');
        if (eq == std::string::npos || end == std::string::npos || eq > end) {
          std::cerr << "bad capture: " << line.substr(0, 40) << "\n";
          ++failures;
          continue;
        }
        capture_name = line.substr(1, eq - 1);
        capture_field = line.substr(eq + 1, end - eq - 1);
        line = line.substr(end + 1);
      }
      for (const auto& [name, value] : captured) {
        std::string token = "${" + name + "}";
        for (auto at = line.find(token); at != std::string::npos; at = line.find(token, at)) {
          line.replace(at, token.size(), value);
        }
      }
      auto space = line.find(' ');
      std::string method = line.substr(0, space);
      std::string output;
      grpc::Status status =
          Invoke(channel, options, method, space == std::string::npos ? "" : line.substr(space + 1),
                 &output);
      ++calls;
      if (status.ok() && !capture_name.empty()) {
        auto answer = nlohmann::json::parse(output, nullptr, false);
        if (answer.is_object() && answer.contains(capture_field) &&
            answer[capture_field].is_string()) {
          captured[capture_name] = answer[capture_field].get<std::string>();
        } else {
          std::cerr << method << ": answer has no " << capture_field << "\n";
          ++failures;
        }
      } else if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
        ++failures;
        std::cerr << method << ": " << CodeName(status) << " " << status.error_message() << "\n";
      }
    }
    std::cout << calls - failures << " of " << calls << " calls succeeded\n";
    return failures == 0 ? 0 : 1;
  }
  if (positional.empty() || positional.size() > 2) {
    std::cerr << "usage: tongxin-call --target=HOST:PORT [--token=JWT] SERVICE/METHOD 'JSON'\n"
                 "       tongxin-call --target=HOST:PORT [--token=JWT] --batch=FILE\n"
                 "       tongxin-call --target=HOST:PORT --health\n";
    return 2;
  }
  std::string output;
  grpc::Status status = Invoke(channel, options, positional[0],
                               positional.size() > 1 ? positional[1] : "{}", &output);
  if (!status.ok()) {
    std::cerr << "error " << CodeName(status) << ": " << status.error_message() << "\n";
    return 1;
  }
  std::cout << output;
  return 0;
}
