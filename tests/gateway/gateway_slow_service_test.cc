// Slow is not down (gateway_test binary): with the points service frozen, a dashboard waits for
// points' parts no longer than an optional part's budget, far less than the caller's deadline;
// once points' breaker has opened, it does not wait for them at all; once points wakes up, a probe
// finds it answering and its parts come back.
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/gateway/frozen_service.h"
#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The budget of an optional part here; long enough that a view answered well within it cannot
// have waited for it, short beside the callers' 20 s.
constexpr milliseconds kBudget{2000};
// What a loaded 2-core machine may add to a view's own time.
constexpr milliseconds kMargin{3000};

struct Answer {
  int status = 0;
  json body;
  Steady::duration took{};

  bool Misses(const std::string& service) const {
    if (!body.is_object()) return false;
    json missing = body.value("missing", json::array());
    return std::find(missing.begin(), missing.end(), service) != missing.end();
  }
};

TEST_F(GatewayTest, AFrozenServiceCostsAViewItsPartBudgetThenNothingAndComesBackWhenAwake) {
  FrozenService points;
  FakeClock breaker_clock(kStart);  // the breakers' time: a probe is due when the test says
  CircuitBreakerOptions breaker{3, milliseconds(1000), milliseconds(1000)};
  Gateway gateway(points.AsPointsBeside(volunteer_->server.channel()),
                  DownstreamGuardOptions{kBudget, breaker, &breaker_clock});
  HttpOptions options;
  options.default_timeout = std::chrono::seconds(20);
  HttpFront front(gateway, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", front.port());
  client.set_read_timeout(30, 0);
  httplib::Headers headers = Auth(Self(volunteer_id_));
  headers.emplace("X-Timeout-Ms", "20000");  // the caller would wait 20 s
  auto dashboard = [&] {
    Answer answer;
    auto asked = Steady::now();
    auto response = client.Get("/v1/volunteers/" + volunteer_id_ + "/dashboard", headers);
    answer.took = Steady::now() - asked;
    if (response) {
      answer.status = response->status;
      answer.body = json::parse(response->body, nullptr, false);
    }
    return answer;
  };
  auto metrics = [&] {
    auto response = client.Get("/metrics");
    return response ? response->body : "";
  };

  // Points' three parts (balance, transfers, commendations) wait their budget, then the view
  // answers with what the volunteer service gave and points named missing.
  Answer waited = dashboard();
  ASSERT_EQ(waited.status, 200) << waited.body;
  EXPECT_LT(waited.took, kBudget + kMargin);
  EXPECT_TRUE(waited.body.contains("profile")) << waited.body;
  EXPECT_FALSE(waited.body.contains("points")) << waited.body;
  EXPECT_TRUE(waited.Misses("points")) << waited.body;

  // Three failures in a row: points' breaker is open, and the next dashboard does not ask it.
  EXPECT_EQ(gateway.guard().state("points"), CircuitState::kOpen);
  Answer at_once = dashboard();
  ASSERT_EQ(at_once.status, 200) << at_once.body;
  // Not points' budget again: points is not asked (the refusals below). The services that are
  // down (posts, wishes, notifications on 127.0.0.1:1) may spend their own part budget where a
  // connection to a closed port is not refused at once, so the bound is the budget, not zero.
  EXPECT_LT(at_once.took, kBudget + kMargin) << at_once.body;
  EXPECT_TRUE(at_once.Misses("points")) << at_once.body;
  std::string open = metrics();
  EXPECT_NE(open.find("tongxin_gateway_circuit_state{service=\"points\",state=\"open\"} 1"),
            std::string::npos)
      << open;
  EXPECT_NE(open.find("tongxin_gateway_circuit_refused_total{service=\"points\"} 3"),
            std::string::npos)
      << open;
  EXPECT_NE(open.find("tongxin_gateway_part_budget_exceeded_total{service=\"points\"} 3"),
            std::string::npos)
      << open;

  // Points wakes up. Each dashboard after the probe's wait sends one call as a probe; once one
  // has answered, the breaker closes and the whole dashboard is there again.
  points.WakeAs(points_->server.target());
  Answer whole;
  for (auto until = Steady::now() + std::chrono::seconds(30);
       Steady::now() < until && (whole.status != 200 || whole.Misses("points"));) {
    breaker_clock.Advance(milliseconds(1000));
    whole = dashboard();
  }
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_FALSE(whole.Misses("points")) << whole.body;
  EXPECT_TRUE(whole.body.contains("points")) << whole.body;
  EXPECT_EQ(gateway.guard().state("points"), CircuitState::kClosed);
  std::string closed = metrics();
  EXPECT_NE(closed.find("tongxin_gateway_circuit_state{service=\"points\",state=\"closed\"} 1"),
            std::string::npos)
      << closed;
  EXPECT_NE(
      closed.find("tongxin_gateway_circuit_transitions_total{service=\"points\",to=\"closed\"} 1"),
      std::string::npos)
      << closed;
}

TEST_F(GatewayTest, ARequiredPartWaitsForTheCallersDeadlineNotTheBudget) {
  // The dashboard's profile decides who may see it: it is not an optional part. With the
  // volunteer service frozen, an admin's dashboard waits for it (the caller's 3 s here, the
  // budget being 0.5 s) and is then refused, never shown without it.
  FrozenService volunteer;
  auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  Gateway gateway(
      Downstreams{grpc::CreateChannel(volunteer.target(), grpc::InsecureChannelCredentials()), dead,
                  dead, points_->server.channel()},
      DownstreamGuardOptions{milliseconds(500)});
  HttpFront front(gateway, *verifier_, HttpOptions{});
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", front.port());
  client.set_read_timeout(30, 0);
  httplib::Headers headers = Auth(System());
  headers.emplace("X-Timeout-Ms", "3000");
  auto asked = Steady::now();
  auto response = client.Get("/v1/volunteers/" + volunteer_id_ + "/dashboard", headers);
  auto took = Steady::now() - asked;
  ASSERT_TRUE(response);
  EXPECT_TRUE(response->status == 503 || response->status == 504) << response->body;
  EXPECT_GE(took, milliseconds(2900));  // it did wait for the caller's deadline
}

}  // namespace
}  // namespace tongxin::gateway
