// The gateway's HTTP face (gateway_test binary): views that show what they have and name what is
// missing, actions, error mapping, body and query checks, limits, health, metrics, CORS and the
// OpenAPI document against the routes really served.
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <set>

#include "services/gateway/api.h"
#include "services/gateway/openapi.h"
#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

using json = nlohmann::json;

TEST_F(GatewayTest, DashboardComposesWhatIsThereAndNamesWhatIsMissing) {
  auto client = Client();
  auto response =
      client.Get("/v1/volunteers/" + volunteer_id_ + "/dashboard", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  json body = json::parse(response->body);
  EXPECT_EQ(body["profile"]["name"], "李伟");
  EXPECT_EQ(body["profile"]["phone_masked"], "138****8000");
  EXPECT_EQ(body["points"]["balance"], "20");
  EXPECT_EQ(body["recent_transfers"].size(), 1u);
  EXPECT_EQ(body["missing"], json::array({"notifications", "posts", "wishes"}));
  EXPECT_FALSE(response->get_header_value("X-Request-Id").empty());
}

TEST_F(GatewayTest, ReadsPassThroughWithMeAndTheServicesOwnAuthorization) {
  auto client = Client();
  auto me = Auth(Self(volunteer_id_));
  auto rewards = client.Get(std::string("/v1/regions/") + kCommunityA + "/rewards", me);
  ASSERT_TRUE(rewards);
  ASSERT_EQ(rewards->status, 200) << rewards->body;
  EXPECT_EQ(json::parse(rewards->body)["rewards"][0]["name"], "大米");

  auto orders = client.Get("/v1/orders?volunteer_id=me", me);
  ASSERT_TRUE(orders);
  EXPECT_EQ(orders->status, 200) << orders->body;
  auto store = client.Get(std::string("/v1/orders?region_id=") + kCommunityA, me);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->status, 403) << store->body;  // a store's orders are for its admins

  auto board = client.Get(
      std::string("/v1/regions/") + kCommunityA + "/leaderboard?period_kind=PERIOD_KIND_YEAR", me);
  ASSERT_TRUE(board);
  ASSERT_EQ(board->status, 200) << board->body;
  EXPECT_EQ(json::parse(board->body)["region_id"], kCommunityA);

  auto records = client.Get("/v1/volunteers/me/service-records", me);
  ASSERT_TRUE(records);
  EXPECT_EQ(records->status, 200) << records->body;
  auto others = client.Get("/v1/volunteers/" + volunteer_id_ + "/service-records",
                           Auth(Self("someone-else")));
  ASSERT_TRUE(others);
  EXPECT_EQ(others->status, 403);
  auto volunteers =
      client.Get(std::string("/v1/regions/") + kCommunityA + "/volunteers",
                 Auth(tokens_->Token(Role::kCommunityAdmin, "admin-a", {kCommunityA})));
  ASSERT_TRUE(volunteers);
  ASSERT_EQ(volunteers->status, 200) << volunteers->body;
  EXPECT_EQ(json::parse(volunteers->body)["volunteers"][0]["phone_masked"], "138****8000");
  auto list_as_volunteer =
      client.Get(std::string("/v1/regions/") + kCommunityA + "/volunteers", me);
  ASSERT_TRUE(list_as_volunteer);
  EXPECT_EQ(list_as_volunteer->status, 403);
  auto anonymous = client.Get("/v1/volunteers/me/service-records");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(GatewayTest, ARoundIsListedShownAndExportedAsCsvForExcelThroughTheGateway) {
  auto client = Client();
  auto admin = Auth(tokens_->Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}));
  admin.emplace("X-Request-Id", "http-round-1");
  json round = {{"round",
                 {{"title", "年度优秀志愿者"},
                  {"region_id", kCommunityA},
                  {"period_kind", "PERIOD_KIND_YEAR"},
                  {"period", "2026"},  // the fixture's clock: June 2026
                  {"rule", "RULE_KIND_TOP_N"},
                  {"rule_value", "10"}}}};
  auto created = client.Post("/v1/rounds", admin, round.dump(), "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  std::string round_id = json::parse(created->body)["round_id"];
  admin.erase("X-Request-Id");

  auto listed = client.Get(std::string("/v1/regions/") + kCommunityA + "/rounds", admin);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  EXPECT_EQ(json::parse(listed->body)["rounds"][0]["round_id"], round_id);
  auto shown = client.Get("/v1/rounds/" + round_id, admin);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->status, 200) << shown->body;
  EXPECT_EQ(json::parse(shown->body)["candidates"][0]["volunteer_id"], volunteer_id_);

  auto exported = client.Get("/v1/rounds/" + round_id + "/export", admin);
  ASSERT_TRUE(exported);
  ASSERT_EQ(exported->status, 200) << exported->body;
  json csv = json::parse(exported->body);
  EXPECT_FALSE(csv["filename"].get<std::string>().empty());
  EXPECT_EQ(csv["csv"].get<std::string>().substr(0, 4), "77u/");  // base64 of the UTF-8 BOM
  auto other = client.Get("/v1/rounds/" + round_id + "/export",
                          Auth(tokens_->Token(Role::kCommunityAdmin, "admin-b", {"411502001009"})));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
}

