// The gateway_hostile_test binary's fixture: the real HTTP front over all four real services (each
// on its own real PostgreSQL database), and a raw HTTP/1.1 client that sends exactly the bytes a
// test gives it (invalid UTF-8, duplicate keys, slow trickles), which no library client would.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "services/gateway/api.h"
#include "services/gateway/http_front.h"
#include "tests/support/activities_stack.h"
#include "tests/support/all_services.h"
#include "tests/support/notifications_stack.h"

namespace tongxin::gateway::hostile {

using SteadyClock = std::chrono::steady_clock;

inline constexpr char kStreet[] = "411502009";
inline constexpr char kCommunity[] = "411502009001";
inline const auto kStart = std::chrono::system_clock::from_time_t(1781496000);

// A client connection that sends what it is given, byte for byte, at the pace it is given.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  bool Send(std::string_view bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Everything the server sends until it closes the connection or `wait` runs out; `closed`
  // says which.
  std::string ReceiveAll(std::chrono::milliseconds wait, bool* closed = nullptr) {
    std::string received;
    auto until = SteadyClock::now() + wait;
    bool ended = false;
    while (!ended && SteadyClock::now() < until) {
      pollfd ready{fd_, POLLIN, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now());
      if (poll(&ready, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
      char chunk[16384];
      ssize_t got = recv(fd_, chunk, sizeof chunk, 0);
      if (got <= 0) {
        ended = true;
      } else {
        received.append(chunk, static_cast<size_t>(got));
      }
    }
    if (closed != nullptr) *closed = ended;
    return received;
  }

 private:
  int fd_;
  bool connected_ = false;
};

// One answer as it came over the wire: header names in lower case.
struct Reply {
  int status = 0;  // 0: no answer (the connection closed or timed out without one)
  std::map<std::string, std::string> headers;
  std::string body;
  std::string Header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
  }
};

inline Reply ParseReply(const std::string& raw) {
  Reply reply;
  auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos || raw.size() < 12)
    return reply;
  if (!absl::SimpleAtoi(raw.substr(9, 3), &reply.status)) return reply;
  for (size_t line = raw.find("\r\n") + 2; line < head_end;) {
    size_t end = raw.find("\r\n", line);
    std::string field = raw.substr(line, end - line);
    if (auto colon = field.find(':'); colon != std::string::npos) {
      reply.headers[absl::AsciiStrToLower(field.substr(0, colon))] =
          std::string(absl::StripAsciiWhitespace(field.substr(colon + 1)));
    }
    line = end + 2;
  }
  reply.body = raw.substr(head_end + 4);
  return reply;
}

// One request, exactly as given, on a connection of its own (Connection: close).
inline Reply Exchange(int port, const std::string& request,
                      std::chrono::milliseconds wait = std::chrono::seconds(30)) {
  RawConnection connection(port);
  if (!connection.connected() || !connection.Send(request)) return {};
  return ParseReply(connection.ReceiveAll(wait));
}

// A request's bytes: `body` (when not empty) with its Content-Type and Content-Length.
inline std::string Request(std::string_view method, std::string_view target, std::string_view token,
                           std::string_view body = "",
                           std::string_view content_type = "application/json",
                           std::string_view extra_headers = "") {
  std::string request = std::string(method) + " " + std::string(target) +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + std::string(token) + "\r\n";
  if (!body.empty() || method == "POST") {
    if (!content_type.empty()) request += "Content-Type: " + std::string(content_type) + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += std::string(extra_headers);
  request += "\r\n";
  request += std::string(body);
  return request;
}

// A route's path with every path field filled with `value` (already URL-encoded).
inline std::string PathOf(const Route& route, std::string_view value) {
  std::string path;
  for (size_t i = 0; i < route.path.size(); ++i) {
    if (route.path[i] == '{') {
      path += value;
      i = route.path.find('}', i);
    } else {
      path += route.path[i];
    }
  }
  return path;
}

// Waits on a condition the test can observe, up to `wait`.
template <typename Condition>
bool Eventually(Condition condition, std::chrono::milliseconds wait = std::chrono::seconds(10)) {
  auto until = SteadyClock::now() + wait;
  while (!condition()) {
    if (SteadyClock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a poll, not a spin
  }
  return true;
}

class HostileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::err);
    clock_ = std::make_unique<FakeClock>(kStart);
    neighbours_ = std::make_unique<testing::Neighbours>(*clock_, "gwh");
    posts_ = std::make_unique<testing::PostsStack>(*clock_, "gwh_posts", *neighbours_);
    wishes_ = std::make_unique<testing::WishesStack>(*clock_, "gwh_wishes", *neighbours_);
    activities_ =
        std::make_unique<testing::ActivitiesStack>(*clock_, "gwh_activities", *neighbours_);
    notifications_ = std::make_unique<testing::NotificationsStack>(*clock_, "gwh_notifications");
    verifier_ = TokenVerifier::Hs256(testing::TestServer::kSecret, clock_.get());
    // Parts wait as long as a loaded machine may need: a 504 here would be the machine's, not
    // the input's, and every answer in this suite must be a 4xx.
    gateway_ = std::make_unique<Gateway>(
        Downstreams{neighbours_->volunteer().server.channel(), posts_->server.channel(),
                    wishes_->server.channel(), neighbours_->points().server.channel(),
                    activities_->server.channel(), notifications_->server.channel()},
        DownstreamGuardOptions{std::chrono::seconds(20)});
    HttpOptions options;
    // The sweeps send thousands of requests; the flood test limits a front of its own.
    options.rate_limits.people = RateLimit{100000, 100000};
    options.rate_limits.by_role[Role::kSystem] = RateLimit{100000, 100000};
    options.default_timeout = std::chrono::seconds(20);
    front_ = std::make_unique<HttpFront>(*gateway_, *verifier_, options);
    ASSERT_TRUE(front_->Start("127.0.0.1", 0).ok());
    neighbours_->SeedHierarchy(kStreet, "五星街道", {kCommunity});
    volunteer_ = neighbours_->RegisterVolunteer(1, "党员", "19850101", "1370000", kCommunity, true,
                                                kCommunity);
  }
  // In the reverse order of their making: each holds references to the ones made before it.
  static void TearDownTestSuite() {
    front_.reset();
    gateway_.reset();
    verifier_.reset();
    notifications_.reset();
    activities_.reset();
    wishes_.reset();
    posts_.reset();
    neighbours_.reset();
    clock_.reset();
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return posts_->server.Token(role, subject, std::move(scope));
  }
  static std::string System() { return Token(Role::kSystem, "hostile-system"); }
  static std::string Admin() { return Token(Role::kCommunityAdmin, "hostile-admin", {kCommunity}); }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }

  static inline std::unique_ptr<FakeClock> clock_;
  static inline std::unique_ptr<testing::Neighbours> neighbours_;
  static inline std::unique_ptr<testing::PostsStack> posts_;
  static inline std::unique_ptr<testing::WishesStack> wishes_;
  static inline std::unique_ptr<testing::ActivitiesStack> activities_;
  static inline std::unique_ptr<testing::NotificationsStack> notifications_;
  static inline std::unique_ptr<TokenVerifier> verifier_;
  static inline std::unique_ptr<Gateway> gateway_;
  static inline std::unique_ptr<HttpFront> front_;
  static inline std::string volunteer_;
};

}  // namespace tongxin::gateway::hostile
