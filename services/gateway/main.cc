// tongxin-gateway: wiring only. Settings (flags or TONGXIN_GATEWAY_*): listen
// (127.0.0.1:8080), grpc_listen (127.0.0.1:50050), volunteer_target, posts_target, wishes_target,
// points_target, cors_origins (comma-separated), requests_per_second and burst (20, 40: a
// person's budget, and that of callers without a token), rate_limits (per role over those,
// ROLE=PER_SECOND/BURST,...; default system=500/1000 and integration=500/1000),
// public_requests_per_second and public_burst (2, 10: an address's budget of public reads
// without a token, the certificate check, over both faces), max_body_bytes,
// http_threads (2: the HTTP face's event loop threads), max_connections (10000: beyond it a new
// connection is closed at once), request_timeout_ms (10000: a request's header and body must
// arrive within it of its first byte, and a new connection's first byte within it), idle_timeout_ms
// (60000: a kept-alive connection's wait between requests), web_root (the built faces, web/dist:
// served at /m/ and /admin/), dev_identities_file (a development run only: the demo sign-in,
// dev_sign_in.h), part_budget_ms (500: how long a view waits for an optional part),
// circuit_failures_to_open (5: failed calls in a row that open a service's breaker),
// circuit_probe_after_ms (1000: open → the first probe; doubled after each failed one up to
// circuit_max_probe_after_ms, 10000), view_cache_ms (3000: how long a composed view is served
// again to the same caller; 0 turns the cache off: view_cache.h), view_cache_bytes (32 MiB: the
// cache's memory), export_files_at_once (2: national-export CSV files built at once, one per
// caller besides), export_file_timeout_ms (60000: the whole file's deadline), and the JWT
// settings.
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/bootstrap.h"
#include "services/common/status.h"
#include "services/gateway/dev_sign_in.h"
#include "services/gateway/gateway_grpc.h"
#include "services/gateway/http_front.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::gateway;
  TX_RETURN_IF_ERROR(CheckApi());  // the proto's routes and forwards hold together
  TX_ASSIGN_OR_RETURN(Config config, Config::FromArgs("gateway", argc, argv));
  TX_ASSIGN_OR_RETURN(auto verifier, LoadTokenVerifier(config, Clock::System()));
  auto channel = [&](const char* name, const char* fallback) {
    return grpc::CreateChannel(config.String(name, fallback), grpc::InsecureChannelCredentials());
  };
  Downstreams downstreams{
      channel("volunteer_target", "127.0.0.1:50051"), channel("posts_target", "127.0.0.1:50052"),
      channel("wishes_target", "127.0.0.1:50053"), channel("points_target", "127.0.0.1:50054"),
      // activities_target (127.0.0.1:50055): the volunteer activities.
      channel("activities_target", "127.0.0.1:50055"),
      // notifications_target (127.0.0.1:50056): the inbox, the event feed, broadcasts.
      channel("notifications_target", "127.0.0.1:50056")};
  HttpOptions options;
  for (auto origin : absl::StrSplit(config.String("cors_origins", ""), ',', absl::SkipEmpty())) {
    options.cors_origins.insert(std::string(origin));
  }
  TX_ASSIGN_OR_RETURN(int per_second, config.Int("requests_per_second", 20));
  TX_ASSIGN_OR_RETURN(int burst, config.Int("burst", 40));
  if (per_second < 1 || burst < 1) {
    return absl::InvalidArgumentError("requests_per_second, burst: positive numbers");
  }
  RateLimits limits = RateLimits::Defaults();
  limits.people = RateLimit{static_cast<double>(per_second), static_cast<double>(burst)};
  TX_ASSIGN_OR_RETURN(options.rate_limits,
                      ParseRateLimits(config.String("rate_limits", ""), std::move(limits)));
  TX_ASSIGN_OR_RETURN(int public_per_second, config.Int("public_requests_per_second", 2));
  TX_ASSIGN_OR_RETURN(int public_burst, config.Int("public_burst", 10));
  if (public_per_second < 1 || public_burst < 1) {
    return absl::InvalidArgumentError("public_requests_per_second, public_burst: positive numbers");
  }
  options.public_rate_limit =
      RateLimit{static_cast<double>(public_per_second), static_cast<double>(public_burst)};
  TX_ASSIGN_OR_RETURN(int max_body, config.Int("max_body_bytes", 64 * 1024));
  TX_ASSIGN_OR_RETURN(int threads, config.Int("http_threads", 2));
  TX_ASSIGN_OR_RETURN(int max_connections, config.Int("max_connections", 10000));
  TX_ASSIGN_OR_RETURN(int request_timeout, config.Int("request_timeout_ms", 10000));
  TX_ASSIGN_OR_RETURN(int idle_timeout, config.Int("idle_timeout_ms", 60000));
  if (threads < 1 || max_connections < 1 || request_timeout < 1 || idle_timeout < 1) {
    return absl::InvalidArgumentError(
        "http_threads, max_connections, request_timeout_ms, idle_timeout_ms: positive numbers");
  }
  options.threads = threads;
  options.max_connections = static_cast<size_t>(max_connections);
  options.request_timeout = std::chrono::milliseconds(request_timeout);
  options.idle_timeout = std::chrono::milliseconds(idle_timeout);
  options.max_body_bytes = static_cast<size_t>(max_body);
  options.web_root = config.String("web_root", "");
  TX_ASSIGN_OR_RETURN(
      options.service_record_csv.max_concurrent,
      config.Int("export_files_at_once", options.service_record_csv.max_concurrent));
  TX_ASSIGN_OR_RETURN(int export_file_timeout, config.Int("export_file_timeout_ms", 60000));
  if (options.service_record_csv.max_concurrent < 1 || export_file_timeout < 1) {
    return absl::InvalidArgumentError(
        "export_files_at_once, export_file_timeout_ms: positive numbers");
  }
  options.service_record_csv.file_timeout = std::chrono::milliseconds(export_file_timeout);
  TX_ASSIGN_OR_RETURN(std::unique_ptr<DevSignIn> dev_sign_in, LoadDevSignIn(config));
  options.dev_sign_in = dev_sign_in.get();
  DownstreamGuardOptions guard;
  TX_ASSIGN_OR_RETURN(int part_budget, config.Int("part_budget_ms", 500));
  TX_ASSIGN_OR_RETURN(guard.breaker.failures_to_open, config.Int("circuit_failures_to_open", 5));
  TX_ASSIGN_OR_RETURN(int probe_after, config.Int("circuit_probe_after_ms", 1000));
  TX_ASSIGN_OR_RETURN(int max_probe_after, config.Int("circuit_max_probe_after_ms", 10000));
  if (part_budget < 1 || guard.breaker.failures_to_open < 1 || probe_after < 1 ||
      max_probe_after < probe_after) {
    return absl::InvalidArgumentError(
        "part_budget_ms, circuit_failures_to_open, circuit_probe_after_ms: positive numbers; "
        "circuit_max_probe_after_ms: at least circuit_probe_after_ms");
  }
  guard.part_budget = std::chrono::milliseconds(part_budget);
  guard.breaker.first_probe_after = std::chrono::milliseconds(probe_after);
  guard.breaker.max_probe_after = std::chrono::milliseconds(max_probe_after);
  ViewCacheOptions cache;
  TX_ASSIGN_OR_RETURN(int cache_ms, config.Int("view_cache_ms", 3000));
  TX_ASSIGN_OR_RETURN(int cache_bytes, config.Int("view_cache_bytes", 32 << 20));
  if (cache_ms < 0 || cache_bytes < 1) {
    return absl::InvalidArgumentError(
        "view_cache_ms: 0 (off) or more; view_cache_bytes: a positive number");
  }
  cache.max_age = std::chrono::milliseconds(cache_ms);
  cache.max_bytes = static_cast<size_t>(cache_bytes);
  std::string listen = config.String("listen", "127.0.0.1:8080");
  TX_ASSIGN_OR_RETURN(ServerOptions grpc_options, LoadServerOptions(config, "127.0.0.1:50050"));
  grpc_options.listen = config.String("grpc_listen", "127.0.0.1:50050");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  auto colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError("listen: HOST:PORT");
  }

  Gateway gateway(downstreams, guard, cache);
  HttpFront front(gateway, *verifier, options);
  TX_RETURN_IF_ERROR(front.Start(listen.substr(0, colon), port));
  // The same API over gRPC, answered from the services' callbacks: no worker waits on them.
  AsyncRpcRunner runner(*verifier);
  GatewayGrpc grpc_service(gateway, runner, front.limiter(), front.public_limiter());
  ServiceHost host(grpc_options);
  host.AddService(&grpc_service);
  TX_RETURN_IF_ERROR(host.Start());
  spdlog::info("gateway serving HTTP on {}{}", listen,
               options.web_root.empty() ? "" : absl::StrCat(", the sites from ", options.web_root));
  if (dev_sign_in) spdlog::warn("development run: the demo sign-in is at /dev/sign-in");
  ServeUntilTerminated(host, "gateway gRPC");
  front.Stop();
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("gateway", argc, argv, Run); }
