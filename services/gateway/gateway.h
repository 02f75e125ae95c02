// The gateway's composition: every method of tongxin.gateway.v1.GatewayService served by name,
// whichever face the call came in by. A view is composed by Views; an action passes through to
// the service that owns it (Forwarder), with the caller's token, request_id and deadline. A view
// still answers when a service is down, naming what is missing, and does not wait long for one
// that is slow (DownstreamGuard); an action on a missing service fails UNAVAILABLE within the
// caller's deadline.
#pragma once

#include <google/protobuf/message.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "services/gateway/caller.h"
#include "services/gateway/downstream.h"
#include "services/gateway/downstream_guard.h"
#include "services/gateway/forward.h"
#include "services/gateway/view_cache.h"
#include "services/gateway/views.h"

namespace tongxin::gateway {

// How a call of the gateway ends: once, from whichever thread finished it.
using Done = std::function<void(absl::Status)>;

// What a face may tell its client besides the answer: whether it is a view, and how long ago it
// was composed (it may come from the views' cache).
struct Freshness {
  bool view = false;
  std::chrono::milliseconds age{0};
};

class Gateway {
 public:
  // `guard`: the optional parts' budget and the services' circuit breakers; `cache`: how long
  // the views a person reads are served again (off unless asked for: view_cache.h); `clock`
  // (outlives the gateway): the time the actions offered on an activity are judged at. A
  // service without a channel in `downstreams` is one that is not there.
  explicit Gateway(const Downstreams& downstreams, DownstreamGuardOptions guard = {},
                   ViewCacheOptions cache = {}, const Clock& clock = Clock::System());
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Serves one method of the gateway service by name and returns at once: `done` runs when the
  // answer is in `response` (of the method's output type), from a downstream call's callback;
  // no thread waits meanwhile. `request` and `response` must live until then. "me" in
  // volunteer_id or adopter_id becomes the calling volunteer first. `freshness` (none: not
  // asked), like `response`, is filled before `done` runs and must live until then.
  void Call(const std::string& method, const Caller& caller, google::protobuf::Message& request,
            google::protobuf::Message* response, Done done, Freshness* freshness = nullptr);

  // Whether every service answers its health check by `deadline`: what /readyz reports, to
  // `ready` once the last has answered.
  void Ready(Deadline deadline, std::function<void(bool)> ready) const;

  // The views' budget and breakers: their state and metrics.
  const DownstreamGuard& guard() const { return guard_; }
  // The views' cache: its metrics.
  const ViewCache& cache() const { return cache_; }

 private:
  using Handler = std::function<void(const Caller&, const google::protobuf::Message&,
                                     google::protobuf::Message*, Freshness*, Done)>;
  // Whether a view's answers may be served again from the cache.
  enum class Keep { kNever, kInCache };
  template <typename Request, typename Response>
  void View(const std::string& method,
            void (Views::*view)(const Caller&, const Request&, Reply<Response>), Keep keep);

  Downstreams channels_;
  DownstreamGuard guard_;  // before the views that use it
  Views views_;
  ViewCache cache_;
  Forwarder forwarder_;
  std::map<std::string, Handler> handlers_;  // gateway method name → its view or forward
};

}  // namespace tongxin::gateway
