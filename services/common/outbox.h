// The transactional outbox: an effect on another service is written as an event row in the same
// transaction as the business change, then delivered at least once by a relay through an
// idempotent gRPC call whose request_id is the event id, so the effect happens once. Relays lock
// due events with FOR UPDATE SKIP LOCKED, so any number of replicas can run one each; a relay
// killed mid-delivery leaves its events undelivered and another delivery repeats them safely.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/db.h"

namespace tongxin {

struct OutboxEvent {
  std::string event_id;     // a UUID; also the request_id inside payload
  std::string destination;  // a logical service name, e.g. "points"
  std::string method;       // full gRPC method, e.g. /tongxin.points.v1.PointsService/Award
  std::string payload;      // the serialised request message
  int attempts = 0;
};

// A new random UUID (v4), e.g. for an event id.
std::string NewUuid();
inline std::string NewEventId() { return NewUuid(); }

// Registers the outbox's statements with a pool (the relay does this itself).
void PrepareOutbox(Db& db);

// Writes an event inside the caller's transaction. Call once the request's request_id field has
// been set to event.event_id.
void EnqueueOutboxEvent(pqxx::transaction_base& tx, const OutboxEvent& event);

// Delivers one event; OK or ALREADY_EXISTS mean the effect exists.
using OutboxDeliverer = std::function<absl::Status(const OutboxEvent&, Deadline)>;

struct OutboxRelayOptions {
  int batch_size = 32;
  std::chrono::milliseconds poll_interval{500};
  std::chrono::milliseconds call_timeout{5000};
  std::chrono::milliseconds min_backoff{500};
  std::chrono::milliseconds max_backoff{60000};
};

class OutboxRelay {
 public:
  OutboxRelay(Db& db, OutboxDeliverer deliverer, OutboxRelayOptions options = {});
  ~OutboxRelay();

  // Delivers the events due now, one batch; returns how many were delivered.
  absl::StatusOr<int> RunOnce();
  // A background loop calling RunOnce until Stop.
  void Start();
  void Stop();
  // Wakes the loop early (e.g. right after an enqueue).
  void Notify();

 private:
  Db& db_;
  OutboxDeliverer deliverer_;
  OutboxRelayOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;
  std::thread thread_;
};

// A deliverer that sends the raw payload with a generic stub to the channel of the event's
// destination, authenticated with `bearer_token` (a `system` token).
OutboxDeliverer GrpcOutboxDeliverer(std::map<std::string, std::shared_ptr<grpc::Channel>> channels,
                                    std::function<std::string()> bearer_token);

}  // namespace tongxin
