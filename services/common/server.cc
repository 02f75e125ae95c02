#include "services/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <future>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/rpc_handlers.h"
#include "services/common/rpc_log.h"
#include "services/common/status.h"

namespace tongxin {
namespace {

constexpr char kRpcCallsMetric[] = "tongxin_rpc_calls_total";
constexpr char kRpcLatencyMetric[] = "tongxin_rpc_latency_seconds";

}  // namespace

std::string AuthorizationHeader(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

void DeclareRpcMetrics(MetricsRegistry& metrics) {
  metrics.DeclareCounter(kRpcCallsMetric, "RPCs answered, by method and status code.");
  metrics.DeclareHistogram(kRpcLatencyMetric, "RPC latency by method, in seconds.",
                           {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
}

void LogCall(std::string_view method, const absl::Status& status,
             std::chrono::steady_clock::time_point started, std::string_view request_id,
             const Principal* principal, MetricsRegistry* metrics) {
  double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (metrics != nullptr) {
    std::string name(method);
    metrics->Increment(kRpcCallsMetric,
                       {{"method", name}, {"code", absl::StatusCodeToString(status.code())}});
    metrics->Observe(kRpcLatencyMetric, {{"method", name}}, latency_ms / 1000);
  }
  // Never the request body: it may carry names, ID numbers and phones.
  spdlog::info("rpc method={} code={} latency_ms={:.2f} request_id={} caller={} role={}", method,
               absl::StatusCodeToString(status.code()), latency_ms,
               ValidateRequestId(request_id).ok() ? request_id : std::string_view("-"),
               principal ? principal->subject : std::string("-"),
               principal ? RoleName(principal->role) : std::string_view("-"));
}

std::unique_ptr<grpc::ClientContext> DownstreamContext(const CallContext& call,
                                                       const std::string& bearer_token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(call.deadline);
  if (!bearer_token.empty()) context->AddMetadata("authorization", "Bearer " + bearer_token);
  return context;
}

RpcRunner::RpcRunner(const TokenVerifier& verifier, WorkerPool& workers, RpcRunnerOptions options)
    : verifier_(verifier), workers_(workers), options_(options) {
  if (options_.metrics != nullptr) DeclareRpcMetrics(*options_.metrics);
}

// One call on its way through the stages: shared by the tasks that run them.
struct RpcRunner::Call {
  grpc::CallbackServerContext* context;
  grpc::ServerUnaryReactor* reactor;
  CallContext call;
  std::string request_id;
  std::chrono::steady_clock::time_point started;
  std::function<absl::Status(const CallContext&)> work;
  std::function<absl::Status(const CallContext&)> before;
  MetricsRegistry* metrics;

  void Finish(const absl::Status& status, bool authenticated = true) {
    LogCall(call.method, status, started, request_id, authenticated ? &call.principal : nullptr,
            metrics);
    reactor->Finish(ToGrpcStatus(status));
  }
  // Whether the call is still worth running; answers it when not.
  bool StillWanted() {
    if (context->IsCancelled()) {
      Finish(absl::CancelledError("call cancelled before it ran"));
      return false;
    }
    if (std::chrono::system_clock::now() >= call.deadline) {
      Finish(absl::DeadlineExceededError("deadline passed before the call ran"));
      return false;
    }
    return true;
  }
};

std::optional<CallContext> AcceptCall(
    grpc::CallbackServerContext* context, grpc::ServerUnaryReactor* reactor,
    const TokenVerifier& verifier, const RpcRunnerOptions& options, std::string_view method,
    std::string_view request_id, std::chrono::steady_clock::time_point started, Access access) {
  const std::string_view full_method = method;
  method = method.substr(method.rfind('/') + 1);  // npos + 1: the whole short name
  const std::string authorization = AuthorizationHeader(context);
  auto principal = access == Access::kPublic && authorization.empty()
                       ? absl::StatusOr<Principal>(AnonymousCaller())
                       : verifier.Verify(authorization);
  if (!principal.ok()) {
    LogCall(method, principal.status(), started, request_id, nullptr, options.metrics);
    reactor->Finish(ToGrpcStatus(principal.status()));
    return std::nullopt;
  }
  // One guard for every method of every service: the integration role reaches only its own.
  if (principal->role == Role::kIntegration && !IntegrationMayCall(full_method)) {
    absl::Status refused = absl::PermissionDeniedError(
        "the integration role may only report grid tasks and read the event feed");
    LogCall(method, refused, started, request_id, &*principal, options.metrics);
    reactor->Finish(ToGrpcStatus(refused));
    return std::nullopt;
  }
  auto cap = std::chrono::system_clock::now() + options.default_deadline;
  return CallContext{std::string(method), *std::move(principal),
                     std::min(context->deadline(), cap)};
}

Principal AnonymousCaller() { return Principal{"", Role::kVolunteer, {}}; }

grpc::ServerUnaryReactor* RpcRunner::RunPublic(
    grpc::CallbackServerContext* context, std::string_view method,
    std::function<absl::Status(const CallContext&)> work) const {
  auto started = std::chrono::steady_clock::now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<CallContext> accepted =
      AcceptCall(context, reactor, verifier_, options_, method, "", started, Access::kPublic);
  if (!accepted) return reactor;
  RunWork(std::make_shared<Call>(Call{context, reactor, *std::move(accepted), "", started,
                                      std::move(work), nullptr, options_.metrics}));
  return reactor;
}

void RpcRunner::Submit(WorkerPool& pool, std::shared_ptr<Call> call,
                       std::function<void(std::shared_ptr<Call>)> stage) const {
  bool queued = pool.Submit([call, stage = std::move(stage)] {
    if (call->StillWanted()) stage(call);
  });
  if (!queued) call->Finish(absl::UnavailableError("server busy; retry with backoff"), false);
}

void RpcRunner::RunWork(std::shared_ptr<Call> call) const {
  Submit(workers_, std::move(call), [](std::shared_ptr<Call> c) { c->Finish(c->work(c->call)); });
}

grpc::ServerUnaryReactor* RpcRunner::Run(
    grpc::CallbackServerContext* context, std::string_view method, std::string_view request_id,
    std::function<absl::Status(const CallContext&)> work,
    std::function<absl::Status(const CallContext&)> before) const {
  auto started = std::chrono::steady_clock::now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<CallContext> accepted =
      AcceptCall(context, reactor, verifier_, options_, method, request_id, started);
  if (!accepted) return reactor;
  auto call =
      std::make_shared<Call>(Call{context, reactor, *std::move(accepted), std::string(request_id),
                                  started, std::move(work), std::move(before), options_.metrics});
  if (!call->before) {
    RunWork(std::move(call));
    return reactor;
  }
  // The downstream call waits on a pool of its own, so a slow service that this call asks first
  // holds none of the workers that every other call of this service needs.
  WorkerPool& waits = options_.downstream_workers ? *options_.downstream_workers : workers_;
  Submit(waits, std::move(call), [this](std::shared_ptr<Call> c) {
    absl::Status status = c->before(c->call);
    if (!status.ok()) {
      c->Finish(status);
    } else if (options_.downstream_workers == nullptr) {
      c->Finish(c->work(c->call));  // already on a worker
    } else {
      RunWork(std::move(c));
    }
  });
  return reactor;
}

ServiceHost::ServiceHost(ServerOptions options) : options_(std::move(options)) {}

ServiceHost::~ServiceHost() { Shutdown(); }

void ServiceHost::AddService(grpc::Service* service) { services_.push_back(service); }

absl::Status ServiceHost::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.listen, grpc::InsecureServerCredentials(), &port_);
  builder.SetMaxReceiveMessageSize(options_.max_receive_bytes);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen));
  }
  server_->GetHealthCheckService()->SetServingStatus(true);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> ServiceHost::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

