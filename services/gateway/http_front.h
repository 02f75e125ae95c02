// The gateway's HTTP/JSON face: the same messages as the gRPC API in the protobuf JSON mapping
// (http_mapping.h), one route per row of the route table, gRPC status mapped to HTTP as in
// google.rpc with a JSON error body, per-caller rate limits by role, a body size limit, CORS for
// configured origins, /healthz, /readyz and Prometheus text at /metrics. With a web root, also the
// built faces at /m/ and /admin/ (web_sites.h); in a development run, the demo sign-in
// (dev_sign_in.h). Served by the event-driven HttpServer (http_server.h): no thread waits for a
// downstream call or for a slow client.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/gateway/api.h"
#include "services/gateway/dev_sign_in.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_mapping.h"
#include "services/gateway/http_server.h"
#include "services/gateway/metrics.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/service_record_csv.h"
#include "services/gateway/web_sites.h"

namespace tongxin::gateway {

struct HttpOptions {
  std::set<std::string> cors_origins;
  RateLimits rate_limits = RateLimits::Defaults();  // per caller, by role
  // Anonymous callers of public reads (the certificate check), per address: what a person
  // scanning a few QR codes needs, not what a serial-guessing script wants.
  RateLimit public_rate_limit{2, 10};
  size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds default_timeout{5000};
  // The server's threads, connection cap and waits (http_server.h).
  int threads = 2;
  size_t max_connections = 10000;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  // The built sites (web/dist); empty: the gateway serves the API only.
  std::string web_root;
  // Only in a development run; null otherwise, and /dev/... is then no route at all.
  const DevSignIn* dev_sign_in = nullptr;
  // GET /v1/regions/{region_id}/service-records.csv: its page size, deadlines and how many
  // files are built at once.
  ServiceRecordCsvOptions service_record_csv;
};

// One request on its way through the routes.
struct HttpExchange {
  HttpRequest request;
  std::string remote_address;
  std::string path;  // decoded
  std::multimap<std::string, std::string> query;
  std::vector<std::string> matches;  // the route pattern's groups
  Respond respond;
};

class HttpFront {
 public:
  HttpFront(Gateway& gateway, const TokenVerifier& verifier, HttpOptions options);
  ~HttpFront();
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  // Binds (port 0: any free port) and serves on the server's threads.
  absl::Status Start(const std::string& host, int port);
  int port() const { return server_.port(); }
  size_t open_connections() const { return server_.open_connections(); }
  bool stopping() const { return server_.stopping(); }
  // The callers' buckets, for the gRPC face to share: one budget per caller, whichever door.
  RateLimiter& limiter() { return limiter_; }
  // The CSV exports being built (a test holds a slot to see the next refused).
  ServiceRecordCsvSlots& service_record_csv_slots() { return csv_slots_; }
  // Anonymous callers' public reads, by address (AddressKey), for the gRPC face to share too.
  RateLimiter& public_limiter() { return public_limiter_; }
  void Stop();

 private:
  using Handler = std::function<void(HttpExchange&)>;
  struct Entry {
    std::string verb;
    std::regex pattern;
    Handler handler;
  };
  void Add(std::string verb, const std::string& pattern, Handler handler);
  void Handle(HttpRequest request, const std::string& remote_address, Respond respond);
  void Routes();
  void WebRoutes();
  void DevRoutes();
  // Serves one API route: rate limit, authentication, deadline, request id, the request bound
  // from path, query and body, the call, metrics, errors; answers when the gateway does.
  void Serve(const Route& route, HttpExchange& exchange);
  // The national service-record export as one CSV file (service_record_csv.h).
  void ServeServiceRecordCsv(HttpExchange& exchange);
  // The CORS headers for an allowed origin.
  void Cors(const HttpRequest& request, HttpResponse& response) const;

  Gateway& gateway_;
  const TokenVerifier& verifier_;
  HttpOptions options_;
  RateLimiter limiter_;
  RateLimiter public_limiter_;
  ServiceRecordCsvSlots csv_slots_;
  Metrics metrics_;
  std::vector<Entry> routes_;
  std::shared_ptr<const WebSites> sites_;
  HttpServer server_;  // last: it stops before the routes it serves go
};

// A tongxin.volunteer.v1.CertificatePdf of application/pdf (shaped like google.api.HttpBody):
// its bytes as the body, an attachment when it names a file, nosniff. False for any other message
// or type, however shaped (answered as JSON).
bool AnswerAsBody(const google::protobuf::Message& output, HttpResponse& response);

// An answer with a body of `content_type`.
HttpResponse HttpAnswer(int status, std::string body, std::string_view content_type);
// The JSON error answer for `status`.
HttpResponse HttpError(const absl::Status& status);

}  // namespace tongxin::gateway
