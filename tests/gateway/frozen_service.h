// A service that is there but does not answer, as one stopped with SIGSTOP, for the gateway_test
// binary: the kernel takes its connections, nothing ever replies. Thaw is the service coming
// back dead (its connections closed); WakeAs is it continued with SIGCONT: what its callers sent
// meanwhile and everything after is relayed to a real service.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "services/gateway/downstream.h"

namespace tongxin::gateway {

class FrozenService {
 public:
  FrozenService() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address = Loopback(0);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(fd_, 64);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~FrozenService() { Thaw(); }
  FrozenService(const FrozenService&) = delete;
  FrozenService& operator=(const FrozenService&) = delete;

  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  // The gateway's services with this one as points, `volunteer` as itself, the rest down.
  Downstreams AsPointsBeside(std::shared_ptr<grpc::Channel> volunteer) const {
    auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
    return Downstreams{std::move(volunteer), dead, dead,
                       grpc::CreateChannel(target(), grpc::InsecureChannelCredentials())};
  }
  // True once a client has connected (the call is on its way), within `wait`.
  bool Called(std::chrono::milliseconds wait) {
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(wait.count())) <= 0) return false;
    accepted_.push_back(accept(fd_, nullptr, nullptr));
    return accepted_.back() >= 0;
  }
  // Wakes up as the service at `target` (127.0.0.1:PORT): every connection, held or new, is
  // relayed to it from now on, on a thread of its own, until Thaw.
  void WakeAs(const std::string& target) {
    int port = std::stoi(target.substr(target.rfind(':') + 1));
    relaying_ = true;
    relay_ = std::thread([this, port] { Relay(port); });
  }
  void Thaw() {
    relaying_ = false;
    if (relay_.joinable()) relay_.join();
    for (int fd : accepted_) close(fd);
    accepted_.clear();
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }
  static int ConnectTo(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(port);
    connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    return fd;
  }
  // Copies what arrived on `from` to `to`; false once `from` has closed.
  static bool Pass(int from, int to) {
    char chunk[16384];
    ssize_t got = recv(from, chunk, sizeof chunk, 0);
    for (ssize_t sent = 0; got > 0 && sent < got;) {
      ssize_t wrote = send(to, chunk + sent, static_cast<size_t>(got - sent), MSG_NOSIGNAL);
      if (wrote <= 0) return false;
      sent += wrote;
    }
    return got > 0;
  }
  // The relay: a client's connection and the real service's, byte for byte both ways.
  void Relay(int port) {
    std::vector<std::pair<int, int>> pairs;
    for (int fd : accepted_) pairs.emplace_back(fd, ConnectTo(port));
    accepted_.clear();
    while (relaying_) {
      std::vector<pollfd> ready{{fd_, POLLIN, 0}};
      for (auto [client, service] : pairs) {
        ready.push_back({client, POLLIN, 0});
        ready.push_back({service, POLLIN, 0});
      }
      // A short timeout only to notice Thaw: the relay waits on its sockets.
      if (poll(ready.data(), ready.size(), 20) <= 0) continue;
      std::vector<std::pair<int, int>> open;
      for (size_t i = 0; i < pairs.size(); ++i) {
        auto [client, service] = pairs[i];
        bool alive = true;
        if (ready[1 + 2 * i].revents != 0) alive = Pass(client, service);
        if (alive && ready[2 + 2 * i].revents != 0) alive = Pass(service, client);
        if (alive) {
          open.emplace_back(client, service);
        } else {
          close(client);
          close(service);
        }
      }
      pairs = std::move(open);
      if (ready[0].revents != 0) pairs.emplace_back(accept(fd_, nullptr, nullptr), ConnectTo(port));
    }
    for (auto [client, service] : pairs) {
      close(client);
      close(service);
    }
  }

  int fd_;
  int port_ = 0;
  std::vector<int> accepted_;
  std::atomic<bool> relaying_ = false;
  std::thread relay_;
};

}  // namespace tongxin::gateway
