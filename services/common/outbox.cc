#include "services/common/outbox.h"
#include "services/common/outbox_statements.h"

#include <grpcpp/generic/generic_stub.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/metrics.h"
#include "services/common/outbox_listener.h"
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

constexpr char kOutboxEventsMetric[] = "tongxin_outbox_events_total";
constexpr char kOutboxDeadLettersMetric[] = "tongxin_outbox_dead_letters";
constexpr char kOutboxPendingMetric[] = "tongxin_outbox_pending";
constexpr char kOutboxOldestMetric[] = "tongxin_outbox_oldest_pending_seconds";

// The NOTIFY reaches the relays' OutboxListener when the writer commits (one per transaction:
// PostgreSQL folds equal notifications), in the same round trip as the insert.
const Query kOutboxEnqueue{"outbox_enqueue",
                           "WITH enqueued AS (INSERT INTO outbox_events (event_id, destination, "
                           "method, payload, region_id) VALUES ($1, $2, $3, $4, $5) RETURNING 1) "
                           "SELECT pg_notify('" +
                               std::string(kOutboxChannel) + "', '') FROM enqueued"};
// An event whose lease ran out after its last attempt (its relay died delivering it, again and
// again) becomes a dead letter here rather than being claimed once more.
const Query kOutboxExhausted{
    "outbox_exhausted",
    "UPDATE outbox_events SET dead_at = now(), "
    "last_error = coalesce(last_error, 'the relay stopped while delivering it') "
    "WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now() "
    "AND attempts >= $1 RETURNING event_id, destination, method, attempts"};
// The claim: due events, locked so that a concurrent relay skips them, counted as an attempt and
// hidden from other relays for the lease; committed at once.
const Query kOutboxClaim{
    "outbox_claim",
    "WITH due AS (SELECT event_id FROM outbox_events "
    "WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now() "
    "AND attempts < $3 ORDER BY next_attempt_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED) "
    "UPDATE outbox_events e SET attempts = e.attempts + 1, "
    "next_attempt_at = now() + make_interval(secs => $2::double precision / 1000) "
    "FROM due WHERE e.event_id = due.event_id "
    "RETURNING e.event_id, e.destination, e.method, e.payload, e.attempts, e.region_id"};
const Query kOutboxDelivered{"outbox_delivered",
                             "UPDATE outbox_events SET delivered_at = now(), last_error = NULL, "
                             "dead_at = NULL WHERE event_id = $1 AND delivered_at IS NULL"};
// A failed attempt: due again after the back-off, or a dead letter after the last attempt. Only
// while the event is still this relay's claim ($5, the attempt it claimed): a relay whose answer
// came after its lease ran out must not move another relay's newer claim.
const Query kOutboxFailed{
    "outbox_failed",
    "UPDATE outbox_events SET last_error = $2, "
    "next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), "
    "dead_at = CASE WHEN attempts >= $4 THEN now() END "
    "WHERE event_id = $1 AND delivered_at IS NULL AND dead_at IS NULL AND attempts = $5 "
    "RETURNING dead_at IS NOT NULL AS dead"};
// What operators watch: dead letters, and the events still to deliver with the oldest one's age.
// Read at each scrape, never on the delivery path: the age reads every waiting row.
const Query kOutboxBacklog{
    "outbox_backlog",
    "SELECT (SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL) AS dead, "
    "p.pending, p.oldest_s FROM (SELECT count(*) AS pending, "
    "coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_s "
    "FROM outbox_events WHERE delivered_at IS NULL AND dead_at IS NULL) p"};

}  // namespace

void EnqueueOutboxEvent(Tx& tx, const OutboxEvent& event) {
  Exec1(tx, kOutboxEnqueue, event.event_id, event.destination, event.method, Bytea(event.payload),
        event.region_id);
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
                        const std::string& region_id, google::protobuf::Message& request) {
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
  event.region_id = region_id;
  EnqueueOutboxEvent(tx, event);
  return event.event_id;
}

const std::vector<Query>& OutboxStatements() {
  static const std::vector<Query> statements = {kOutboxEnqueue,   kOutboxExhausted, kOutboxClaim,
                                                kOutboxDelivered, kOutboxFailed,    kOutboxBacklog};
  return statements;
}

void PrepareOutbox(Db& db) { db.Register(OutboxStatements()); }

