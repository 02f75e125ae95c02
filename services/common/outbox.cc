#include "services/common/outbox.h"

#include <grpcpp/generic/generic_stub.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/status.h"

namespace tongxin {

std::string NewUuid() {
  std::string bytes = RandomBytes(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex = HexEncode(bytes);
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

namespace {

const Query kOutboxEnqueue{
    "outbox_enqueue",
    "INSERT INTO outbox_events (event_id, destination, method, payload) VALUES ($1, $2, $3, $4)"};
const Query kOutboxDue{"outbox_due",
                       "SELECT event_id, destination, method, payload, attempts FROM outbox_events "
                       "WHERE delivered_at IS NULL AND next_attempt_at <= now() "
                       "ORDER BY next_attempt_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED"};
const Query kOutboxDelivered{
    "outbox_delivered",
    "UPDATE outbox_events SET delivered_at = now(), attempts = attempts + 1, last_error = NULL "
    "WHERE event_id = $1"};
const Query kOutboxFailed{
    "outbox_failed",
    "UPDATE outbox_events SET attempts = attempts + 1, last_error = $2, "
    "next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) "
    "WHERE event_id = $1"};

}  // namespace

void EnqueueOutboxEvent(Tx& tx, const OutboxEvent& event) {
  Exec0(tx, kOutboxEnqueue, event.event_id, event.destination, event.method, Bytea(event.payload));
}

const google::protobuf::MethodDescriptor& RpcMethod(
    const google::protobuf::ServiceDescriptor* service, const std::string& method) {
  const google::protobuf::MethodDescriptor* found =
      service == nullptr ? nullptr : service->FindMethodByName(method);
  if (found == nullptr) {
    spdlog::critical("{} has no method {}", service ? service->full_name() : "(no service)",
                     method);
    std::abort();
  }
  return *found;
}

const google::protobuf::ServiceDescriptor* RpcMethodServiceOf(const std::string& full_name) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(full_name);
  if (service == nullptr) {
    spdlog::critical("no service {} is linked in", full_name);
    std::abort();
  }
  return service;
}

std::string DestinationOf(const google::protobuf::ServiceDescriptor& service) {
  // tongxin.<destination>.v1
  const std::string& package = service.file()->package();
  auto first = package.find('.');
  auto last = package.rfind('.');
  if (first == std::string::npos || last <= first) return package;
  return package.substr(first + 1, last - first - 1);
}

std::string EnqueueCall(Tx& tx, const google::protobuf::MethodDescriptor& method,
                        google::protobuf::Message& request) {
  const google::protobuf::Descriptor* type = request.GetDescriptor();
  const google::protobuf::FieldDescriptor* request_id = type->FindFieldByName("request_id");
  if (type != method.input_type() || request_id == nullptr ||
      request_id->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    // A programming error that every service's tests reach: never a silent wrong event.
    spdlog::critical("{} is not a request of {} with a request_id", type->full_name(),
                     method.full_name());
    std::abort();
  }
  OutboxEvent event;
  event.event_id = NewEventId();
  request.GetReflection()->SetString(&request, request_id, event.event_id);
  event.destination = DestinationOf(*method.service());
  event.method = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  event.payload = request.SerializeAsString();
  EnqueueOutboxEvent(tx, event);
  return event.event_id;
}

void PrepareOutbox(Db& db) {
  db.Register({kOutboxEnqueue, kOutboxDue, kOutboxDelivered, kOutboxFailed});
}

OutboxRelay::OutboxRelay(Db& db, OutboxDeliverer deliverer, OutboxRelayOptions options,
                         const Clock& clock)
    : db_(db),
      deliverer_(std::move(deliverer)),
      options_(options),
      job_(
          "outbox relay", options.poll_interval, clock,
          [this](std::chrono::system_clock::time_point) { return RunOnce(); }, options.batch_size) {
  PrepareOutbox(db_);
}

absl::StatusOr<int> OutboxRelay::RunOnce() {
  int delivered = 0;
  // The lock on each due row is held while it is delivered, so no other relay sends it at the
  // same time; if this process dies, the transaction ends and the rows are due again.
  absl::Status status = db_.Transact({}, [&](pqxx::transaction_base& tx) -> absl::Status {
    delivered = 0;
    for (const auto& row : Exec(tx, kOutboxDue, options_.batch_size)) {
      OutboxEvent event{row["event_id"].as<std::string>(), row["destination"].as<std::string>(),
                        row["method"].as<std::string>(), FromBytea(row["payload"]),
                        row["attempts"].as<int>()};
      auto deadline = std::chrono::system_clock::now() + options_.call_timeout;
      absl::Status result = deliverer_(event, deadline);
      if (result.ok() || absl::IsAlreadyExists(result)) {
        Exec0(tx, kOutboxDelivered, event.event_id);
        ++delivered;
        continue;
      }
      long long backoff = options_.min_backoff.count();
      for (int i = 0; i < event.attempts && backoff < options_.max_backoff.count(); ++i) {
        backoff *= 2;
      }
      backoff = std::min<long long>(backoff, options_.max_backoff.count());
      spdlog::warn("outbox event={} destination={} attempt={} failed: {}; retry in {} ms",
                   event.event_id, event.destination, event.attempts + 1, result.ToString(),
                   backoff);
      Exec0(tx, kOutboxFailed, event.event_id, result.ToString(), backoff);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return delivered;
}

OutboxDeliverer GrpcOutboxDeliverer(std::map<std::string, std::shared_ptr<grpc::Channel>> channels,
                                    std::function<std::string()> bearer_token) {
  return [channels = std::move(channels), bearer_token = std::move(bearer_token)](
             const OutboxEvent& event, Deadline deadline) -> absl::Status {
    auto it = channels.find(event.destination);
    if (it == channels.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("no channel configured for destination ", event.destination));
    }
    grpc::GenericStub stub(it->second);
    grpc::ClientContext context;
    context.set_deadline(deadline);
    context.AddMetadata("authorization", "Bearer " + bearer_token());
    grpc::Slice slice(event.payload);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, event.method, grpc::StubOptions(), &request, &response,
                   [&done](grpc::Status status) { done.set_value(std::move(status)); });
    return FromGrpcStatus(done.get_future().get());
  };
}

}  // namespace tongxin
