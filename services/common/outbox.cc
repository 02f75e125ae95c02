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

void EnqueueOutboxEvent(pqxx::transaction_base& tx, const OutboxEvent& event) {
  tx.exec_prepared0("outbox_enqueue", event.event_id, event.destination, event.method,
                    Bytea(event.payload));
}

namespace {

const std::vector<PreparedStatement>& OutboxStatements() {
  static const std::vector<PreparedStatement> statements = {
      {"outbox_enqueue",
       "INSERT INTO outbox_events (event_id, destination, method, payload) "
       "VALUES ($1, $2, $3, $4)"},
      {"outbox_due",
       "SELECT event_id, destination, method, payload, attempts FROM outbox_events "
       "WHERE delivered_at IS NULL AND next_attempt_at <= now() "
       "ORDER BY next_attempt_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED"},
      {"outbox_delivered",
       "UPDATE outbox_events SET delivered_at = now(), attempts = attempts + 1, last_error = NULL "
       "WHERE event_id = $1"},
      {"outbox_failed",
       "UPDATE outbox_events SET attempts = attempts + 1, last_error = $2, "
       "next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) "
       "WHERE event_id = $1"},
  };
  return statements;
}

}  // namespace

void PrepareOutbox(Db& db) { db.Register(OutboxStatements()); }

OutboxRelay::OutboxRelay(Db& db, OutboxDeliverer deliverer, OutboxRelayOptions options)
    : db_(db), deliverer_(std::move(deliverer)), options_(options) {
  db_.Register(OutboxStatements());
}

OutboxRelay::~OutboxRelay() { Stop(); }

absl::StatusOr<int> OutboxRelay::RunOnce() {
  int delivered = 0;
  // The lock on each due row is held while it is delivered, so no other relay sends it at the
  // same time; if this process dies, the transaction ends and the rows are due again.
  absl::Status status = db_.Transact({}, [&](pqxx::transaction_base& tx) -> absl::Status {
    delivered = 0;
    auto rows = tx.exec_prepared("outbox_due", options_.batch_size);
    for (const auto& row : rows) {
      OutboxEvent event{row[0].as<std::string>(), row[1].as<std::string>(),
                        row[2].as<std::string>(), FromBytea(row[3]), row[4].as<int>()};
      auto deadline = std::chrono::system_clock::now() + options_.call_timeout;
      absl::Status result = deliverer_(event, deadline);
      if (result.ok() || absl::IsAlreadyExists(result)) {
        tx.exec_prepared0("outbox_delivered", event.event_id);
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
      tx.exec_prepared0("outbox_failed", event.event_id, result.ToString(), backoff);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return delivered;
}

void OutboxRelay::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      auto delivered = RunOnce();
      if (!delivered.ok()) spdlog::warn("outbox relay: {}", delivered.status().ToString());
      lock.lock();
      // A full batch means more may be due: go again at once.
      if (delivered.ok() && *delivered == options_.batch_size) continue;
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || notified_; });
      notified_ = false;
    }
  });
}

void OutboxRelay::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
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
