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
#include "services/common/status.h"

namespace tongxin {
namespace {

std::string AuthorizationHeader(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

void LogCall(std::string_view method, const absl::Status& status,
             std::chrono::steady_clock::time_point started, std::string_view request_id,
             const Principal* principal) {
  double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  // Never the request body: it may carry names, ID numbers and phones.
  spdlog::info("rpc method={} code={} latency_ms={:.2f} request_id={} caller={} role={}", method,
               absl::StatusCodeToString(status.code()), latency_ms,
               ValidateRequestId(request_id).ok() ? request_id : std::string_view("-"),
               principal ? principal->subject : std::string("-"),
               principal ? RoleName(principal->role) : std::string_view("-"));
}

}  // namespace

std::unique_ptr<grpc::ClientContext> DownstreamContext(const CallContext& call,
                                                       const std::string& bearer_token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(call.deadline);
  if (!bearer_token.empty()) context->AddMetadata("authorization", "Bearer " + bearer_token);
  return context;
}

RpcRunner::RpcRunner(const TokenVerifier& verifier, WorkerPool& workers,
                     std::chrono::milliseconds default_deadline)
    : verifier_(verifier), workers_(workers), default_deadline_(default_deadline) {}

grpc::ServerUnaryReactor* RpcRunner::Run(
    grpc::CallbackServerContext* context, std::string_view method, std::string_view request_id,
    std::function<absl::Status(const CallContext&)> work) const {
  auto started = std::chrono::steady_clock::now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto principal = verifier_.Verify(AuthorizationHeader(context));
  if (!principal.ok()) {
    LogCall(method, principal.status(), started, request_id, nullptr);
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  auto cap = std::chrono::system_clock::now() + default_deadline_;
  CallContext call{std::string(method), *std::move(principal), std::min(context->deadline(), cap)};
  std::string id(request_id);
  bool queued = workers_.Submit(
      [context, reactor, call = std::move(call), id, started, work = std::move(work)]() {
        absl::Status status;
        if (context->IsCancelled()) {
          status = absl::CancelledError("call cancelled before it ran");
        } else if (std::chrono::system_clock::now() >= call.deadline) {
          status = absl::DeadlineExceededError("deadline passed before the call ran");
        } else {
          status = work(call);
        }
        LogCall(call.method, status, started, id, &call.principal);
        reactor->Finish(ToGrpcStatus(status));
      });
  if (!queued) {
    absl::Status busy = absl::UnavailableError("server busy; retry with backoff");
    LogCall(method, busy, started, request_id, nullptr);
    reactor->Finish(ToGrpcStatus(busy));
  }
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
