// The HTTP face: routes from the route table, each call checked, bound, served by the gateway and
// answered in JSON when the gateway's callback fires, counted and logged.
#include "services/gateway/http_front.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/gateway/request_id.h"
#include "tongxin/volunteer/v1/volunteer.pb.h"

namespace tongxin::gateway {

namespace http = boost::beast::http;
using google::protobuf::Message;

HttpResponse HttpAnswer(int status, std::string body, std::string_view content_type) {
  HttpResponse response;
  response.result(static_cast<unsigned>(status));
  if (!content_type.empty()) response.set(http::field::content_type, BeastView(content_type));
  // Every answer is what its Content-Type says: a browser never sniffs a JSON error that quotes
  // a caller's "<script>" into a page.
  response.set("X-Content-Type-Options", "nosniff");
  response.body() = std::move(body);
  return response;
}

bool AnswerAsBody(const Message& output, HttpResponse& response) {
  // Only the certificate's PDF, and only as a PDF: a service cannot make the gateway serve bytes
  // of its choosing as HTML (or any type a browser would run) from the API's origin.
  using volunteer::v1::CertificatePdf;
  if (output.GetDescriptor() != CertificatePdf::descriptor()) return false;
  const auto& pdf = static_cast<const CertificatePdf&>(output);
  constexpr std::string_view kPdf = "application/pdf";
  if (pdf.content_type() != kPdf) return false;
  response = HttpAnswer(200, pdf.data(), kPdf);  // with nosniff, as every answer
  // A person's paper: no shared cache keeps it.
  response.set(http::field::cache_control, "private, no-store");
  std::string name = pdf.filename();
  // Only the characters a serial's file name has: nothing can break out of the quotes.
  name.erase(std::remove_if(name.begin(), name.end(),
                            [](char c) {
                              return !absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
                                     c != '-' && c != '_' && c != '.';
                            }),
             name.end());
  if (!name.empty()) {
    response.set(http::field::content_disposition, "attachment; filename=\"" + name + "\"");
  }
  return true;
}

HttpResponse HttpError(const absl::Status& status) {
  return HttpAnswer(HttpStatus(status.code()), ErrorJson(status), "application/json");
}

HttpFront::HttpFront(Gateway& gateway, const TokenVerifier& verifier, HttpOptions options)
    : gateway_(gateway),
      verifier_(verifier),
      options_(std::move(options)),
      limiter_(options_.rate_limits),
      public_limiter_(RateLimits{options_.public_rate_limit, {}}),
      csv_slots_(options_.service_record_csv.max_concurrent),
      server_(HttpServerOptions{options_.threads, options_.max_connections, options_.max_body_bytes,
                                options_.request_timeout, options_.idle_timeout},
              HttpHandlers{[this](HttpRequest request, const std::string& remote, Respond respond) {
                             Handle(std::move(request), remote, std::move(respond));
                           },
                           [this](const HttpRequest& header, int status, const absl::Status& why) {
                             // Refused by the server: the same JSON and CORS as every other
                             // answer.
                             HttpResponse response = HttpError(why);
                             response.result(static_cast<unsigned>(status));
                             Cors(header, response);
                             metrics_.Record("-", status, 0);
                             return response;
                           }}) {
  Routes();
}

HttpFront::~HttpFront() { Stop(); }

absl::Status HttpFront::Start(const std::string& host, int port) {
  return server_.Start(host, port);
}

void HttpFront::Stop() { server_.Stop(); }

void HttpFront::Add(std::string verb, const std::string& pattern, Handler handler) {
  routes_.push_back(Entry{std::move(verb), std::regex(pattern), std::move(handler)});
}

void HttpFront::Cors(const HttpRequest& request, HttpResponse& response) const {
  std::string origin(request["Origin"]);
  if (!origin.empty() && options_.cors_origins.count(origin)) {
    response.set("Access-Control-Allow-Origin", origin);
    response.set(http::field::vary, "Origin");
    response.set("Access-Control-Allow-Headers",
                 "Authorization, Content-Type, X-Request-Id, X-Timeout-Ms");
    response.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.set("Access-Control-Expose-Headers", "X-Request-Id");
  }
}

void HttpFront::Handle(HttpRequest request, const std::string& remote_address, Respond respond) {
  HttpTarget target = ParseTarget(StdView(request.target()));
  if (request.method() == http::verb::options) {
    HttpResponse response = HttpAnswer(204, "", "");
    Cors(request, response);
    return respond(std::move(response));
  }
  std::string verb(request.method_string());
  for (const Entry& entry : routes_) {
    std::smatch match;
    if (entry.verb != verb || !std::regex_match(target.path, match, entry.pattern)) continue;
    HttpExchange exchange{
        std::move(request), remote_address, std::move(target.path), std::move(target.query), {},
        std::move(respond)};
    for (size_t i = 1; i < match.size(); ++i) exchange.matches.push_back(match[i].str());
    return entry.handler(exchange);
  }
  HttpResponse response = HttpError(absl::NotFoundError("no such route"));
  Cors(request, response);
  metrics_.Record("-", 404, 0);
  respond(std::move(response));
}

namespace {

// Routes whose answers carry personal data in full (the national export's pages: names and ID
// numbers): no cache, the browser's included, keeps a copy.
bool RevealsPersonalData(const Route& route) {
  return route.method->name() == "ExportServiceRecords";
}

// A body in anything but JSON is refused (415) rather than read as JSON: a form or text/plain is
// what a page on another site may post without asking (a "simple" cross-origin request). No
// Content-Type (an action without a body, curl -X POST) is taken as JSON.
bool JsonOrUntyped(std::string_view content_type) {
  std::string media(content_type.substr(0, content_type.find(';')));
  media = absl::AsciiStrToLower(absl::StripAsciiWhitespace(media));
  return media.empty() || media == "application/json" ||
         (media.rfind("application/", 0) == 0 && media.size() > 5 &&
          media.compare(media.size() - 5, 5, "+json") == 0);
}

}  // namespace

void HttpFront::Serve(const Route& route, HttpExchange& exchange) {
  auto started = std::chrono::steady_clock::now();
  const HttpRequest& request = exchange.request;
  std::string authorization(request[http::field::authorization]);
  // A public read without a token: an anonymous caller, counted by address on its own budget.
  const bool anonymous = route.public_read && authorization.empty();
  // The caller is their token's subject when it verifies, else their address.
  auto principal =
      anonymous ? absl::StatusOr<Principal>(AnonymousCaller()) : verifier_.Verify(authorization);
  std::string caller_key =
      principal.ok() && !anonymous ? principal->subject : AddressKey(exchange.remote_address);
  absl::Status status;
  bool rate_limited = false;
  if (anonymous ? !public_limiter_.Allow(caller_key)
                : !limiter_.Allow(caller_key, principal.ok() ? std::optional<Role>(principal->role)
                                                             : std::nullopt)) {
    rate_limited = true;
    status = absl::ResourceExhaustedError("rate limit: slow down and retry");
  } else if (!principal.ok()) {
    status = principal.status();
  }
  RequestId id = RequestId::FromHeader(StdView(request["X-Request-Id"]), status);
  auto timeout = options_.default_timeout;
  if (auto header = request["X-Timeout-Ms"]; status.ok() && !header.empty()) {
    long long ms = 0;
    if (!absl::SimpleAtoi(std::string(StdView(header)), &ms) || ms <= 0) {
      status = absl::InvalidArgumentError("X-Timeout-Ms: a positive number of milliseconds");
    } else {
      timeout = std::min<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(ms));
    }
  }
  bool unsupported_media = false;
  if (status.ok() && route.verb == "POST" &&
      !JsonOrUntyped(StdView(request[http::field::content_type]))) {
    unsupported_media = true;
    status = absl::InvalidArgumentError(
        absl::StrCat("Content-Type: application/json expected, not ",
                     std::string(StdView(request[http::field::content_type]))));
  }
  // How long a caller over their rate waits for their next token, at their role's refill rate
  // (a service's own quota, an hour's look-ups say, says in its message when to try again).
  double refill =
      anonymous ? options_.public_rate_limit.per_second
                : options_.rate_limits
                      .For(principal.ok() ? std::optional<Role>(principal->role) : std::nullopt)
                      .per_second;
  int retry_after_s = static_cast<int>(std::clamp(std::ceil(1 / refill), 1.0, 3600.0));
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::shared_ptr<Message> input(factory->GetPrototype(route.method->input_type())->New());
  std::shared_ptr<Message> output(factory->GetPrototype(route.method->output_type())->New());
  if (status.ok()) {
    status =
        BindRequest(route, HttpInput{request.body(), exchange.query, exchange.matches}, *input);
  }
  if (status.ok()) status = ApplyRequestId(id, *input);
  std::string subject = principal.ok() ? principal->subject : "-";
  auto freshness = std::make_shared<Freshness>();
  // Answers the client; runs on whichever thread the gateway finishes on.
  auto finish = [this, &route, started, id = id.value, subject, output, freshness,
                 unsupported_media, rate_limited, retry_after_s,
                 respond = std::move(exchange.respond),
                 origin = std::string(request["Origin"])](absl::Status status) {
    if (status.code() == absl::StatusCode::kUnavailable ||
        status.code() == absl::StatusCode::kDeadlineExceeded) {
      metrics_.RecordDownstreamError(status.code());
    }
    HttpResponse response;
    if (status.ok()) {
      if (const auto* missing = output->GetDescriptor()->FindFieldByName("missing")) {
        for (int i = 0; i < output->GetReflection()->FieldSize(*output, missing); ++i) {
          metrics_.RecordMissing(output->GetReflection()->GetRepeatedString(*output, missing, i));
        }
      }
      if (!AnswerAsBody(*output, response)) {
        response = HttpAnswer(200, ToJson(*output), "application/json");
      }
      if (RevealsPersonalData(route)) response.set(http::field::cache_control, "private, no-store");
      if (freshness->view) {
        // How old the view is (it may come from the gateway's cache). The client keeps no copy
        // of its own: the gateway forgets a caller's views when they act, a browser would not,
        // and one browser may sign in as several people at the same URL (/v1/volunteers/me/…).
        response.set(http::field::age,
                     std::to_string(
                         std::chrono::duration_cast<std::chrono::seconds>(freshness->age).count()));
        response.set(http::field::cache_control, "private, no-store");
      }
    } else {
      response = HttpError(status);
      if (unsupported_media) response.result(http::status::unsupported_media_type);
      if (rate_limited) {
        response.set(http::field::retry_after, std::to_string(retry_after_s));
      }
    }
    HttpRequest origin_only;
    origin_only.set("Origin", origin);
    Cors(origin_only, response);
    response.set("X-Request-Id", id);
    int code = response.result_int();
    metrics_.Record(
        route.Name(), code,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    spdlog::info("http route={} status={} request_id={} caller={}", route.Name(), code, id,
                 subject);
    respond(std::move(response));
  };
  if (!status.ok()) return finish(status);
  Caller caller{authorization, std::chrono::system_clock::now() + timeout, *principal};
  // Returns at once; the answer is written when the gateway's callback fires.
  gateway_.Call(
      route.method->name(), caller, *input, output.get(),
      [input, finish = std::move(finish)](absl::Status status) { finish(status); },
      freshness.get());
}

void HttpFront::ServeServiceRecordCsv(HttpExchange& exchange) {
  static constexpr std::string_view kRoute = "GET /v1/regions/{region_id}/service-records.csv";
  auto started = std::chrono::steady_clock::now();
  const HttpRequest& request = exchange.request;
  std::string authorization(request[http::field::authorization]);
  auto principal = verifier_.Verify(authorization);
  std::string subject = principal.ok() ? principal->subject : "-";
  auto finish = [this, started, subject, respond = std::move(exchange.respond),
                 origin = std::string(request["Origin"])](HttpResponse response) {
    HttpRequest origin_only;
    origin_only.set("Origin", origin);
    Cors(origin_only, response);
    int code = response.result_int();
    metrics_.Record(
        std::string(kRoute), code,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    spdlog::info("http route={} status={} caller={}", kRoute, code, subject);
    respond(std::move(response));
  };
  if (!limiter_.Allow(principal.ok() ? principal->subject : AddressKey(exchange.remote_address),
                      principal.ok() ? std::optional<Role>(principal->role) : std::nullopt)) {
    return finish(HttpError(absl::ResourceExhaustedError("rate limit: slow down and retry")));
  }
  if (!principal.ok()) return finish(HttpError(principal.status()));
  tongxin::volunteer::v1::ExportServiceRecordsRequest input;
  input.set_region_id(exchange.matches.at(0));
  for (const char* field : {"period_start", "period_end"}) {
    auto value = exchange.query.find(field);
    if (value == exchange.query.end()) {
      return finish(HttpError(absl::InvalidArgumentError(absl::StrCat(field, ": required"))));
    }
    if (std::string_view(field) == "period_start") {
      input.set_period_start(value->second);
    } else {
      input.set_period_end(value->second);
    }
  }
  if (absl::Status valid = CheckServiceRecordCsvRequest(input); !valid.ok()) {
    return finish(HttpError(valid));
  }
  auto slot = csv_slots_.Acquire(std::string(RoleName(principal->role)) + ":" + principal->subject);
  if (!slot.ok()) {
    HttpResponse refused = HttpError(slot.status());
    refused.set(http::field::retry_after,
                std::to_string(options_.service_record_csv.retry_after.count()));
    return finish(std::move(refused));
  }
  std::string filename =
      ServiceRecordCsvFilename(input.region_id(), input.period_start(), input.period_end());
  // Each page gets its own deadline (page_timeout) within the file's (file_timeout), not this
  // one. The HTTP server does not tell a handler that its client went away, so a file whose
  // client left is still built to its end (bounded by file_timeout and the slots).
  Caller caller{authorization, std::chrono::system_clock::now(), *principal, nullptr};
  ExportServiceRecordsCsv(gateway_, caller, input, options_.service_record_csv, *std::move(slot),
                          [finish = std::move(finish), filename](absl::StatusOr<std::string> csv) {
                            if (!csv.ok()) return finish(HttpError(csv.status()));
                            HttpResponse response =
                                HttpAnswer(200, *std::move(csv), "text/csv; charset=utf-8");
                            response.set(http::field::content_disposition,
                                         absl::StrCat("attachment; filename=\"", filename, "\""));
                            // Personal data in full: no cache keeps a copy.
                            response.set(http::field::cache_control, "private, no-store");
                            finish(std::move(response));
                          });
}

void HttpFront::Routes() {
  Add("GET", "/healthz",
      [](HttpExchange& exchange) { exchange.respond(HttpAnswer(200, "ok\n", "text/plain")); });
  Add("GET", "/readyz", [this](HttpExchange& exchange) {
    gateway_.Ready(
        std::chrono::system_clock::now() + std::chrono::seconds(2),
        [respond = std::move(exchange.respond)](bool ready) {
          respond(HttpAnswer(ready ? 200 : 503, ready ? "ready\n" : "a service is not answering\n",
                             "text/plain"));
        });
  });
  Add("GET", "/metrics", [this](HttpExchange& exchange) {
    exchange.respond(HttpAnswer(
        200,
        metrics_.Render() + gateway_.guard().RenderMetrics() + gateway_.cache().RenderMetrics(),
        "text/plain; version=0.0.4"));
  });
  Add("GET", "/v1/regions/([^/:]+)/service-records\\.csv",
      [this](HttpExchange& exchange) { ServeServiceRecordCsv(exchange); });
  for (const Route& route : ApiRoutes()) {
    Add(route.verb, route.Pattern(),
        [this, &route](HttpExchange& exchange) { Serve(route, exchange); });
  }
  if (!options_.web_root.empty()) WebRoutes();
  if (options_.dev_sign_in != nullptr) DevRoutes();
}

void HttpFront::WebRoutes() {
  sites_ = std::make_shared<WebSites>(options_.web_root);
  Add("GET", "/", [](HttpExchange& exchange) {
    HttpResponse response = HttpAnswer(302, "", "");
    response.set(http::field::location, "/m/");
    exchange.respond(std::move(response));
  });
  // What a certificate's QR code names (<verify_url>/verify/<serial>): the mobile site's public
  // verify page. Only a serial's characters are carried over into the redirect.
  Add("GET", "/verify/([0-9A-Za-z-]{1,40})", [](HttpExchange& exchange) {
    HttpResponse response = HttpAnswer(302, "", "");
    response.set(http::field::location, "/m/verify/" + exchange.matches.at(0));
    exchange.respond(std::move(response));
  });
  for (std::string_view site : kWebSites) {
    Add("GET", "/" + std::string(site) + "(/.*)?", [this, site](HttpExchange& exchange) {
      WebAnswer answer = sites_->Get(site, exchange.matches.at(0));
      HttpResponse response =
          HttpAnswer(answer.status, answer.location.empty() ? std::move(answer.body) : "",
                     answer.location.empty() ? std::string_view(answer.content_type) : "");
      response.set(http::field::cache_control, answer.cache_control);
      response.set("X-Content-Type-Options", "nosniff");
      // The console acts with an admin's token: no other site may frame it.
      response.set("X-Frame-Options", "DENY");
      response.set("Content-Security-Policy", "frame-ancestors 'none'");
      if (!answer.location.empty()) response.set(http::field::location, answer.location);
      exchange.respond(std::move(response));
    });
  }
}

namespace {

// The demo sign-in answers only requests addressed to this machine by name: a page elsewhere
// that rebinds its own name to 127.0.0.1 (DNS rebinding) cannot mint demo tokens.
bool AddressedToLoopback(const HttpRequest& request) {
  std::string host(request[http::field::host]);
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
  auto refused = absl::PermissionDeniedError("Host: the demo sign-in answers localhost only");
  Add("GET", "/dev/identities", [&dev, refused](HttpExchange& exchange) {
    if (!AddressedToLoopback(exchange.request)) return exchange.respond(HttpError(refused));
    auto identities = dev.Identities();
    if (!identities.ok()) return exchange.respond(HttpError(identities.status()));
    nlohmann::json list = nlohmann::json::array();
    for (const DevIdentity& identity : *identities) {
      list.push_back({{"key", identity.key},
                      {"label", identity.label},
                      {"role", std::string(RoleName(identity.role))}});
    }
    exchange.respond(
        HttpAnswer(200, nlohmann::json{{"identities", list}}.dump(), "application/json"));
  });
  Add("POST", "/dev/sign-in", [&dev, refused](HttpExchange& exchange) {
    if (!AddressedToLoopback(exchange.request)) return exchange.respond(HttpError(refused));
    auto body = nlohmann::json::parse(exchange.request.body(), nullptr,
                                      /*allow_exceptions=*/false);
    if (!body.is_object() || !body.value("identity", nlohmann::json()).is_string()) {
      return exchange.respond(
          HttpError(absl::InvalidArgumentError("identity: a demo identity's key")));
    }
    auto token = dev.SignIn(body["identity"].get<std::string>());
    if (!token.ok()) return exchange.respond(HttpError(token.status()));
    exchange.respond(HttpAnswer(200, nlohmann::json{{"token", *token}}.dump(), "application/json"));
  });
}

}  // namespace tongxin::gateway
