#include "services/gateway/http_front.h"

#include <google/protobuf/util/json_util.h>
#include <spdlog/spdlog.h>

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

}  // namespace

const std::vector<std::string>& ApiRoutes() {
  static const std::vector<std::string> routes = {
      "GET /v1/volunteers/{volunteer_id}/dashboard",
      "POST /v1/wishes/{wish_id}:claim",
      "POST /v1/rewards/{reward_id}:redeem",
  };
  return routes;
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

void HttpFront::Api(
    const httplib::Request& request, httplib::Response& response, const std::string& route,
    const std::function<absl::StatusOr<std::string>(const Caller&, RequestId&)>& handler) {
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
  // The request id: the client's header, or the body's (the handler checks they agree), or new.
  std::string header_id = request.get_header_value("X-Request-Id");
  if (status.ok() && !header_id.empty()) status = ValidateRequestId(header_id);
  RequestId id{header_id.empty() || !status.ok() ? NewUuid() : header_id, !header_id.empty()};
  if (status.ok()) {
    auto timeout = options_.default_timeout;
    if (auto header = request.get_header_value("X-Timeout-Ms"); !header.empty()) {
      long long ms = 0;
      if (!absl::SimpleAtoi(header, &ms) || ms <= 0) {
        status = absl::InvalidArgumentError("X-Timeout-Ms: a positive number of milliseconds");
      } else {
        timeout = std::min<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(ms));
      }
    }
    if (status.ok()) {
      Caller caller{authorization, std::chrono::system_clock::now() + timeout};
      auto body = handler(caller, id);
      if (body.ok()) {
        response.status = 200;
        response.set_content(*body, "application/json");
      } else {
        status = body.status();
        if (status.code() == absl::StatusCode::kUnavailable ||
            status.code() == absl::StatusCode::kDeadlineExceeded) {
          metrics_.RecordDownstreamError(status.code());
        }
      }
    }
  }
  response.set_header("X-Request-Id", id.value);
  if (!status.ok()) Error(response, status);
  metrics_.Record(
      route, response.status,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  spdlog::info("http route={} status={} request_id={} caller={}", route, response.status, id.value,
               principal.ok() ? principal->subject : "-");
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

  server_.Get(R"(/v1/volunteers/([^/]+)/dashboard)",
              [this](const httplib::Request& request, httplib::Response& response) {
                std::string volunteer_id = request.matches[1];
                Api(request, response, ApiRoutes()[0],
                    [&](const Caller& caller, RequestId&) -> absl::StatusOr<std::string> {
                      auto dashboard = gateway_.Dashboard(caller, volunteer_id);
                      if (!dashboard.ok()) return dashboard.status();
                      return ToJson(*dashboard);
                    });
              });
  server_.Post(R"(/v1/wishes/([^/:]+):claim)",
               [this](const httplib::Request& request, httplib::Response& response) {
                 std::string wish_id = request.matches[1];
                 Api(request, response, ApiRoutes()[1],
                     [&](const Caller& caller, RequestId& id) -> absl::StatusOr<std::string> {
                       pb::ClaimWishRequest claim;
                       if (absl::Status s = FromJson(request.body, &claim); !s.ok()) return s;
                       if (!claim.wish_id().empty() && claim.wish_id() != wish_id) {
                         return absl::InvalidArgumentError("wish_id: differs from the path");
                       }
                       claim.set_wish_id(wish_id);
                       TX_RETURN_IF_ERROR(id.Merge(claim.request_id()));
                       claim.set_request_id(id.value);
                       auto wish = gateway_.ClaimWish(caller, claim);
                       if (!wish.ok()) return wish.status();
                       return ToJson(*wish);
                     });
               });
  server_.Post(R"(/v1/rewards/([^/:]+):redeem)",
               [this](const httplib::Request& request, httplib::Response& response) {
                 std::string reward_id = request.matches[1];
                 Api(request, response, ApiRoutes()[2],
                     [&](const Caller& caller, RequestId& id) -> absl::StatusOr<std::string> {
                       pb::RedeemRequest redeem;
                       if (absl::Status s = FromJson(request.body, &redeem); !s.ok()) return s;
                       if (!redeem.reward_id().empty() && redeem.reward_id() != reward_id) {
                         return absl::InvalidArgumentError("reward_id: differs from the path");
                       }
                       redeem.set_reward_id(reward_id);
                       TX_RETURN_IF_ERROR(id.Merge(redeem.request_id()));
                       redeem.set_request_id(id.value);
                       auto order = gateway_.Redeem(caller, redeem);
                       if (!order.ok()) return order.status();
                       return ToJson(*order);
                     });
               });
}

}  // namespace tongxin::gateway