void ServiceHost::Shutdown() {
  if (!server_ || shut_down_) return;
  shut_down_ = true;
  // Load balancers see NOT_SERVING first and stop sending; in-flight calls then drain.
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + options_.drain_timeout);
  server_->Wait();
}

absl::StatusOr<std::chrono::system_clock::time_point> FromProtoTime(
    const google::protobuf::Timestamp& t, std::string_view field) {
  constexpr long long kYear2000 = 946684800, kYear2100 = 4102444800;
  if (t.seconds() < kYear2000 || t.seconds() > kYear2100) {
    return absl::InvalidArgumentError(std::string(field) + ": must be between 2000 and 2100");
  }
  if (t.nanos() < 0 || t.nanos() > 999999999) {
    return absl::InvalidArgumentError(std::string(field) + ": nanos must be 0 to 999999999");
  }
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(t.seconds()) + std::chrono::microseconds(t.nanos() / 1000)));
}

void SetTimestamp(google::protobuf::Timestamp* out, std::chrono::system_clock::time_point t) {
  long long micros =
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  long long seconds = micros / 1000000;
  long long rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int>(rest * 1000));
}

bool IsServing(const std::shared_ptr<grpc::Channel>& channel, Deadline deadline) {
  // HealthCheckRequest{service: ""} is empty; a SERVING reply is field 1 = 1: bytes 08 01.
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(deadline);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  if (!status.ok() || !response.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes == std::string("\x08\x01", 2);
}

void BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  return signal_number;
}

void InitLogging(std::string_view service) {
  auto logger = spdlog::stderr_color_mt(std::string(service));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  spdlog::set_default_logger(logger);
}

}  // namespace tongxin
