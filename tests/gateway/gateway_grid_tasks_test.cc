// The grid system through the gateway's HTTP face (gateway_test binary): its integration client
// reports a grid task at POST /v1/grid-tasks, and its token opens no other route.
#include <nlohmann/json.hpp>

#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;

TEST_F(GatewayTest, TheGridSystemReportsAGridTaskOnce) {
  auto client = Client();
  json patrol = {{"volunteer_id", volunteer_id_},
                 {"task_type", "GRID_TASK_TYPE_PATROL"},
                 {"reference", "GW-XC-0001"},
                 {"completed_at", "2026-06-15T02:00:00Z"},
                 {"description", "巡查 第一网格"}};
  httplib::Headers headers = Auth(GridSystem({"411502001"}));
  auto first = client.Post("/v1/grid-tasks", headers, patrol.dump(), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  json report = json::parse(first->body);
  EXPECT_EQ(report["volunteer_id"], volunteer_id_);
  EXPECT_EQ(report["task_type"], "GRID_TASK_TYPE_PATROL");
  EXPECT_EQ(report["client"], "grid-system-gw");
  // The same task again (a new request): the first report.
  auto again = client.Post("/v1/grid-tasks", headers, patrol.dump(), "application/json");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(json::parse(again->body)["report_id"], report["report_id"]);
  // Without a reference: 400 naming it.
  patrol.erase("reference");
  auto bad = client.Post("/v1/grid-tasks", headers, patrol.dump(), "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("reference"), std::string::npos) << bad->body;
  // A client of another street does not find the volunteer.
  patrol["reference"] = "GW-XC-0002";
  auto elsewhere = client.Post("/v1/grid-tasks", Auth(GridSystem({"411502002"})), patrol.dump(),
                               "application/json");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 404) << elsewhere->body;
}

TEST_F(GatewayTest, TheIntegrationTokenOpensNoOtherRoute) {
  auto client = Client();
  httplib::Headers headers = Auth(GridSystem({"411502001"}));
  const std::string community = "/v1/regions/411502001001";
  for (const std::string& path :
       {"/v1/volunteers/" + volunteer_id_ + "/dashboard", community + "/overview",
        community + "/volunteers", community + "/admin-queue", community + "/rewards",
        community + "/leaderboard", std::string("/v1/post-types"),
        "/v1/volunteers/" + volunteer_id_ + "/service-records"}) {
    auto answer = client.Get(path, headers);
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(answer->status, 403) << path << ": " << answer->body;
  }
  json reward = {{"reward", {{"region_id", "411502001001"}, {"name", "大米"}, {"price", 5}}}};
  for (const auto& [path, body] : std::vector<std::pair<std::string, json>>{
           {"/v1/rewards", reward},
           {"/v1/volunteers/" + volunteer_id_ + ":approve", json::object()}}) {
    auto answer = client.Post(path, headers, body.dump(), "application/json");
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(answer->status, 403) << path << ": " << answer->body;
  }
}

}  // namespace
}  // namespace tongxin::gateway