TEST_F(GatewayTest, ErrorsMapToHttpWithAJsonBody) {
  auto client = Client();
  auto path = "/v1/volunteers/" + volunteer_id_ + "/dashboard";
  auto anonymous = client.Get(path);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  json error = json::parse(anonymous->body);
  EXPECT_EQ(error["code"], "UNAUTHENTICATED");
  EXPECT_TRUE(error["details"].is_array());
  auto other = client.Get(path, Auth(Self("someone-else")));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  auto missing = client.Get("/v1/volunteers/nobody/dashboard", Auth(System()));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kInvalidArgument), 400);
}

TEST_F(GatewayTest, RedeemRetriedWithTheSameRequestIdChangesOnce) {
  auto client = Client();
  httplib::Headers headers = Auth(Self(volunteer_id_));
  headers.emplace("X-Request-Id", "http-redeem-1");
  std::string body = json{{"volunteer_id", volunteer_id_}, {"quantity", 1}}.dump();
  auto first =
      client.Post("/v1/rewards/" + reward_id_ + ":redeem", headers, body, "application/json");
  auto again =
      client.Post("/v1/rewards/" + reward_id_ + ":redeem", headers, body, "application/json");
  ASSERT_TRUE(first && again);
  ASSERT_EQ(first->status, 200) << first->body;
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(first->body)["order_id"], json::parse(again->body)["order_id"]);
  EXPECT_EQ(first->get_header_value("X-Request-Id"), "http-redeem-1");
  auto dashboard =
      client.Get("/v1/volunteers/" + volunteer_id_ + "/dashboard", Auth(Self(volunteer_id_)));
  EXPECT_EQ(json::parse(dashboard->body)["points"]["balance"], "15");  // 20 - 5, once
}

TEST_F(GatewayTest, BadBodiesAreRefusedNamingTheProblem) {
  auto client = Client();
  auto headers = Auth(Self(volunteer_id_));
  auto path = "/v1/rewards/" + reward_id_ + ":redeem";
  auto malformed = client.Post(path, headers, "{not json", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  auto unknown =
      client.Post(path, headers, R"({"volunteer_id":"x","colour":"red"})", "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(json::parse(unknown->body)["message"].get<std::string>().find("colour"),
            std::string::npos);
  auto oversized = client.Post(path, headers, std::string(8192, ' '), "application/json");
  ASSERT_TRUE(oversized);
  EXPECT_EQ(oversized->status, 413);
  EXPECT_EQ(json::parse(oversized->body)["code"], "OUT_OF_RANGE");
  auto bad_timeout = headers;
  bad_timeout.emplace("X-Timeout-Ms", "-5");
  auto timeout = client.Post(path, bad_timeout, "{}", "application/json");
  ASSERT_TRUE(timeout);
  EXPECT_EQ(timeout->status, 400);
  // A body's request_id must agree with the header's; alone, it is the one used and echoed.
  auto both = headers;
  both.emplace("X-Request-Id", "header-id");
  auto clash =
      client.Post(path, both, R"({"request_id":"body-id","volunteer_id":"x"})", "application/json");
  ASSERT_TRUE(clash);
  EXPECT_EQ(clash->status, 400);
  auto body_only =
      client.Post(path, headers, R"({"request_id":"body-only","quantity":0})", "application/json");
  ASSERT_TRUE(body_only);
  EXPECT_EQ(body_only->get_header_value("X-Request-Id"), "body-only");
}

TEST_F(GatewayTest, BadPathsAndQueriesAreTheCallersMistake) {
  auto client = Client();
  auto headers = Auth(Self(volunteer_id_));
  std::string wall = std::string("/v1/regions/") + kCommunityA + "/wishes";
  for (const std::string& path :
       {std::string("/v1/regions/%FF/wishes"), wall + "?page_token=%C3%28",
        wall + "?page_size=1&page_size=2", wall + "?colour=red", wall + "?page_size=many",
        wall + "?category=SWEETS", wall + "?region_id=411502001002"}) {
    auto response = client.Get(path, headers);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400) << path << " " << response->body;
    EXPECT_EQ(json::parse(response->body)["code"], "INVALID_ARGUMENT") << path;
  }
}

TEST_F(GatewayTest, WithoutTheVolunteerServiceOnlyTheVolunteerSeesTheirDashboard) {
  // The profile call is what turns away callers who may not see it: when it cannot be made, an
  // admin gets 503 rather than the other parts unchecked; the volunteer gets what there is.
  auto dead = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  Views views(Downstreams{dead, dead, dead, points_->server.channel()});
  pb::GetDashboardRequest request;
  request.set_volunteer_id(volunteer_id_);
  auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(5);
  Principal admin{"admin", Role::kCommunityAdmin, {"411502009"}};
  // The test waits for the view's reply; the gateway never does.
  auto dashboard = [&](const Caller& caller) {
    std::promise<absl::StatusOr<pb::Dashboard>> reply;
    views.Dashboard(caller, request, [&reply](absl::StatusOr<pb::Dashboard> view, bool) {
      reply.set_value(std::move(view));
    });
    return reply.get_future().get();
  };
  auto refused = dashboard(Caller{"Bearer " + System(), deadline, admin});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  Principal self{volunteer_id_, Role::kVolunteer, {}};
  auto mine = dashboard(Caller{"Bearer " + Self(volunteer_id_), deadline, self});
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(std::vector<std::string>(mine->missing().begin(), mine->missing().end()),
            (std::vector<std::string>{"notifications", "posts", "volunteer", "wishes"}));
  EXPECT_FALSE(mine->has_profile());
  EXPECT_TRUE(mine->has_points());
}

