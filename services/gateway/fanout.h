// Parallel calls for one view: each started at once with the caller's token and deadline, and the
// view's continuation run by the last one to answer, on its callback thread: no thread waits for
// a fanout. Each call returns a typed handle, its Part, that the continuation reads by name. A
// service that did not answer is named missing; any other error on a call the view requires is
// the caller's answer (no such volunteer, not allowed) and stands for the view.
//
// A fanout lives in a shared object (Fanout::New) that its calls keep alive until the last has
// answered and the continuation has run. With a DownstreamGuard, an optional part's call gets the
// part's budget, and a call to a service whose breaker is open is not made: it ends at once,
// UNAVAILABLE, and its service is named missing.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "services/gateway/caller.h"
#include "services/gateway/downstream_guard.h"

namespace tongxin::gateway {

// Whether a call's own error (not a missing service) fails the view. An optional call only adds
// to it (the caller's profile, for the actions offered).
enum class Need { kRequired, kOptional };

// The unary async method of a generated stub's async() interface, e.g.
// &VolunteerService::Stub::async::GetVolunteer.
template <typename Async, typename Request, typename Response>
using AsyncMethod = void (Async::*)(grpc::ClientContext*, const Request*, Response*,
                                    std::function<void(grpc::Status)>);

namespace internal {

// What every call of a fanout has, whatever its messages.
struct CallState {
  virtual ~CallState() = default;
  std::string service;
  Need need = Need::kRequired;
  DownstreamGuard::Ticket ticket;
  std::unique_ptr<grpc::ClientContext> context;
  grpc::Status status;
};

// A call's request and answer live here until the call is over.
template <typename Request, typename Response>
struct TypedCall : CallState {
  Request request;
  Response response;
};

}  // namespace internal

// One call's answer. Read it in the fanout's continuation; a part never asked for is never ok.
template <typename Response>
class Part {
 public:
  Part() = default;
  // The call answered OK.
  bool ok() const { return state_ != nullptr && state_->status.ok(); }
  // The answer; the empty message when the call failed or was not made.
  const Response& value() const { return ok() ? *response_ : Response::default_instance(); }
  // The answer to take parts from (only when ok()).
  Response* mutable_value() const { return response_; }

 private:
  friend class Fanout;
  Part(std::shared_ptr<const internal::CallState> state, Response* response)
      : state_(std::move(state)), response_(response) {}
  std::shared_ptr<const internal::CallState> state_;
  Response* response_ = nullptr;
};

class Fanout : public std::enable_shared_from_this<Fanout> {
 public:
  // What runs once every call has answered (each by the caller's deadline): the first required
  // call's error in the order started, or OK; and the fanout, for the services it missed.
  using Continuation = std::function<void(absl::Status status, const Fanout& fan)>;

  // `guard` (or none: every call waits for the caller's deadline) outlives the fanout.
  static std::shared_ptr<Fanout> New(const Caller& caller, DownstreamGuard* guard = nullptr) {
    return std::shared_ptr<Fanout>(new Fanout(caller, guard));
  }
  Fanout(const Fanout&) = delete;
  Fanout& operator=(const Fanout&) = delete;

  // Starts `method` on `async` (a stub's async()) for `service` ("volunteer", "points", ...),
  // unless the service's breaker refuses it. Every call is started before Then.
  template <typename Async, typename Request, typename Response>
  Part<Response> Call(const std::string& service, Async* async,
                      AsyncMethod<Async, Request, Response> method, Request request,
                      Need need = Need::kRequired, Wait wait = Wait::kCallersDeadline) {
    auto call = std::make_shared<internal::TypedCall<Request, Response>>();
    call->request = std::move(request);
    if (Begin(call, service, need, wait)) {
      (async->*method)(call->context.get(), &call->request, &call->response,
                       [self = shared_from_this(), call](grpc::Status status) {
                         self->End(*call, std::move(status));
                       });
    }
    Response* response = &call->response;
    std::shared_ptr<const internal::CallState> state = call;
    return Part<Response>(std::move(state), response);
  }

  // Runs `then` when the last call answers (at once, when they all have).
  void Then(Continuation then);
  // The services that did not answer (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL), once over.
  const std::set<std::string>& missing() const { return missing_; }
  // Once over: whether every call was made and gave its answer (OK, or one about the request such
  // as NOT_FOUND) rather than none (a service missing, a call cancelled or cut short): a view
  // composed from a whole fanout is the same when composed again at once.
  bool whole() const { return whole_; }

 private:
  Fanout(const Caller& caller, DownstreamGuard* guard) : caller_(caller), guard_(guard) {}
  // Whether the call is to be made: false when the service's breaker refused it (it has ended).
  bool Begin(std::shared_ptr<internal::CallState> call, const std::string& service, Need need,
             Wait wait);
  void End(internal::CallState& call, grpc::Status status);
  // The calls are over: sorts their errors and runs the continuation.
  void Over(Continuation then);

  const Caller caller_;
  DownstreamGuard* const guard_;
  std::mutex mu_;
  std::vector<std::shared_ptr<internal::CallState>> calls_;  // in the order started
  int running_ = 0;
  Continuation then_;
  std::set<std::string> missing_;
  bool whole_ = true;
};

// A service that did not answer: it is missing from a view rather than failing it.
bool ServiceMissing(const grpc::Status& status);
// A service's answer about the request itself (OK, NOT_FOUND, PERMISSION_DENIED, …), which it
// would give again, as against a call that got none (missing, cancelled, exhausted, aborted).
bool AnsweredForTheRequest(const grpc::Status& status);

// Fills the `missing` field of a view from the services a fanout did not hear from.
template <typename View>
void NameMissing(const Fanout& calls, View& view) {
  for (const auto& service : calls.missing()) view.add_missing(service);
}

}  // namespace tongxin::gateway
