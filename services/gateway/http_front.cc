#include "services/gateway/http_front.h"

#include <google/protobuf/util/json_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/outbox.h"
#include "services/common/status.h"

namespace tongxin::gateway {
namespace {

constexpr double kLatencyBounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

// JSON that does not parse, or names a field the message does not have, is the caller's mistake.
absl::Status FromJson(const std::string& body, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status =
      google::protobuf::util::JsonStringToMessage(body.empty() ? "{}" : body, message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("body: ", std::string(status.message().data(), status.message().size())));
  }
  return absl::OkStatus();
}

// Proto strings must be UTF-8; a service handed anything else fails the whole call, so the
// caller's bytes are checked here and refused as the caller's mistake.
bool ValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t length = byte < 0x80           ? 1
                    : (byte >> 5) == 0x6  ? 2
                    : (byte >> 4) == 0xE  ? 3
                    : (byte >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

// A query parameter's text as the field's value.
absl::Status SetFromText(google::protobuf::Message& message,
                         const google::protobuf::FieldDescriptor& field, const std::string& text) {
  using google::protobuf::FieldDescriptor;
  const auto* reflection = message.GetReflection();
  auto wrong = [&](const char* what) {
    return absl::InvalidArgumentError(absl::StrCat(field.name(), ": ", what));
  };
  if (field.is_repeated()) return wrong("not a query parameter");
  if (!ValidUtf8(text)) return wrong("not UTF-8");
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(&message, &field, text);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return wrong("a whole number");
      reflection->SetInt32(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return wrong("a whole number");
      reflection->SetInt64(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (text != "true" && text != "false") return wrong("true or false");
      reflection->SetBool(&message, &field, text == "true");
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = field.enum_type()->FindValueByName(text);
      if (value == nullptr) return wrong("not one of its names");
      reflection->SetEnum(&message, &field, value);
      return absl::OkStatus();
    }
    default:
      return wrong("not a query parameter");
  }
}

}  // namespace

int HttpStatus(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kFailedPrecondition:
      return 409;  // the request was fine; the resource's state refuses it
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

bool RateLimiter::Allow(const std::string& caller) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto [it, inserted] = buckets_.try_emplace(caller, Bucket{burst_, now});
  Bucket& bucket = it->second;
  double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
  bucket.refilled = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

void Metrics::Record(const std::string& route, int http_status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, http_status}];
  for (double bound : kLatencyBounds) {
    if (seconds <= bound) {
      ++latency_buckets_[bound];
      break;
    }
  }
  latency_sum_ += seconds;
  ++latency_count_;
}

void Metrics::RecordDownstreamError(absl::StatusCode code) {
  std::lock_guard lock(mu_);
  ++downstream_errors_[absl::StatusCodeToString(code)];
}

void Metrics::RecordMissing(const std::string& service) {
  std::lock_guard lock(mu_);
  ++missing_parts_[service];
}

std::string Metrics::Render() {
  std::lock_guard lock(mu_);
  std::string out =
      "# HELP tongxin_gateway_requests_total HTTP requests by route and status.\n"
      "# TYPE tongxin_gateway_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    absl::StrAppend(&out, "tongxin_gateway_requests_total{route=\"", key.first, "\",code=\"",
                    key.second, "\"} ", count, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP tongxin_gateway_request_seconds Request latency.\n"
                  "# TYPE tongxin_gateway_request_seconds histogram\n");
  long long cumulative = 0;
  for (double bound : kLatencyBounds) {
    auto it = latency_buckets_.find(bound);
    cumulative += it == latency_buckets_.end() ? 0 : it->second;
    absl::StrAppend(&out, "tongxin_gateway_request_seconds_bucket{le=\"", bound, "\"} ", cumulative,
                    "\n");
  }
  absl::StrAppend(&out, "tongxin_gateway_request_seconds_bucket{le=\"+Inf\"} ", latency_count_,
                  "\n", "tongxin_gateway_request_seconds_sum ", latency_sum_, "\n",
                  "tongxin_gateway_request_seconds_count ", latency_count_, "\n",
                  "# HELP tongxin_gateway_downstream_errors_total Errors from the services.\n"
                  "# TYPE tongxin_gateway_downstream_errors_total counter\n");
  for (const auto& [code, count] : downstream_errors_) {
    absl::StrAppend(&out, "tongxin_gateway_downstream_errors_total{code=\"", code, "\"} ", count,
                    "\n");
  }
  absl::StrAppend(&out,
                  "# HELP tongxin_gateway_view_parts_missing_total Views answered without a "
                  "service's part.\n"
                  "# TYPE tongxin_gateway_view_parts_missing_total counter\n");
  for (const auto& [service, count] : missing_parts_) {
    absl::StrAppend(&out, "tongxin_gateway_view_parts_missing_total{service=\"", service, "\"} ",
                    count, "\n");
  }
  return out;
}

