// A loopback port for a server that a test starts as a separate process. It lies below Linux's
// ephemeral range (32768–60999, where every client connection — another test's included — takes
// its local port), and nothing listens on it when it is picked.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <string>

namespace tongxin::testing {

inline std::string FreeListenPort() {
  static thread_local std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> ports(10000, 32000);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = ports(random);
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) continue;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool free = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    close(fd);
    if (free) return std::to_string(port);
  }
  return "0";
}

}  // namespace tongxin::testing