OutboxRelay::OutboxRelay(Db& db, OutboxDeliverer deliverer, OutboxRelayOptions options,
                         const Clock& clock)
    : db_(db),
      deliverer_(std::move(deliverer)),
      options_(options),
      job_(
          "outbox relay", options.poll_interval, clock,
          [this](std::chrono::system_clock::time_point) { return RunOnce(); }, options.batch_size) {
  PrepareOutbox(db_);
  // A lease shorter than the wait for a batch's answers (the call deadline, then Deliver's
  // 5 s margin) and its marking would let another relay send the event while this one waits.
  if (options_.lease < options_.call_timeout + std::chrono::seconds(10)) {
    options_.lease = options_.call_timeout + std::chrono::seconds(10);
  }
  if (options_.metrics != nullptr) {
    options_.metrics->DeclareCounter(
        kOutboxEventsMetric, "Outbox deliveries by outcome: delivered, failed, dead_lettered.");
    options_.metrics->DeclareGauge(kOutboxDeadLettersMetric,
                                   "Outbox events in the dead-letter state now.");
    // Every series from the start, at 0, so that a rise is seen as one.
    for (const char* outcome : {"delivered", "failed", "dead_lettered"}) {
      options_.metrics->Increment(kOutboxEventsMetric, {{"outcome", outcome}}, 0);
    }
    options_.metrics->DeclareGauge(kOutboxPendingMetric,
                                   "Outbox events waiting for delivery (not dead letters).");
    options_.metrics->DeclareGauge(kOutboxOldestMetric,
                                   "Age of the oldest event waiting for delivery, in seconds.");
    options_.metrics->Set(kOutboxDeadLettersMetric, {}, 0);
    options_.metrics->Set(kOutboxPendingMetric, {}, 0);
    options_.metrics->Set(kOutboxOldestMetric, {}, 0);
    job_.CountRunsIn(*options_.metrics);
    backlog_collector_ =
        options_.metrics->AddCollector([this](MetricsRegistry& metrics) { ReadBacklog(metrics); });
  }
}

OutboxRelay::~OutboxRelay() {
  // The job first (its thread uses everything), then the collector (it uses the pool).
  job_.Stop();
  if (options_.metrics != nullptr) options_.metrics->RemoveCollector(backlog_collector_);
}

void OutboxRelay::ReadBacklog(MetricsRegistry& metrics) {
  absl::Status read = db_.Read({}, [&](Tx& tx) -> absl::Status {
    pqxx::row backlog = Exec1(tx, kOutboxBacklog);
    metrics.Set(kOutboxDeadLettersMetric, {}, backlog["dead"].as<double>());
    metrics.Set(kOutboxPendingMetric, {}, backlog["pending"].as<double>());
    metrics.Set(kOutboxOldestMetric, {}, backlog["oldest_s"].as<double>());
    return absl::OkStatus();
  });
  // The last values stay; the scrape goes on (the database being away shows elsewhere).
  if (!read.ok()) spdlog::warn("outbox backlog not read: {}", read.ToString());
}

void OutboxRelay::Count(const char* outcome, int n) {
  if (options_.metrics != nullptr && n > 0) {
    options_.metrics->Increment(kOutboxEventsMetric, {{"outcome", outcome}}, n);
  }
}

absl::StatusOr<int> OutboxRelay::RunOnce() {
  std::lock_guard lock(run_mu_);
  int delivered = 0;
  if (!unmarked_events_.empty()) {
    // Delivered before the database went away. Marking them is right even after their lease
    // ended: `delivered` is a fact, and a failure is marked only while no other relay has
    // claimed the event since (kOutboxFailed's `attempts = $5`).
    absl::StatusOr<int> marked = Mark(unmarked_events_, unmarked_answers_);
    if (!marked.ok() && absl::IsUnavailable(marked.status())) return marked.status();  // still away
    // Marked, or refused for good: then the lease brings them back, as before.
    unmarked_events_.clear();
    unmarked_answers_.clear();
    if (marked.ok()) delivered = *marked;
  }
  TX_ASSIGN_OR_RETURN(std::vector<OutboxEvent> events, Claim());
  if (events.empty()) return delivered;
  std::vector<absl::Status> answers = Deliver(events);
  absl::StatusOr<int> marked = Mark(events, answers);
  if (!marked.ok()) {
    // Kept only when the database went away (a restart, a terminated session).
    if (absl::IsUnavailable(marked.status())) {
      unmarked_events_ = std::move(events);
      unmarked_answers_ = std::move(answers);
    }
    return marked.status();
  }
  return delivered + *marked;
}