HttpFront::HttpFront(Gateway& gateway, const TokenVerifier& verifier, HttpOptions options)
    : gateway_(gateway),
      verifier_(verifier),
      options_(std::move(options)),
      limiter_(options_.requests_per_second, options_.burst) {
  server_.set_payload_max_length(options_.max_body_bytes);
  // Answers httplib gives itself (a body too large, no such route) get the same JSON and CORS.
  server_.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;  // an answer of ours, already in shape
    int code = response.status;
    Cors(request, response);
    Error(response, code == 413   ? absl::OutOfRangeError(absl::StrCat(
                                        "body: larger than ", options_.max_body_bytes, " bytes"))
                    : code == 404 ? absl::NotFoundError("no such route")
                                  : absl::UnknownError("request refused"));
    response.status = code;
    metrics_.Record("-", code, 0);
  });
  Routes();
}

HttpFront::~HttpFront() { Stop(); }

absl::Status HttpFront::Start(const std::string& host, int port) {
  port_ =
      port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port));
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // Until the loop runs, stop() would be ignored (and a join would wait forever).
  for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!server_.is_running()) return absl::UnavailableError("the HTTP loop did not start");
  return absl::OkStatus();
}

void HttpFront::Stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void HttpFront::Cors(const httplib::Request& request, httplib::Response& response) {
  std::string origin = request.get_header_value("Origin");
  if (!origin.empty() && options_.cors_origins.count(origin)) {
    response.set_header("Access-Control-Allow-Origin", origin);
    response.set_header("Vary", "Origin");
    response.set_header("Access-Control-Allow-Headers",
                        "Authorization, Content-Type, X-Request-Id, X-Timeout-Ms");
    response.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.set_header("Access-Control-Expose-Headers", "X-Request-Id");
  }
}

void HttpFront::Error(httplib::Response& response, const absl::Status& status) {
  nlohmann::json body = {{"code", absl::StatusCodeToString(status.code())},
                         {"message", std::string(status.message())},
                         {"details", nlohmann::json::array()}};
  response.status = HttpStatus(status.code());
  response.set_content(body.dump(), "application/json");
}

