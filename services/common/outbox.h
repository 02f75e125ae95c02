// The transactional outbox: an effect on another service is written as an event row in the same
// transaction as the business change, then delivered at least once by a relay through an
// idempotent gRPC call whose request_id is the event id, so the effect happens once. A relay
// claims due events in one short transaction (FOR UPDATE SKIP LOCKED, then their next attempt
// pushed out by a lease longer than a call), delivers them concurrently with no transaction
// open, then marks each delivered or failed in another short one; any number of replicas can run
// one each. A relay killed mid-delivery leaves its events to come due when the lease ends, and
// the repeated delivery is harmless. After max_attempts an event is a dead letter: never due
// again until an admin retries it (outbox_admin.h).
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
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
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/common/periodic_job.h"

namespace tongxin {

struct OutboxEvent {
  std::string event_id;     // a UUID; also the request_id inside payload
  std::string destination;  // a logical service name, e.g. "points"
  std::string method;       // full gRPC method, e.g. /tongxin.points.v1.PointsService/Award
  std::string payload;      // the serialised request message
  int attempts = 0;         // this delivery's number (counted when it is claimed)
  std::string region_id;    // the community (or street) the event concerns, for admin scope
};

// A new random UUID (v4), e.g. for an event id.
std::string NewUuid();
inline std::string NewEventId() { return NewUuid(); }

// Registers the outbox's statements with a pool (the relay does this itself).
void PrepareOutbox(Db& db);

// A method of another service, taken from its generated descriptor: e.g.
// RpcMethod<points::v1::PointsService>("Award"). Aborts when the method does not exist, so a
// misspelt name stops the service at its first use (the tests of every service that sends an
// event make it).
const google::protobuf::MethodDescriptor& RpcMethod(
    const google::protobuf::ServiceDescriptor* service, const std::string& method);
// The generated descriptor of a service by its full name (aborts when none is linked in).
const google::protobuf::ServiceDescriptor* RpcMethodServiceOf(const std::string& full_name);
template <typename GrpcService>
const google::protobuf::MethodDescriptor& RpcMethod(const std::string& method) {
  return RpcMethod(RpcMethodServiceOf(GrpcService::service_full_name()), method);
}

// The call `method(request)` as an event in the caller's transaction: a new event id becomes
// the request's `request_id` (the receiver's idempotency key), the destination is the method's
// service (its package `tongxin.<destination>.v1`). `request` must be the method's input type.
// `region_id` is the community the event concerns: whose admins may see it if it dead-letters.
// Returns the event id.
std::string EnqueueCall(Tx& tx, const google::protobuf::MethodDescriptor& method,
                        const std::string& region_id, google::protobuf::Message& request);

// The logical destination of a service: "points" for tongxin.points.v1.PointsService; the key of
// a relay's channels (GrpcOutboxDeliverer).
std::string DestinationOf(const google::protobuf::ServiceDescriptor& service);
template <typename GrpcService>
std::string DestinationOf() {
  return DestinationOf(*RpcMethodServiceOf(GrpcService::service_full_name()));
}

// Writes a prepared event inside the caller's transaction (EnqueueCall is the usual way).
void EnqueueOutboxEvent(Tx& tx, const OutboxEvent& event);

// Starts delivering one event and calls `done` once with the answer, on any thread, by the
// deadline (gRPC's own threads: no thread waits per call); OK or ALREADY_EXISTS mean the effect
// exists.
using OutboxDeliverer =
    std::function<void(const OutboxEvent&, Deadline, std::function<void(absl::Status)> done)>;

class MetricsRegistry;

struct OutboxRelayOptions {
  int batch_size = 32;
  std::chrono::milliseconds poll_interval{500};
  std::chrono::milliseconds call_timeout{5000};
  // How long a claimed event stays invisible to other relays; longer than a call, so that only a
  // relay that died mid-delivery lets its events come due again.
  std::chrono::milliseconds lease{30000};
  std::chrono::milliseconds min_backoff{500};
  std::chrono::milliseconds max_backoff{600000};
  // Deliveries before an event becomes a dead letter: with the back-off above, 16 attempts span
  // about an hour of the receiver being away.
  int max_attempts = 16;
  // Where delivered / failed / dead-lettered events are counted, the job's runs, and (read at
  // each scrape) the dead letters, the events waiting and the oldest one's age.
  MetricsRegistry* metrics = nullptr;
};

class OutboxRelay {
 public:
  OutboxRelay(Db& db, OutboxDeliverer deliverer, OutboxRelayOptions options = {},
              const Clock& clock = Clock::System());
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // Claims the events due now (one batch), delivers them, marks them; returns how many were
  // delivered. Answers it could not mark (the database went away after the deliveries) are
  // kept and marked first at the next run, so that their events need not wait for their lease.
  // One run at a time per relay (its job's thread, or a test's).
  absl::StatusOr<int> RunOnce();
  // A background PeriodicJob calling RunOnce until Stop (a full batch goes again at once).
  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }
  // Wakes the loop early (e.g. right after an enqueue).
  void Notify() { job_.Notify(); }

 private:
  absl::StatusOr<std::vector<OutboxEvent>> Claim();
  std::vector<absl::Status> Deliver(const std::vector<OutboxEvent>& events);
  absl::StatusOr<int> Mark(const std::vector<OutboxEvent>& events,
                           const std::vector<absl::Status>& answers);
  void Count(const char* outcome, int n);
  // Sets the backlog gauges (dead letters, waiting events, the oldest one's age): at each scrape.
  void ReadBacklog(MetricsRegistry& metrics);

  Db& db_;
  OutboxDeliverer deliverer_;
  OutboxRelayOptions options_;
  std::mutex run_mu_;
  std::vector<OutboxEvent> unmarked_events_;  // with their answers, until marked
  std::vector<absl::Status> unmarked_answers_;
  int backlog_collector_ = -1;
  PeriodicJob job_;  // last: its thread stops (destructor) before the members above go
};

// A deliverer that sends the raw payload with a generic stub to the channel of the event's
// destination, authenticated with `bearer_token` (a `system` token).
OutboxDeliverer GrpcOutboxDeliverer(std::map<std::string, std::shared_ptr<grpc::Channel>> channels,
                                    std::function<std::string()> bearer_token);

}  // namespace tongxin