absl::StatusOr<std::vector<OutboxEvent>> OutboxRelay::Claim() {
  std::vector<OutboxEvent> events;
  int exhausted = 0;
  TX_RETURN_IF_ERROR(db_.Transact({}, [&](Tx& tx) -> absl::Status {
    events.clear();
    exhausted = 0;
    for (const auto& row : Exec(tx, kOutboxExhausted, options_.max_attempts)) {
      ++exhausted;
      spdlog::error("outbox event={} destination={} method={} attempts={}: dead letter",
                    row["event_id"].as<std::string>(), row["destination"].as<std::string>(),
                    row["method"].as<std::string>(), row["attempts"].as<int>());
    }
    for (const auto& row : Exec(tx, kOutboxClaim, options_.batch_size, options_.lease.count(),
                                options_.max_attempts)) {
      events.push_back(OutboxEvent{row["event_id"].as<std::string>(),
                                   row["destination"].as<std::string>(),
                                   row["method"].as<std::string>(), FromBytea(row["payload"]),
                                   row["attempts"].as<int>(), row["region_id"].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  Count("dead_lettered", exhausted);
  return events;
}

std::vector<absl::Status> OutboxRelay::Deliver(const std::vector<OutboxEvent>& events) {
  // Shared with the callbacks: an answer that arrives after the wait below gave up finds it alive.
  struct Answers {
    std::mutex mu;
    std::condition_variable all_in;
    std::vector<std::optional<absl::Status>> statuses;
    size_t pending = 0;
  };
  auto answers = std::make_shared<Answers>();
  answers->statuses.resize(events.size());
  answers->pending = events.size();
  const Deadline deadline = std::chrono::system_clock::now() + options_.call_timeout;
  for (size_t i = 0; i < events.size(); ++i) {
    deliverer_(events[i], deadline, [answers, i](absl::Status status) {
      std::lock_guard lock(answers->mu);
      answers->statuses[i] = std::move(status);
      if (--answers->pending == 0) answers->all_in.notify_all();
    });
  }
  // gRPC answers every call by its deadline; the margin only guards against a deliverer that
  // never answers, whose events then count as failed.
  std::unique_lock lock(answers->mu);
  answers->all_in.wait_until(lock, deadline + std::chrono::seconds(5),
                             [&] { return answers->pending == 0; });
  std::vector<absl::Status> result;
  for (const auto& status : answers->statuses) {
    result.push_back(
        status.value_or(absl::DeadlineExceededError("no answer within the call deadline")));
  }
  return result;
}

absl::StatusOr<int> OutboxRelay::Mark(const std::vector<OutboxEvent>& events,
                                      const std::vector<absl::Status>& answers) {
  int delivered = 0, failed = 0, dead = 0;
  TX_RETURN_IF_ERROR(db_.Transact({}, [&](Tx& tx) -> absl::Status {
    delivered = failed = dead = 0;
    for (size_t i = 0; i < events.size(); ++i) {
      const OutboxEvent& event = events[i];
      const absl::Status& result = answers[i];
      if (result.ok() || absl::IsAlreadyExists(result)) {
        Exec0(tx, kOutboxDelivered, event.event_id);
        ++delivered;
        continue;
      }
      long long backoff = options_.min_backoff.count();
      for (int n = 1; n < event.attempts && backoff < options_.max_backoff.count(); ++n) {
        backoff *= 2;
      }
      backoff = std::min<long long>(backoff, options_.max_backoff.count());
      auto rows = Exec(tx, kOutboxFailed, event.event_id, result.ToString(), backoff,
                       options_.max_attempts, event.attempts);
      if (!rows.empty() && rows[0]["dead"].as<bool>()) {
        ++dead;
        spdlog::error("outbox event={} destination={} method={} attempt={} failed: {}; dead letter",
                      event.event_id, event.destination, event.method, event.attempts,
                      result.ToString());
      } else {
        ++failed;
        spdlog::warn("outbox event={} destination={} attempt={} failed: {}; retry in {} ms",
                     event.event_id, event.destination, event.attempts, result.ToString(), backoff);
      }
    }
    return absl::OkStatus();
  }));
  Count("delivered", delivered);
  Count("failed", failed);
  Count("dead_lettered", dead);
  return delivered;
}

OutboxDeliverer GrpcOutboxDeliverer(std::map<std::string, std::shared_ptr<grpc::Channel>> channels,
                                    std::function<std::string()> bearer_token) {
  return [channels = std::move(channels), bearer_token = std::move(bearer_token)](
             const OutboxEvent& event, Deadline deadline, std::function<void(absl::Status)> done) {
    auto it = channels.find(event.destination);
    if (it == channels.end()) {
      done(absl::FailedPreconditionError(
          absl::StrCat("no channel configured for destination ", event.destination)));
      return;
    }
    // Everything the call needs lives until its callback, which gRPC runs on its own thread.
    struct Call {
      std::unique_ptr<grpc::GenericStub> stub;
      grpc::ClientContext context;
      grpc::ByteBuffer request;
      grpc::ByteBuffer response;
    };
    auto call = std::make_shared<Call>();
    call->context.set_deadline(deadline);
    call->context.AddMetadata("authorization", "Bearer " + bearer_token());
    grpc::Slice slice(event.payload);
    call->request = grpc::ByteBuffer(&slice, 1);
    call->stub = std::make_unique<grpc::GenericStub>(it->second);
    call->stub->UnaryCall(
        &call->context, event.method, grpc::StubOptions(), &call->request, &call->response,
        [call, done = std::move(done)](grpc::Status status) { done(FromGrpcStatus(status)); });
  };
}

}  // namespace tongxin
