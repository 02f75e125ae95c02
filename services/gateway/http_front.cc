// The HTTP face: httplib routes from the route table, each call checked, bound, served by the
// gateway and answered in JSON, counted and logged.
#include "services/gateway/http_front.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/gateway/request_id.h"

namespace tongxin::gateway {

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
  response.status = HttpStatus(status.code());
  response.set_content(ErrorJson(status), "application/json");
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
  RequestId id = RequestId::FromHeader(request.get_header_value("X-Request-Id"), status);
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
  if (status.ok()) {
    HttpInput bound{request.body, request.params, {}};
    for (size_t i = 1; i < request.matches.size(); ++i)
      bound.path_values.push_back(request.matches[i]);
    status = BindRequest(route, bound, *input);
  }
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
  if (!options_.web_root.empty()) WebRoutes();
  if (options_.dev_sign_in != nullptr) DevRoutes();
}

void HttpFront::WebRoutes() {
  auto sites = std::make_shared<WebSites>(options_.web_root);
  server_.Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/m/", 302);
  });
  for (std::string_view site : kWebSites) {
    std::string pattern = "/" + std::string(site) + "(/.*)?";
    server_.Get(pattern,
                [sites, site](const httplib::Request& request, httplib::Response& response) {
                  WebAnswer answer = sites->Get(site, request.matches[1].str());
                  response.status = answer.status;
                  response.set_header("Cache-Control", answer.cache_control);
                  response.set_header("X-Content-Type-Options", "nosniff");
                  // The console acts with an admin's token: no other site may frame it.
                  response.set_header("X-Frame-Options", "DENY");
                  response.set_header("Content-Security-Policy", "frame-ancestors 'none'");
                  if (!answer.location.empty()) {
                    response.set_redirect(answer.location, answer.status);
                    return;
                  }
                  response.set_content(std::move(answer.body), answer.content_type);
                });
  }
}

namespace {

// The demo sign-in answers only requests addressed to this machine by name: a page elsewhere
// that rebinds its own name to 127.0.0.1 (DNS rebinding) cannot mint demo tokens.
bool AddressedToLoopback(const httplib::Request& request) {
  std::string host = request.get_header_value("Host");
  if (host.empty()) return false;
  if (host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

}  // namespace

void HttpFront::DevRoutes() {
  const DevSignIn& dev = *options_.dev_sign_in;
  server_.Get("/dev/identities", [this, &dev](const httplib::Request& request,
                                              httplib::Response& response) {
    if (!AddressedToLoopback(request)) {
      return Error(response,
                   absl::PermissionDeniedError("Host: the demo sign-in answers localhost only"));
    }
    auto identities = dev.Identities();
    if (!identities.ok()) return Error(response, identities.status());
    nlohmann::json list = nlohmann::json::array();
    for (const DevIdentity& identity : *identities) {
      list.push_back({{"key", identity.key},
                      {"label", identity.label},
                      {"role", std::string(RoleName(identity.role))}});
    }
    response.set_content(nlohmann::json{{"identities", list}}.dump(), "application/json");
  });
  server_.Post("/dev/sign-in", [this, &dev](const httplib::Request& request,
                                            httplib::Response& response) {
    if (!AddressedToLoopback(request)) {
      return Error(response,
                   absl::PermissionDeniedError("Host: the demo sign-in answers localhost only"));
    }
    auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object() || !body.value("identity", nlohmann::json()).is_string()) {
      return Error(response, absl::InvalidArgumentError("identity: a demo identity's key"));
    }
    auto token = dev.SignIn(body["identity"].get<std::string>());
    if (!token.ok()) return Error(response, token.status());
    response.set_content(nlohmann::json{{"token", *token}}.dump(), "application/json");
  });
}

}  // namespace tongxin::gateway
