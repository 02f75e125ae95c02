// The console's store and earning-rule routes through the gateway's HTTP face (gateway_test
// binary): an admin creates, restocks and takes off a reward and changes the rules; the points
// service decides who may, and a retried action with its request id acts once. Each test works in
// a community of its own, so what it creates is not in the other tests' lists.
#include <nlohmann/json.hpp>

#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;

struct Answer {
  int status = 0;
  json body;
};

// One request to the gateway's HTTP face, with the caller's token and, for a retry, a request id.
Answer Send(httplib::Client& client, const std::string& verb, const std::string& path,
            const std::string& token, const json& body = json::object(),
            const std::string& request_id = "") {
  httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  if (!request_id.empty()) headers.emplace("X-Request-Id", request_id);
  auto response = verb == "GET" ? client.Get(path, headers)
                                : client.Post(path, headers, body.dump(), "application/json");
  if (!response) return {};
  return {response->status, json::parse(response->body)};
}

bool Lists(const json& list, const std::string& reward_id) {
  for (const auto& reward : list.value("rewards", json::array())) {
    if (reward["reward_id"] == reward_id) return true;
  }
  return false;
}

TEST_F(GatewayTest, TheConsoleCreatesRestocksAndTakesOffARewardOnce) {
  auto client = Client();
  auto Admin = [](const std::string& community) {
    return tokens_->Token(Role::kCommunityAdmin, "admin-" + community, {community});
  };
  const std::string community = "411502001007";
  const std::string admin = Admin(community);
  json reward = {{"reward",
                  {{"region_id", community},
                   {"name", "食用油"},
                   {"price", 30},
                   {"stock", 2},
                   {"per_person_limit", 1},
                   {"limit_period", "LIMIT_PERIOD_MONTH"}}}};
  auto created = Send(client, "POST", "/v1/rewards", admin, reward, "store-create-1");
  ASSERT_EQ(created.status, 200) << created.body;
  std::string reward_id = created.body["reward_id"];
  EXPECT_EQ(created.body["stock"], 2);
  EXPECT_TRUE(created.body["active"]);
  // The same click retried after a lost answer: the same reward, not a second one.
  auto again = Send(client, "POST", "/v1/rewards", admin, reward, "store-create-1");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body["reward_id"], reward_id);
  EXPECT_EQ(Send(client, "POST", "/v1/rewards", Self(volunteer_id_), reward).status, 403);
  EXPECT_EQ(Send(client, "POST", "/v1/rewards", Admin("411502001009"), reward).status, 403);

  std::string restock = "/v1/rewards/" + reward_id + ":restock";
  auto restocked = Send(client, "POST", restock, admin, {{"add_units", 3}}, "store-restock-1");
  ASSERT_EQ(restocked.status, 200) << restocked.body;
  EXPECT_EQ(restocked.body["stock"], 5);
  EXPECT_EQ(
      Send(client, "POST", restock, admin, {{"add_units", 3}}, "store-restock-1").body["stock"], 5);
  auto none = Send(client, "POST", restock, admin, {{"add_units", 0}});
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.body["message"].get<std::string>().rfind("add_units:", 0), 0u) << none.body;
  EXPECT_EQ(Send(client, "POST", restock, Admin("411502001009"), {{"add_units", 1}}).status, 403);

  std::string store = "/v1/regions/" + community + "/rewards";
  EXPECT_TRUE(
      Lists(Send(client, "GET", store + "?active_only=true", Self(volunteer_id_)).body, reward_id));
  auto off =
      Send(client, "POST", "/v1/rewards/" + reward_id + ":set-active", admin, {{"active", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.body.value("active", false));
  EXPECT_FALSE(
      Lists(Send(client, "GET", store + "?active_only=true", Self(volunteer_id_)).body, reward_id));
  EXPECT_TRUE(Lists(Send(client, "GET", store, admin).body, reward_id));  // the admin still sees it
  auto on =
      Send(client, "POST", "/v1/rewards/" + reward_id + ":set-active", admin, {{"active", true}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.body["active"]);
}

TEST_F(GatewayTest, TheConsoleChangesEarningRulesWithinTheDefaultsAndWithAReason) {
  auto client = Client();
  auto Admin = [](const std::string& community) {
    return tokens_->Token(Role::kCommunityAdmin, "admin-" + community, {community});
  };
  const std::string community = "411502001008";
  const std::string admin = Admin(community);
  std::string path = "/v1/regions/" + community + "/earning-rules";
  auto before = Send(client, "GET", path, Self(volunteer_id_));
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.body.value("region_id", ""),
            "");  // the defaults, until the community sets its own
  EXPECT_EQ(before.body["wish_points"], "5");

  json rules = {{"region_id", community},
                {"points_per_hour", 1},
                {"points_per_hour_by_post_type", {{"FREE_CLINIC", 1}}},
                {"wish_points", 4},
                {"activity_cap", 40}};
  auto saved = Send(client, "POST", "/v1/earning-rules", admin,
                    {{"rules", rules}, {"reason", "社区两委会议决定"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto after = Send(client, "GET", path, admin);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.body["region_id"], community);
  EXPECT_EQ(after.body["wish_points"], "4");
  EXPECT_EQ(after.body["activity_cap"], "40");
  EXPECT_EQ(after.body["points_per_hour_by_post_type"]["FREE_CLINIC"], "1");
  EXPECT_EQ(after.body["updated_by"], "admin-" + community);

  // A community goes no further than the defaults, says why, and stays in its own scope.
  json higher = rules;
  higher["wish_points"] = 6;
  auto over =
      Send(client, "POST", "/v1/earning-rules", admin, {{"rules", higher}, {"reason", "提高"}});
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(over.body["message"], "rules.wish_points: at most 5, the defaults'");
  EXPECT_EQ(Send(client, "POST", "/v1/earning-rules", admin, {{"rules", rules}}).status, 400);
  EXPECT_EQ(Send(client, "POST", "/v1/earning-rules", Admin("411502001009"),
                 {{"rules", rules}, {"reason", "越权"}})
                .status,
            403);
  EXPECT_EQ(Send(client, "GET", path, admin).body["wish_points"], "4");

  auto tiers = Send(client, "GET", "/v1/tiers", Self(volunteer_id_));
  ASSERT_EQ(tiers.status, 200) << tiers.body;
  ASSERT_FALSE(tiers.body["tiers"].empty());
  EXPECT_EQ(tiers.body["tiers"][0].value("min_points", "0"), "0");
}

}  // namespace
}  // namespace tongxin::gateway
