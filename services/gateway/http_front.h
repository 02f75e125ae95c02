// The gateway's HTTP/JSON face: the same messages as the gRPC API in the protobuf JSON mapping,
// gRPC status mapped to HTTP as in google.rpc, a JSON error body {code, message, details},
// per-caller token-bucket rate limits, a body size limit, CORS for configured origins,
// /healthz, /readyz and Prometheus text at /metrics.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/gateway/api.h"
#include "services/gateway/gateway.h"

namespace tongxin::gateway {

// google.rpc code → HTTP status.
int HttpStatus(absl::StatusCode code);

struct HttpOptions {
  std::set<std::string> cors_origins;
  double requests_per_second = 20;  // per caller
  double burst = 40;
  size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds default_timeout{5000};
};

// A token bucket per caller.
class RateLimiter {
 public:
  RateLimiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}
  bool Allow(const std::string& caller);
  RateLimiter(const RateLimiter&) = delete;

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point refilled;
  };
  double per_second_, burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

// Requests by route and code, a latency histogram, downstream errors.
class Metrics {
 public:
  void Record(const std::string& route, int http_status, double seconds);
  void RecordDownstreamError(absl::StatusCode code);
  // A view answered without a service's part.
  void RecordMissing(const std::string& service);
  std::string Render();

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, int>, long long> requests_;
  std::map<double, long long> latency_buckets_;  // upper bound → count (cumulative on render)
  double latency_sum_ = 0;
  long long latency_count_ = 0;
  std::map<std::string, long long> downstream_errors_;
  std::map<std::string, long long> missing_parts_;
};

class HttpFront {
 public:
  HttpFront(Gateway& gateway, const TokenVerifier& verifier, HttpOptions options);
  ~HttpFront();
  // Binds (port 0: any free port) and serves on a thread of its own.
  absl::Status Start(const std::string& host, int port);
  int port() const { return port_; }
  RateLimiter& limiter() { return limiter_; }
  void Stop();

 private:
  void Routes();
  // Serves one API route: CORS, rate limit, authentication, deadline, request id, the request
  // bound from path, query and body, the call, metrics, errors.
  void Serve(const Route& route, const httplib::Request& request, httplib::Response& response);
  // The route's request message from the path, the query (GET) or the JSON body (POST).
  absl::Status Bind(const Route& route, const httplib::Request& request,
                    google::protobuf::Message& message);
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
