// gRPC plumbing of the load generator: channels (several, so that in-flight calls spread over
// more than one HTTP/2 connection, as many clients would), bearer tokens minted the way
// tongxin-token does (HS256 with the stack's secret), asynchronous calls on the callback API
// (the generated stubs' async()) and blocking calls for the set-up.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"

namespace tongxin::bench {

// The canonical name of a gRPC status code, e.g. FAILED_PRECONDITION.
std::string CodeName(grpc::StatusCode code);

class Tokens {
 public:
  static absl::StatusOr<Tokens> FromSecretFile(const std::string& path);
  // A token for `subject` in `role` (scope: region prefixes for admins), valid for a day.
  std::string Mint(const std::string& subject, Role role,
                   const std::vector<std::string>& scope = {}) const;

 private:
  std::string secret_;
};

// A fresh request id per write, as a real client makes one per user action.
std::string NewRequestId(const std::string& prefix);

// Round-robin over `count` connections to one target.
class Channels {
 public:
  Channels(const std::string& target, int count);
  std::shared_ptr<grpc::Channel> Next();

 private:
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::atomic<unsigned> next_{0};
};

inline void Authorize(grpc::ClientContext& context, const std::string& token,
                      std::chrono::milliseconds timeout) {
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

// One asynchronous unary call: `start(async, context, request, response, callback)` names the
// method, e.g. [](auto* a, auto... x) { a->Redeem(x...); }. `done` gets the status and answer.
template <typename Stub, typename Request, typename Response, typename Start>
void CallAsync(Stub& stub, const std::string& token, Request request, Start start,
               std::function<void(const grpc::Status&, const Response&)> done,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  struct State {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  auto* state = new State;
  state->request = std::move(request);
  Authorize(state->context, token, timeout);
  start(stub.async(), &state->context, &state->request, &state->response,
        [state, done = std::move(done)](grpc::Status status) {
          done(status, state->response);
          delete state;
        });
}

// A blocking call for the set-up; `call(context, response)` runs the stub's method.
template <typename Response, typename Call>
absl::StatusOr<Response> CallSync(const std::string& token, Call call) {
  grpc::ClientContext context;
  Authorize(context, token, std::chrono::seconds(30));
  Response response;
  grpc::Status status = call(&context, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return response;
}

}  // namespace tongxin::bench
