// The HTTP face's front door (gateway_test binary): slow clients, frozen services, kept-alive
// connections, the connection cap and per-role rate limits, each against a front of its own.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/gateway/frozen_service.h"
#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

using Clock = std::chrono::steady_clock;

// A raw client connection, for clients no library would write: slow, silent or over the cap.
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
  // True when the server closed the connection within `wait` (end of stream or reset).
  bool ClosedWithin(std::chrono::milliseconds wait) {
    auto until = Clock::now() + wait;
    while (Clock::now() < until) {
      pollfd ready{fd_, POLLIN, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (poll(&ready, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
      char byte;
      ssize_t got = recv(fd_, &byte, 1, 0);
      if (got <= 0) return true;
    }
    return false;
  }
  // What the server sends until `needle` has arrived, the connection closes or `wait` runs out.
  std::string ReceiveUntil(std::string_view needle, std::chrono::milliseconds wait) {
    std::string received;
    auto until = Clock::now() + wait;
    while (Clock::now() < until && (needle.empty() || received.find(needle) == std::string::npos)) {
      pollfd ready{fd_, POLLIN, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (poll(&ready, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
      char chunk[4096];
      ssize_t got = recv(fd_, chunk, sizeof chunk, 0);
      if (got <= 0) break;
      received.append(chunk, static_cast<size_t>(got));
    }
    return received;
  }
  // Everything the server sends until it closes (or `wait` runs out).
  std::string ReceiveAll(std::chrono::milliseconds wait) { return ReceiveUntil("", wait); }

 private:
  int fd_;
  bool connected_ = false;
};

// Waits on a condition the test can observe, up to `wait`.
template <typename Condition>
bool Eventually(Condition condition, std::chrono::milliseconds wait = std::chrono::seconds(10)) {
  auto until = Clock::now() + wait;
  while (!condition()) {
    if (Clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a poll, not a spin
  }
  return true;
}

// A community's rewards asked for with 20 s to wait (they come from points): the answer's status,
// or 0 when the connection closed without one.
std::future<int> AskForRewardsWaiting20s(int port, httplib::Headers headers) {
  return std::async(std::launch::async, [port, headers = std::move(headers)]() mutable {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    headers.emplace("X-Timeout-Ms", "20000");
    auto response = client.Get(std::string("/v1/regions/") + kCommunityA + "/rewards", headers);
    return response ? response->status : 0;
  });
}

TEST_F(GatewayTest, SlowClientsTricklingHeadersDelayNobodyAndAreClosedByTheHeaderLimit) {
  HttpOptions options;
  options.request_timeout = std::chrono::seconds(5);
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawConnection>(front.port()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  }
  ASSERT_TRUE(Eventually([&] { return front.open_connections() == 200; }));
  // They keep trickling a header line now and then, never the blank line that ends the header.
  std::atomic<bool> trickling = true;
  std::thread trickle([&] {
    while (trickling) {
      for (auto& connection : slow) connection->Send("X-Slow: 1\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the clients' pace
    }
  });
  httplib::Client client("127.0.0.1", front.port());
  client.set_read_timeout(5, 0);
  auto asked = Clock::now();
  auto health = client.Get("/healthz");
  auto took = Clock::now() - asked;
  auto dashboard =
      client.Get("/v1/volunteers/" + volunteer_id_ + "/dashboard", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(health && dashboard);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(dashboard->status, 200) << dashboard->body;
  EXPECT_LT(took, std::chrono::milliseconds(2500));  // well before the slow ones are cut off
  int closed = 0;
  for (auto& connection : slow) closed += connection->ClosedWithin(std::chrono::seconds(20));
  trickling = false;
  trickle.join();
  EXPECT_EQ(closed, 200);
  EXPECT_TRUE(Eventually([&] { return front.open_connections() <= 1; }));
}

TEST_F(GatewayTest, ACallWaitingOnAFrozenServiceHoldsNoThread) {
  FrozenService points;
  Gateway gateway(points.AsPointsBeside(volunteer_->server.channel()));
  HttpOptions options;
  options.threads = 1;
  options.default_timeout = std::chrono::seconds(20);  // the client asks for 20 s
  HttpFront front(gateway, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  auto waiting = AskForRewardsWaiting20s(front.port(), Auth(Self(volunteer_id_)));
  ASSERT_TRUE(points.Called(std::chrono::seconds(10)));  // the call is with the frozen service

  httplib::Client client("127.0.0.1", front.port());
  client.set_read_timeout(5, 0);
  auto asked = Clock::now();
  auto health = client.Get("/healthz");
  auto took = Clock::now() - asked;
  // A call to a service that answers (the fixture's wishes is down, and a new connection's
  // attempt to a dead address waits out gRPC's reconnect backoff).
  auto records = client.Get("/v1/volunteers/me/service-records", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(health && records);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(records->status, 200) << records->body;
  EXPECT_LT(took, std::chrono::seconds(5));  // far below the 20 s the frozen call may take
  EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  points.Thaw();  // the service comes back as gone: the waiting call ends, by its deadline at most
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  int status = waiting.get();
  EXPECT_TRUE(status == 503 || status == 504) << status;
}

// An answer goes out whole and at once: without TCP_NODELAY its last segment would wait for the
// client's delayed ACK (~40 ms on every kept-alive request). Timing that is unreliable on a busy
// machine (and Beast writes header and body in one writev), so the option itself is checked.
TEST_F(GatewayTest, AcceptedSocketsHaveNagleOff) {
  std::promise<int> no_delay;
  std::atomic<bool> seen{false};
  // This server's own answer.
  const std::string token = "nagle-" + std::to_string(getpid()) + "-" +
                            std::to_string(Clock::now().time_since_epoch().count());
  HttpServer server(HttpServerOptions{},
                    HttpHandlers{[&token](HttpRequest, const std::string&, Respond respond) {
                                   respond(HttpAnswer(200, token + "\n", "text/plain"));
                                 },
                                 [](const HttpRequest&, int status, const absl::Status& why) {
                                   HttpResponse response = HttpError(why);
                                   response.result(static_cast<unsigned>(status));
                                   return response;
                                 },
                                 [&no_delay, &seen](boost::asio::ip::tcp::socket& socket) {
                                   int value = 0;
                                   socklen_t length = sizeof value;
                                   getsockopt(socket.native_handle(), IPPROTO_TCP, TCP_NODELAY,
                                              &value, &length);
                                   if (!seen.exchange(true)) no_delay.set_value(value);
                                 }});
  ASSERT_TRUE(server.Start("127.0.0.1", 0).ok());
  auto checked = no_delay.get_future();
  // Answered: the connection was accepted (this test once caught a server that accepted
  // nothing, its io_context corrupted by a previous server's connection released too late).
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(connection.ReceiveUntil(token, std::chrono::seconds(10)).find(token),
            std::string::npos);
  ASSERT_EQ(checked.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_NE(checked.get(), 0);
}

TEST_F(GatewayTest, ConnectionsOverTheCapAreClosedAtOnce) {
  HttpOptions options;
  options.max_connections = 3;
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawConnection>(front.port()));
  ASSERT_TRUE(Eventually([&] { return front.open_connections() == 3; }));
  RawConnection over(front.port());
  EXPECT_TRUE(over.ClosedWithin(std::chrono::seconds(5)));
  held.pop_back();
  ASSERT_TRUE(Eventually([&] { return front.open_connections() == 2; }));
  httplib::Client client("127.0.0.1", front.port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(GatewayTest, AChunkedBodyOverTheLimitIs413WithTheJsonError) {
  auto client = Client();
  auto headers = Auth(Self(volunteer_id_));
  std::string path = "/v1/rewards/" + reward_id_ + ":redeem";
  // No Content-Length to refuse on: the limit stops the body as it arrives.
  auto response = client.Post(
      path, headers,
      [](size_t offset, httplib::DataSink& sink) {
        std::string spaces(1024, ' ');
        sink.write(spaces.data(), spaces.size());
        if (offset + spaces.size() >= 8192) sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(nlohmann::json::parse(response->body)["code"], "OUT_OF_RANGE");
}

TEST_F(GatewayTest, EachRoleHasItsOwnRateLimit) {
  HttpOptions options;
  auto limits = ParseRateLimits("volunteer=0.001/2,system=0.001/5", RateLimits::Defaults());
  ASSERT_TRUE(limits.ok()) << limits.status();
  options.rate_limits = *limits;
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", front.port());
  auto path = std::string("/v1/regions/") + kCommunityA + "/rewards";
  auto statuses = [&](const std::string& token, int times) {
    std::vector<int> answered;
    for (int i = 0; i < times; ++i) {
      auto response = client.Get(path, Auth(token));
      answered.push_back(response ? response->status : 0);
    }
    return answered;
  };
  EXPECT_EQ(statuses(Self(volunteer_id_), 3), (std::vector<int>{200, 200, 429}));
  EXPECT_EQ(statuses(System(), 6), (std::vector<int>{200, 200, 200, 200, 200, 429}));
}

TEST_F(GatewayTest, StoppingAnswersTheCallInFlightAndRefusesKeptAliveRequests) {
  FrozenService points;
  Gateway gateway(points.AsPointsBeside(volunteer_->server.channel()));
  HttpOptions options;
  options.default_timeout = std::chrono::seconds(20);
  auto front = std::make_unique<HttpFront>(gateway, *verifier_, options);
  ASSERT_TRUE(front->Start("127.0.0.1", 0).ok());
  RawConnection kept(front->port());
  ASSERT_TRUE(kept.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_NE(kept.ReceiveUntil("ok\n", std::chrono::seconds(10)).find("200 OK"), std::string::npos);
  auto waiting = AskForRewardsWaiting20s(front->port(), Auth(Self(volunteer_id_)));
  ASSERT_TRUE(points.Called(std::chrono::seconds(10)));
  auto stopped = std::async(std::launch::async, [&] { front->Stop(); });
  ASSERT_TRUE(Eventually([&] { return front->stopping(); }));
  // A kept-alive client asking now is told, and its connection closes.
  ASSERT_TRUE(kept.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string refused = kept.ReceiveAll(std::chrono::seconds(10));
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_NE(refused.find("Connection: close"), std::string::npos) << refused;
  EXPECT_NE(refused.find("UNAVAILABLE"), std::string::npos) << refused;
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  points.Thaw();  // the call in flight ends; Stop returns once it is answered
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  int status = waiting.get();
  EXPECT_TRUE(status == 503 || status == 504) << status;  // answered, never just closed
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  front.reset();
}

TEST_F(GatewayTest, HeadIsAnsweredWithTheGetHeaderAndNoBodyOnAKeptAliveConnection) {
  RawConnection connection(front_->port());
  ASSERT_TRUE(connection.Send(
      "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string received = connection.ReceiveUntil("\r\n\r\nok\n", std::chrono::seconds(10));
  auto head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << received;
  std::string head = received.substr(0, head_end);
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << received;
  EXPECT_NE(head.find("Content-Length: 3"), std::string::npos) << received;
  // The GET's answer follows the HEAD's header at once: no body in between.
  std::string rest = received.substr(head_end + 4);
  EXPECT_EQ(rest.rfind("HTTP/1.1 200", 0), 0u) << received;
  EXPECT_TRUE(rest.size() >= 3 && rest.substr(rest.size() - 3) == "ok\n") << received;
}

TEST_F(GatewayTest, MalformedRequestsAre400AndOversizedHeaders431InJson) {
  RawConnection garbage(front_->port());
  ASSERT_TRUE(garbage.Send("NOT HTTP AT ALL\r\n\r\n"));
  std::string refused = garbage.ReceiveAll(std::chrono::seconds(10));
  EXPECT_EQ(refused.rfind("HTTP/1.1 400", 0), 0u) << refused;
  EXPECT_NE(refused.find("INVALID_ARGUMENT"), std::string::npos) << refused;

  RawConnection large(front_->port());
  ASSERT_TRUE(large.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                         "\r\n\r\n"));
  std::string too_large = large.ReceiveAll(std::chrono::seconds(10));
  EXPECT_EQ(too_large.rfind("HTTP/1.1 431", 0), 0u) << too_large.substr(0, 200);
  EXPECT_NE(too_large.find("\"code\""), std::string::npos) << too_large.substr(0, 200);
}

TEST_F(GatewayTest, AHandlerThatThrowsOrDropsItsAnswerIsAnswered500AndTheServerServesOn) {
  HttpServer server(HttpServerOptions{},
                    HttpHandlers{[](HttpRequest request, const std::string&, Respond respond) {
                                   if (request.target() == "/throw") {
                                     throw std::runtime_error("a bug");
                                   }
                                   if (request.target() == "/drop") return;  // never answers
                                   respond(HttpAnswer(200, "ok\n", "text/plain"));
                                 },
                                 [](const HttpRequest&, int status, const absl::Status& why) {
                                   HttpResponse response = HttpError(why);
                                   response.result(static_cast<unsigned>(status));
                                   return response;
                                 }});
  ASSERT_TRUE(server.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", server.port());
  auto thrown = client.Get("/throw");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  auto dropped = client.Get("/drop");
  ASSERT_TRUE(dropped);
  EXPECT_EQ(dropped->status, 500);
  auto fine = client.Get("/fine");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

TEST_F(GatewayTest, ConnectionCloseAndHttp10AreAnsweredAndClosed) {
  for (std::string request : {"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                              "GET /healthz HTTP/1.0\r\n\r\n"}) {
    RawConnection connection(front_->port());
    ASSERT_TRUE(connection.Send(request));
    std::string answer = connection.ReceiveAll(std::chrono::seconds(10));  // ends as it closes
    EXPECT_NE(answer.find(" 200 OK"), std::string::npos) << answer;
    EXPECT_TRUE(answer.size() >= 3 && answer.substr(answer.size() - 3) == "ok\n") << answer;
    EXPECT_TRUE(connection.ClosedWithin(std::chrono::seconds(1)));  // at once: it is closed
  }
}

}  // namespace
}  // namespace tongxin::gateway
