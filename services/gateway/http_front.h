// The gateway's HTTP/JSON face: the same messages as the gRPC API in the protobuf JSON mapping
// (http_mapping.h), one httplib route per row of the route table, gRPC status mapped to HTTP as
// in google.rpc with a JSON error body, per-caller rate limits, a body size limit, CORS for
// configured origins, /healthz, /readyz and Prometheus text at /metrics. With a web root, also the
// built faces at /m/ and /admin/ (web_sites.h); in a development run, the demo sign-in
// (dev_sign_in.h).
#pragma once

#include <httplib.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/gateway/api.h"
#include "services/gateway/dev_sign_in.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_mapping.h"
#include "services/gateway/metrics.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/web_sites.h"

namespace tongxin::gateway {

struct HttpOptions {
  std::set<std::string> cors_origins;
  double requests_per_second = 20;  // per caller
  double burst = 40;
  size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds default_timeout{5000};
  // The built sites (web/dist); empty: the gateway serves the API only.
  std::string web_root;
  // Only in a development run; null otherwise, and /dev/... is then no route at all.
  const DevSignIn* dev_sign_in = nullptr;
};

class HttpFront {
 public:
  HttpFront(Gateway& gateway, const TokenVerifier& verifier, HttpOptions options);
  ~HttpFront();
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  // Binds (port 0: any free port) and serves on a thread of its own.
  absl::Status Start(const std::string& host, int port);
  int port() const { return port_; }
  // The callers' buckets, for the gRPC face to share: one budget per caller, whichever door.
  RateLimiter& limiter() { return limiter_; }
  void Stop();

 private:
  void Routes();
  void WebRoutes();
  void DevRoutes();
  // Serves one API route: CORS, rate limit, authentication, deadline, request id, the request
  // bound from path, query and body, the call, metrics, errors.
  void Serve(const Route& route, const httplib::Request& request, httplib::Response& response);
  void Error(httplib::Response& response, const absl::Status& status);
  void Cors(const httplib::Request& request, httplib::Response& response);

  Gateway& gateway_;
  const TokenVerifier& verifier_;
  HttpOptions options_;
  RateLimiter limiter_;
  Metrics metrics_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace tongxin::gateway
