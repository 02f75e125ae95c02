// The gateway's dispatch: method name → view or pass-through, built once from the route table.
#include "services/gateway/gateway.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <grpcpp/generic/generic_stub.h>

#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/gateway/api.h"
#include "tongxin/gateway/v1/gateway.grpc.pb.h"

namespace tongxin::gateway {

using google::protobuf::Message;

namespace {

// A request's bytes with map entries in key order: equal requests, equal keys.
std::string DeterministicBytes(const Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializePartialToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace

template <typename Request, typename Response>
void Gateway::View(const std::string& method,
                   void (Views::*view)(const Caller&, const Request&, Reply<Response>), Keep keep) {
  handlers_[method] = [this, method, view, keep](const Caller& caller, const Message& request,
                                                 Message* response, Freshness* freshness,
                                                 Done done) {
    if (freshness != nullptr) freshness->view = true;
    const auto& typed = static_cast<const Request&>(request);
    if (keep == Keep::kNever || !cache_.enabled()) {
      return (views_.*view)(
          caller, typed,
          [response, done = std::move(done)](absl::StatusOr<Response> answer, bool /*whole*/) {
            if (!answer.ok()) return done(answer.status());
            static_cast<Response*>(response)->Swap(&*answer);
            done(absl::OkStatus());
          });
    }
    // The token was verified by the face and "me" resolved: the key holds who the caller is.
    ViewKey key{method, OwnerOf(caller.principal), DeterministicBytes(request)};
    // Composed for whoever asks next as well: a gRPC caller hanging up does not cut it short.
    Caller composer = caller;
    composer.incoming = nullptr;
    cache_.Serve(
        key, caller.deadline,
        [&](ViewCache::Finish finish) {
          (views_.*view)(composer, typed,
                         [finish = std::move(finish)](absl::StatusOr<Response> answer, bool whole) {
                           if (!answer.ok()) return finish({answer.status(), nullptr, false});
                           finish({absl::OkStatus(),
                                   std::make_shared<const Response>(std::move(*answer)), whole});
                         });
        },
        [response, freshness, done = std::move(done)](const ViewCache::Served& served) {
          if (!served.status.ok()) return done(served.status);
          response->CopyFrom(*served.view);
          if (freshness != nullptr) freshness->age = served.age;
          done(absl::OkStatus());
        });
  };
}

Gateway::Gateway(const Downstreams& downstreams, DownstreamGuardOptions guard,
                 ViewCacheOptions cache, const Clock& clock)
    : channels_(WithEveryService(downstreams)),
      guard_({kVolunteerService, kPostsService, kWishesService, kPointsService, kActivitiesService,
              kNotificationsService},
             guard),
      views_(channels_, &guard_, clock),
      cache_(cache),
      forwarder_(channels_) {
  // What a person reads and rereads is kept; the admin queue is a work list several admins clear
  // together, always composed afresh.
  View("GetDashboard", &Views::Dashboard, Keep::kInCache);
  View("GetWishWall", &Views::WishWall, Keep::kInCache);
  View("GetPostList", &Views::PostList, Keep::kInCache);
  View("GetRegionOverview", &Views::RegionOverview, Keep::kInCache);
  View("GetAdminQueue", &Views::AdminQueue, Keep::kNever);
  View("GetActivityList", &Views::ActivityList, Keep::kInCache);
  View("GetActivityCard", &Views::ActivityCard, Keep::kInCache);
  for (const Route& route : ApiRoutes()) {
    if (route.forward == nullptr) continue;
    const auto* target = route.forward;
    // An action (POST) changes what its caller's views show: they are composed afresh after it,
    // whatever its answer (one lost on the way may have acted).
    bool acts = route.verb == "POST";
    handlers_[route.method->name()] = [this, target, acts](
                                          const Caller& caller, const Message& request,
                                          Message* response, Freshness*, Done done) {
      if (!acts) return forwarder_.Forward(*target, caller, request, response, std::move(done));
      forwarder_.Forward(
          *target, caller, request, response,
          [this, owner = OwnerOf(caller.principal), done = std::move(done)](absl::Status status) {
            cache_.Forget(owner);
            done(std::move(status));
          });
    };
  }
}

void Gateway::Call(const std::string& method, const Caller& caller, Message& request,
                   Message* response, Done done, Freshness* freshness) {
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) {
    return done(absl::UnimplementedError(absl::StrCat(method, ": not served by this gateway")));
  }
  // The HTTP face's guard (the gRPC face's is AcceptCall's): the grid system's client reports
  // grid tasks and does nothing else.
  if (caller.principal.role == Role::kIntegration &&
      !IntegrationMayCall(absl::StrCat(v1::GatewayService::service_full_name(), "/", method))) {
    return done(absl::PermissionDeniedError(
        "the integration role may only report grid tasks and read the event feed"));
  }
  if (absl::Status me = ResolveMe(caller.principal, request); !me.ok()) return done(me);
  handler->second(caller, request, response, freshness, std::move(done));
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
    int waiting = 6;
    bool all_serving = true;
    std::function<void(bool)> ready;
  };
  auto tally = std::make_shared<Tally>();
  tally->ready = std::move(ready);
  for (const auto& channel : {channels_.volunteer, channels_.posts, channels_.wishes,
                              channels_.points, channels_.activities, channels_.notifications}) {
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
