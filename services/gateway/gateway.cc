// The gateway's dispatch: method name → view or pass-through, built once from the route table.
#include "services/gateway/gateway.h"

#include <grpcpp/generic/generic_stub.h>

#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/gateway/api.h"

namespace tongxin::gateway {

using google::protobuf::Message;

template <typename Request, typename Response>
void Gateway::View(const std::string& method,
                   void (Views::*view)(const Caller&, const Request&, Reply<Response>)) {
  handlers_[method] = [this, view](const Caller& caller, const Message& request, Message* response,
                                   Done done) {
    (views_.*view)(caller, static_cast<const Request&>(request),
                   [response, done = std::move(done)](absl::StatusOr<Response> answer) {
                     if (!answer.ok()) return done(answer.status());
                     static_cast<Response*>(response)->Swap(&*answer);
                     done(absl::OkStatus());
                   });
  };
}

Gateway::Gateway(const Downstreams& downstreams, DownstreamGuardOptions guard)
    : channels_(downstreams),
      guard_({kVolunteerService, kPostsService, kWishesService, kPointsService}, guard),
      views_(downstreams, &guard_),
      forwarder_(downstreams) {
  View("GetDashboard", &Views::Dashboard);
  View("GetWishWall", &Views::WishWall);
  View("GetPostList", &Views::PostList);
  View("GetRegionOverview", &Views::RegionOverview);
  View("GetAdminQueue", &Views::AdminQueue);
  for (const Route& route : ApiRoutes()) {
    if (route.forward == nullptr) continue;
    const auto* target = route.forward;
    handlers_[route.method->name()] = [this, target](const Caller& caller, const Message& request,
                                                     Message* response, Done done) {
      forwarder_.Forward(*target, caller, request, response, std::move(done));
    };
  }
}

void Gateway::Call(const std::string& method, const Caller& caller, Message& request,
                   Message* response, Done done) {
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) {
    return done(absl::UnimplementedError(absl::StrCat(method, ": not served by this gateway")));
  }
  if (absl::Status me = ResolveMe(caller.principal, request); !me.ok()) return done(me);
  handler->second(caller, request, response, std::move(done));
}

namespace {

// The grpc.health.v1 Check of one service, answered to `serving` from its callback.
// HealthCheckRequest{service: ""} is empty; a SERVING reply is field 1 = 1: bytes 08 01.
void CheckServing(const std::shared_ptr<grpc::Channel>& channel, Deadline deadline,
                  std::function<void(bool)> serving) {
  struct Check {
    explicit Check(const std::shared_ptr<grpc::Channel>& channel) : stub(channel) {}
    grpc::GenericStub stub;
    grpc::ClientContext context;
    grpc::ByteBuffer request, response;
  };
  auto check = std::make_shared<Check>(channel);
  check->context.set_deadline(deadline);
  grpc::Slice empty("");
  check->request = grpc::ByteBuffer(&empty, 1);
  check->stub.UnaryCall(
      &check->context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &check->request,
      &check->response, [check, serving = std::move(serving)](grpc::Status status) {
        std::vector<grpc::Slice> slices;
        if (!status.ok() || !check->response.Dump(&slices).ok()) {
          return serving(false);
        }
        std::string bytes;
        for (const auto& slice : slices) {
          bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
        }
        serving(bytes == std::string("\x08\x01", 2));
      });
}

}  // namespace

void Gateway::Ready(Deadline deadline, std::function<void(bool)> ready) const {
  struct Tally {
    std::mutex mu;
    int waiting = 4;
    bool all_serving = true;
    std::function<void(bool)> ready;
  };
  auto tally = std::make_shared<Tally>();
  tally->ready = std::move(ready);
  for (const auto& channel :
       {channels_.volunteer, channels_.posts, channels_.wishes, channels_.points}) {
    CheckServing(channel, deadline, [tally](bool serving) {
      bool last, all;
      {
        std::lock_guard lock(tally->mu);
        tally->all_serving = tally->all_serving && serving;
        last = --tally->waiting == 0;
        all = tally->all_serving;
      }
      if (last) tally->ready(all);
    });
  }
}

}  // namespace tongxin::gateway