void HttpFront::Serve(const Route& route, const httplib::Request& request,
                      httplib::Response& response) {
  auto started = std::chrono::steady_clock::now();
  Cors(request, response);
  std::string authorization = request.get_header_value("Authorization");
  // The caller is their token's subject when it verifies, else their address.
  auto principal = verifier_.Verify(authorization);
  std::string caller_key = principal.ok() ? principal->subject : "addr:" + request.remote_addr;
  absl::Status status;
  if (!limiter_.Allow(caller_key)) {
    status = absl::ResourceExhaustedError("rate limit: slow down and retry");
  } else if (!principal.ok()) {
    status = principal.status();
  }
  std::string header_id = request.get_header_value("X-Request-Id");
  if (status.ok() && !header_id.empty()) status = ValidateRequestId(header_id);
  RequestId id{header_id.empty() || !status.ok() ? NewUuid() : header_id, !header_id.empty()};
  auto timeout = options_.default_timeout;
  if (auto header = request.get_header_value("X-Timeout-Ms"); status.ok() && !header.empty()) {
    long long ms = 0;
    if (!absl::SimpleAtoi(header, &ms) || ms <= 0) {
      status = absl::InvalidArgumentError("X-Timeout-Ms: a positive number of milliseconds");
    } else {
      timeout = std::min<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(ms));
    }
  }
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> input(
      factory->GetPrototype(route.method->input_type())->New());
  std::unique_ptr<google::protobuf::Message> output(
      factory->GetPrototype(route.method->output_type())->New());
  if (status.ok()) status = Bind(route, request, *input);
  if (status.ok()) status = ApplyRequestId(id, *input);
  if (status.ok()) {
    Caller caller{authorization, std::chrono::system_clock::now() + timeout, *principal};
    status = gateway_.Call(route.method->name(), caller, *input, output.get());
    if (status.code() == absl::StatusCode::kUnavailable ||
        status.code() == absl::StatusCode::kDeadlineExceeded) {
      metrics_.RecordDownstreamError(status.code());
    }
  }
  response.set_header("X-Request-Id", id.value);
  if (status.ok()) {
    if (const auto* missing = output->GetDescriptor()->FindFieldByName("missing")) {
      for (int i = 0; i < output->GetReflection()->FieldSize(*output, missing); ++i) {
        metrics_.RecordMissing(output->GetReflection()->GetRepeatedString(*output, missing, i));
      }
    }
    response.status = 200;
    response.set_content(ToJson(*output), "application/json");
  } else {
    Error(response, status);
  }
  metrics_.Record(
      route.Name(), response.status,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  spdlog::info("http route={} status={} request_id={} caller={}", route.Name(), response.status,
               id.value, principal.ok() ? principal->subject : "-");
}

absl::Status HttpFront::Bind(const Route& route, const httplib::Request& request,
                             google::protobuf::Message& message) {
  if (route.verb == "POST") {
    TX_RETURN_IF_ERROR(FromJson(request.body, &message));
  } else {
    for (const auto& [name, value] : request.params) {
      const auto* field = message.GetDescriptor()->FindFieldByName(name);
      bool in_path = std::find(route.path_fields.begin(), route.path_fields.end(), name) !=
                     route.path_fields.end();
      if (field == nullptr || in_path) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": no such query parameter"));
      }
      if (request.params.count(name) > 1) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": given more than once"));
      }
      TX_RETURN_IF_ERROR(SetFromText(message, *field, value));
    }
  }
  const auto* reflection = message.GetReflection();
  for (size_t i = 0; i < route.path_fields.size(); ++i) {
    const std::string& name = route.path_fields[i];
    std::string value = request.matches[i + 1];
    if (!ValidUtf8(value)) return absl::InvalidArgumentError(absl::StrCat(name, ": not UTF-8"));
    const auto* field = message.GetDescriptor()->FindFieldByName(name);
    std::string given = reflection->GetString(message, field);
    if (!given.empty() && given != value) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": differs from the path"));
    }
    reflection->SetString(&message, field, value);
  }
  return absl::OkStatus();
}

void HttpFront::Routes() {
  server_.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
    bool ready = gateway_.Ready(std::chrono::system_clock::now() + std::chrono::seconds(2));
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "ready\n" : "a service is not answering\n", "text/plain");
  });
  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics_.Render(), "text/plain; version=0.0.4");
  });
  server_.Options(".*", [this](const httplib::Request& request, httplib::Response& response) {
    Cors(request, response);
    response.status = 204;
  });
  for (const Route& route : ApiRoutes()) {
    auto handler = [this, &route](const httplib::Request& request, httplib::Response& response) {
      Serve(route, request, response);
    };
    if (route.verb == "GET") {
      server_.Get(route.Pattern(), handler);
    } else {
      server_.Post(route.Pattern(), handler);
    }
  }
}

}  // namespace tongxin::gateway
