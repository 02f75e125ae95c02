// tongxin-gateway: wiring only. Settings (flags or TONGXIN_GATEWAY_*): listen
// (127.0.0.1:8080), grpc_listen (127.0.0.1:50050), volunteer_target, posts_target, wishes_target,
// points_target, cors_origins (comma-separated), requests_per_second, burst, max_body_bytes,
// web_root (the built faces, web/dist: served at /m/ and /admin/), dev_identities_file (a
// development run only: the demo sign-in, dev_sign_in.h), and the JWT settings.
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
      channel("wishes_target", "127.0.0.1:50053"), channel("points_target", "127.0.0.1:50054")};
  HttpOptions options;
  for (auto origin : absl::StrSplit(config.String("cors_origins", ""), ',', absl::SkipEmpty())) {
    options.cors_origins.insert(std::string(origin));
  }
  TX_ASSIGN_OR_RETURN(int per_second, config.Int("requests_per_second", 20));
  TX_ASSIGN_OR_RETURN(int burst, config.Int("burst", 40));
  TX_ASSIGN_OR_RETURN(int max_body, config.Int("max_body_bytes", 64 * 1024));
  options.requests_per_second = per_second;
  options.burst = burst;
  options.max_body_bytes = static_cast<size_t>(max_body);
  options.web_root = config.String("web_root", "");
  TX_ASSIGN_OR_RETURN(std::unique_ptr<DevSignIn> dev_sign_in, LoadDevSignIn(config));
  options.dev_sign_in = dev_sign_in.get();
  std::string listen = config.String("listen", "127.0.0.1:8080");
  TX_ASSIGN_OR_RETURN(ServerOptions grpc_options, LoadServerOptions(config, "127.0.0.1:50050"));
  grpc_options.listen = config.String("grpc_listen", "127.0.0.1:50050");
  TX_RETURN_IF_ERROR(config.CheckNoUnknownFlags());
  auto colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError("listen: HOST:PORT");
  }

  Gateway gateway(downstreams);
  HttpFront front(gateway, *verifier, options);
  TX_RETURN_IF_ERROR(front.Start(listen.substr(0, colon), port));
  // The same API over gRPC; the gateway's work waits on the services, not on a database.
  WorkerPool workers(16, 1024);
  RpcRunner runner(*verifier, workers);
  GatewayGrpc grpc_service(gateway, runner, front.limiter());
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
