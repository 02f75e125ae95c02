// Channels to the gateway's real services that count every call made on them, by full method
// name ("/tongxin.points.v1.PointsService/GetBalance"): how a test sees how many downstream calls
// a view cost.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace tongxin::gateway {

class CallCounts {
 public:
  // A channel to `target` (host:port) whose calls are counted here; this outlives it.
  std::shared_ptr<grpc::Channel> Channel(const std::string& target) {
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
    factories.push_back(std::make_unique<Factory>(*this));
    return grpc::experimental::CreateCustomChannelWithInterceptors(
        target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(factories));
  }
  int Of(const std::string& method) const {
    std::lock_guard lock(mu_);
    auto found = calls_.find(method);
    return found == calls_.end() ? 0 : found->second;
  }
  int Total() const {
    std::lock_guard lock(mu_);
    int total = 0;
    for (const auto& [method, count] : calls_) total += count;
    return total;
  }

 private:
  // Counts a call as it is made and adds no interceptor to it.
  class Factory : public grpc::experimental::ClientInterceptorFactoryInterface {
   public:
    explicit Factory(CallCounts& counts) : counts_(counts) {}
    grpc::experimental::Interceptor* CreateClientInterceptor(
        grpc::experimental::ClientRpcInfo* info) override {
      std::lock_guard lock(counts_.mu_);
      ++counts_.calls_[info->method()];
      return nullptr;
    }

   private:
    CallCounts& counts_;
  };

  mutable std::mutex mu_;
  std::map<std::string, int> calls_;
};

}  // namespace tongxin::gateway