TEST_F(GatewayTest, AnActionOnAServiceThatIsDownIs503) {
  auto client = Client();
  httplib::Headers headers = Auth(Self(volunteer_id_));
  headers.emplace("X-Timeout-Ms", "2000");
  auto response = client.Post("/v1/wishes/00000000-0000-4000-8000-000000000000:claim", headers,
                              json{{"volunteer_id", volunteer_id_}}.dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(json::parse(response->body)["code"], "UNAVAILABLE");
}

TEST_F(GatewayTest, HealthReadinessMetricsAndCors) {
  auto client = Client();
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);  // posts and wishes are down
  auto dashboard =
      client.Get("/v1/volunteers/" + volunteer_id_ + "/dashboard", Auth(Self(volunteer_id_)));
  ASSERT_TRUE(dashboard);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("tongxin_gateway_requests_total{route=\"GET "
                               "/v1/volunteers/{volunteer_id}/dashboard\",code=\"200\"}"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("tongxin_gateway_request_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics->body.find("tongxin_gateway_view_parts_missing_total{service=\"posts\"}"),
            std::string::npos);
  auto preflight =
      client.Options("/v1/rewards/x:redeem", {{"Origin", "https://app.tongxin.example"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"),
            "https://app.tongxin.example");
  auto foreign = client.Options("/v1/rewards/x:redeem", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->get_header_value("Access-Control-Allow-Origin"), "");
}

TEST_F(GatewayTest, TheOpenApiDocumentIsTheOneTheRoutesMake) {
  ASSERT_TRUE(CheckApi().ok()) << CheckApi();
  std::ifstream in(std::string(TONGXIN_SOURCE_DIR) + "/docs/openapi.json");
  ASSERT_TRUE(in);
  json documented = json::parse(in);
  EXPECT_EQ(documented, json::parse(OpenApiDocument().dump()))
      << "docs/openapi.json is stale: build/bin/tongxin-openapi > docs/openapi.json";
  // Every documented route is really served: with no token it answers 401, not 404 (a public
  // read answers, here 400 for the serial "x").
  auto client = Client();
  size_t routes = 0;
  for (const auto& [path, methods] : documented["paths"].items()) {
    std::string concrete = path;
    for (auto open = concrete.find('{'); open != std::string::npos; open = concrete.find('{')) {
      concrete.replace(open, concrete.find('}', open) - open + 1, "x");
    }
    for (const auto& [verb, operation] : methods.items()) {
      auto response =
          verb == "get" ? client.Get(concrete) : client.Post(concrete, "{}", "application/json");
      ASSERT_TRUE(response);
      if (operation.contains("security") && operation["security"].empty()) {
        EXPECT_EQ(response->status, 400) << verb << " " << path;
      } else {
        EXPECT_EQ(response->status, 401) << verb << " " << path;
      }
      ++routes;
    }
  }
  EXPECT_EQ(routes, ApiRoutes().size());
  EXPECT_EQ(client.Get("/v1/nowhere")->status, 404);
}

TEST_F(GatewayTest, AnOverviewWithServicesDownNamesThem) {
  auto client = Client();
  auto response =
      client.Get(std::string("/v1/regions/") + kCommunityA + "/overview", Auth(System()));
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  json body = json::parse(response->body);
  EXPECT_EQ(body["missing"], json::array({"activities", "posts", "wishes"}));
  EXPECT_EQ(body["volunteers"]["active_volunteers"], 1);
  EXPECT_FALSE(body.contains("posts"));
  EXPECT_FALSE(body.contains("wishes"));
  EXPECT_TRUE(body.contains("points"));
}

TEST_F(GatewayTest, CallersOverTheirRateAre429) {
  // A front of its own with a tiny bucket: three requests, then the fourth is refused.
  HttpOptions options;
  options.rate_limits.people = RateLimit{0.001, 3};
  HttpFront front(*gateway_, *verifier_, options);
  ASSERT_TRUE(front.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", front.port());
  auto path = "/v1/volunteers/" + volunteer_id_ + "/dashboard";
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    auto response = client.Get(path, Auth(Self(volunteer_id_)));
    ASSERT_TRUE(response);
    statuses.push_back(response->status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 429}));
  // Another caller has a bucket of their own.
  auto other = client.Get(path, Auth(System()));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

}  // namespace
}  // namespace tongxin::gateway
