// Parallel calls for one view: each started at once with the caller's token and deadline, all
// awaited together. A service that did not answer is named missing; any other error on a call
// the view needs is the caller's answer (no such volunteer, not allowed) and stands for the view.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/gateway/gateway.h"

namespace tongxin::gateway {

class Fanout {
 public:
  using Done = std::function<void(grpc::Status)>;
  // Starts a call: `start` hands the context and `done` to a stub's async() method.
  using Start = std::function<void(grpc::ClientContext*, Done)>;

  explicit Fanout(const Caller& caller) : caller_(caller) {}
  Fanout(const Fanout&) = delete;
  ~Fanout() { (void)Wait(); }  // the calls write into the view: never leave them running

  // `needed`: the call's own error (not a missing service) fails the view. A call that is not
  // needed only adds to it (the caller's profile, for the actions offered).
  void Add(const std::string& service, const Start& start, bool needed = true);
  // Waits for every call (each ends by the caller's deadline); the first needed call's error in
  // the order added, or OK.
  absl::Status Wait();
  std::set<std::string> missing() const { return missing_; }
  // True when the call added `index`-th (from 0) answered OK.
  bool ok(size_t index) const { return calls_[index]->status.ok(); }

 private:
  struct Call {
    std::string service;
    bool needed;
    std::unique_ptr<grpc::ClientContext> context;
    grpc::Status status;
  };
  const Caller& caller_;
  std::vector<std::unique_ptr<Call>> calls_;
  std::mutex mu_;
  std::condition_variable done_;
  int running_ = 0;
  std::set<std::string> missing_;
};

// Fills the `missing` field of a view from the services a fanout did not hear from.
template <typename View>
void NameMissing(const Fanout& calls, View& view) {
  for (const auto& service : calls.missing()) view.add_missing(service);
}

}  // namespace tongxin::gateway
