// The gateway's dispatch: method name → view or pass-through, built once from the route table.
#include "services/gateway/gateway.h"

#include "absl/strings/str_cat.h"
#include "services/common/server.h"
#include "services/common/status.h"
#include "services/gateway/api.h"

namespace tongxin::gateway {

using google::protobuf::Message;

template <typename Request, typename Response>
void Gateway::View(const std::string& method,
                   absl::StatusOr<Response> (Views::*view)(const Caller&, const Request&)) {
  handlers_[method] = [this, view](const Caller& caller, const Message& request,
                                   Message* response) -> absl::Status {
    auto answer = (views_.*view)(caller, static_cast<const Request&>(request));
    if (!answer.ok()) return answer.status();
    static_cast<Response*>(response)->Swap(&*answer);
    return absl::OkStatus();
  };
}

Gateway::Gateway(const Downstreams& downstreams)
    : channels_(downstreams), views_(downstreams), forwarder_(downstreams) {
  View("GetDashboard", &Views::Dashboard);
  View("GetWishWall", &Views::WishWall);
  View("GetPostList", &Views::PostList);
  View("GetRegionOverview", &Views::RegionOverview);
  View("GetAdminQueue", &Views::AdminQueue);
  for (const Route& route : ApiRoutes()) {
    if (route.forward == nullptr) continue;
    const auto* target = route.forward;
    handlers_[route.method->name()] = [this, target](const Caller& caller, const Message& request,
                                                     Message* response) {
      return forwarder_.Forward(*target, caller, request, response);
    };
  }
}

absl::Status Gateway::Call(const std::string& method, const Caller& caller, Message& request,
                           Message* response) {
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) {
    return absl::UnimplementedError(absl::StrCat(method, ": not served by this gateway"));
  }
  TX_RETURN_IF_ERROR(ResolveMe(caller.principal, request));
  return handler->second(caller, request, response);
}

bool Gateway::Ready(Deadline deadline) const {
  for (const auto& channel :
       {channels_.volunteer, channels_.posts, channels_.wishes, channels_.points}) {
    if (!IsServing(channel, deadline)) return false;
  }
  return true;
}

}  // namespace tongxin::gateway
