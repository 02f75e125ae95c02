// Hostile clients against the real HTTP front (gateway_hostile_test binary): slowloris (many
// connections trickling a header a byte at a time; a body sent a byte at a time) is cut after a
// bounded time while another caller is answered at once, and a flood from one caller is answered
// 429 with Retry-After, never a 5xx, while another caller goes on being served.
#include <atomic>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "tests/gateway/hostile_fixture.h"

namespace tongxin::gateway::hostile {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;

// A slow client's connection and when it was cut, measured from its connect.
struct Trickler {
  explicit Trickler(int port) : connection(port), started(SteadyClock::now()) {}
  RawConnection connection;
  SteadyClock::time_point started;
  std::optional<SteadyClock::duration> cut_after;
};

// Sends each of `slow` the next byte of `bytes` every `pace` (the attack's own rhythm), until
// every connection is cut or `wait` runs out; records when each was cut.
void TrickleUntilCut(std::vector<std::unique_ptr<Trickler>>& slow, const std::string& bytes,
                     milliseconds pace, milliseconds wait) {
  auto until = SteadyClock::now() + wait;
  size_t next = 0;
  size_t cut = 0;
  while (cut < slow.size() && SteadyClock::now() < until) {
    for (auto& client : slow) {
      if (client->cut_after) continue;
      // A send fails once the server has closed (reset); a read sees the end of the stream.
      bool closed = false;
      client->connection.ReceiveAll(milliseconds(0), &closed);
      if (closed || !client->connection.Send(bytes.substr(next % bytes.size(), 1))) {
        client->cut_after = SteadyClock::now() - client->started;
        ++cut;
      }
    }
    ++next;
    std::this_thread::sleep_for(pace);  // the slow clients' pace, not a wait for the server
  }
}

// A request on a connection of its own, and how long its answer took.
std::pair<Reply, SteadyClock::duration> Timed(int port, const std::string& request) {
  auto asked = SteadyClock::now();
  Reply reply = Exchange(port, request, std::chrono::seconds(10));
  return {reply, SteadyClock::now() - asked};
}

TEST_F(HostileTest, SlowlorisConnectionsAreCutInBoundedTimeAndDelayNobody) {
  HttpOptions options;
  options.request_timeout = milliseconds(2500);
  options.default_timeout = std::chrono::seconds(20);
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  std::vector<std::unique_ptr<Trickler>> slow;
  for (int i = 0; i < 150; ++i) {
    slow.push_back(std::make_unique<Trickler>(front.port()));
    ASSERT_TRUE(slow.back()->connection.connected());
  }
  // Slow bodies too: a whole header, then a byte of the body now and then.
  for (int i = 0; i < 50; ++i) {
    slow.push_back(std::make_unique<Trickler>(front.port()));
    ASSERT_TRUE(slow.back()->connection.Send(
        "POST /v1/wishes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Admin() +
        "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"));
  }
  ASSERT_TRUE(Eventually([&] { return front.open_connections() == 200; }));
  // A header that never ends: one byte at a time, every 20 ms.
  std::string header = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  header += std::string(4000, 'a');
  auto attack = std::async(std::launch::async, [&] {
    TrickleUntilCut(slow, header, milliseconds(20), std::chrono::seconds(30));
  });
  // Another caller meanwhile: answered at once, by the services behind the gateway too, while
  // every slow connection is still open (none is cut before request_timeout).
  auto [health, health_took] = Timed(front.port(), Request("GET", "/healthz", ""));
  auto [posts, posts_took] =
      Timed(front.port(),
            Request("GET", std::string("/v1/regions/") + kCommunity + "/posts", Self(volunteer_)));
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(posts.status, 200) << posts.body;
  EXPECT_LT(health_took, milliseconds(1000));
  EXPECT_LT(posts_took, milliseconds(2000));
  ASSERT_EQ(attack.wait_for(std::chrono::seconds(40)), std::future_status::ready);
  // Each is cut: a new connection gets request_timeout for its first byte, and the request from
  // its first byte on another request_timeout (1.5 s of slack for a loaded machine).
  int cut = 0;
  for (auto& client : slow) {
    if (!client->cut_after) continue;
    ++cut;
    EXPECT_LT(*client->cut_after, milliseconds(2 * 2500 + 1500));
  }
  EXPECT_EQ(cut, 200);
  EXPECT_TRUE(Eventually([&] { return front.open_connections() == 0; }));
  auto [after, after_took] = Timed(front.port(), Request("GET", "/healthz", ""));
  EXPECT_EQ(after.status, 200);
}

TEST_F(HostileTest, AFloodIsAnswered429WithRetryAfterWhileAnotherCallerIsServed) {
  HttpOptions options;
  options.rate_limits.people = RateLimit{5, 10};
  options.default_timeout = std::chrono::seconds(20);
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  const std::string path = "/v1/post-types";
  const std::string flooder = Token(Role::kVolunteer, "flooder");
  std::atomic<bool> victim_done{false};
  std::atomic<int> limited{0};
  // Four connections of the flooder's and one anonymous flood (counted by address), each asking
  // again at once, until the other caller has been served.
  auto flood = [&](std::string token) {
    return std::async(std::launch::async, [&, token] {
      std::vector<Reply> replies;
      for (int i = 0; i < 3000 && !victim_done; ++i) {
        replies.push_back(Exchange(front.port(), Request("GET", path, token)));
        if (replies.back().status == 429) ++limited;
      }
      return replies;
    });
  };
  std::vector<std::future<std::vector<Reply>>> floods;
  for (int i = 0; i < 4; ++i) floods.push_back(flood(flooder));
  floods.push_back(flood(""));
  ASSERT_TRUE(Eventually([&] { return limited.load() >= 20; }, std::chrono::seconds(30)));
  // While the flood goes on, the other caller asks within their own budget.
  std::vector<int> served;
  for (int i = 0; i < 8; ++i) {
    auto [reply, took] =
        Timed(front.port(), Request("GET", path, Token(Role::kVolunteer, "neighbour")));
    served.push_back(reply.status);
    EXPECT_LT(took, milliseconds(2000));
  }
  victim_done = true;
  EXPECT_EQ(served, std::vector<int>(8, 200));
  int answered = 0, refused = 0;
  std::string wrong;
  for (auto& each : floods) {
    for (const Reply& reply : each.get()) {
      ++answered;
      if (reply.status == 200 || reply.status == 401) continue;
      if (reply.status != 429) {
        wrong += std::to_string(reply.status) + " " + reply.body + "\n";
        continue;
      }
      ++refused;
      int retry_after = 0;
      if (!absl::SimpleAtoi(reply.Header("retry-after"), &retry_after) || retry_after < 1) {
        wrong += "429 without Retry-After\n";
      }
      json error = json::parse(reply.body, nullptr, false);
      if (!error.is_object() || error["code"] != "RESOURCE_EXHAUSTED") {
        wrong += "429 without the JSON error: " + reply.body + "\n";
      }
    }
  }
  EXPECT_EQ(wrong.substr(0, 2000), "");
  EXPECT_GE(refused, 20);
  EXPECT_GT(answered, refused);
  auto [after, after_took] = Timed(front.port(), Request("GET", "/healthz", ""));
  EXPECT_EQ(after.status, 200);
}

}  // namespace
}  // namespace tongxin::gateway::hostile
