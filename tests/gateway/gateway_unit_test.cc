// The gateway's pure rules, without PostgreSQL or a server (gateway_unit_test binary): the route
// table and its path templates, "me", request ids, google.rpc → HTTP, and a request bound from
// an HTTP path, query and body.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "services/gateway/api.h"
#include "services/gateway/caller.h"
#include "services/gateway/http_mapping.h"
#include "services/gateway/openapi.h"
#include "services/gateway/request_id.h"
#include "tongxin/gateway/v1/gateway.pb.h"
#include "tongxin/points/v1/points.pb.h"
#include "tongxin/posts/v1/posts.pb.h"
#include "tongxin/wishes/v1/wishes.pb.h"

namespace tongxin::gateway {
namespace {

namespace pb = ::tongxin::gateway::v1;

const Route& RouteNamed(const std::string& method) {
  for (const Route& route : ApiRoutes()) {
    if (route.method->name() == method) return route;
  }
  ADD_FAILURE() << "no route " << method;
  return ApiRoutes().front();
}

// ---- the route table ----

TEST(RouteTable, EveryMethodHasItsRouteAndGrpcNameInProtoOrder) {
  ASSERT_TRUE(CheckApi().ok()) << CheckApi();
  const auto* service =
      pb::GetDashboardRequest::descriptor()->file()->FindServiceByName("GatewayService");
  ASSERT_EQ(ApiRoutes().size(), static_cast<size_t>(service->method_count()));
  std::vector<std::string> views;
  std::vector<std::string> reads;
  for (int i = 0; i < service->method_count(); ++i) {
    const Route& route = ApiRoutes()[i];
    EXPECT_EQ(route.method, service->method(i));
    EXPECT_EQ(route.grpc_method,
              "/tongxin.gateway.v1.GatewayService/" + service->method(i)->name());
    if (route.forward == nullptr) {
      views.push_back(route.method->name());
      EXPECT_EQ(route.verb, "GET") << route.Name();
    } else {
      EXPECT_EQ(route.forward->input_type(), route.method->input_type()) << route.Name();
      // A request with a request_id changes something: a POST. The others are reads: a GET.
      bool action = route.method->input_type()->FindFieldByName("request_id") != nullptr;
      EXPECT_EQ(route.verb, action ? "POST" : "GET") << route.Name();
      if (!action) reads.push_back(route.method->name());
    }
  }
  EXPECT_EQ(views, (std::vector<std::string>{"GetDashboard", "GetWishWall", "GetPostList",
                                             "GetRegionOverview", "GetAdminQueue",
                                             "GetActivityList", "GetActivityCard"}));
  EXPECT_EQ(reads, (std::vector<std::string>{"ListRewards",
                                             "ListOrders",
                                             "GetLeaderboard",
                                             "ListServiceRecords",
                                             "ListCertificates",
                                             "GetCertificate",
                                             "GetCertificatePdf",
                                             "VerifyCertificate",
                                             "ListVolunteers",
                                             "ExportServiceRecords",
                                             "ListServiceRecordExports",
                                             "ListRounds",
                                             "GetRound",
                                             "ExportRound",
                                             "ListPostTypes",
                                             "ListAdoptions",
                                             "GetEarningRules",
                                             "GetTiers",
                                             "ListParticipations",
                                             "GetVolunteerCredit",
                                             "GetCheckinCode",
                                             "ListRoster",
                                             "ListMessages",
                                             "GetInboxSummary",
                                             "ListEvents",
                                             "ListWebhooks",
                                             "ListWebhookDeadLetters",
                                             "ListBroadcasts",
                                             "GetBroadcast",
                                             "ListCallOutAnswers"}));
}

TEST(RouteTable, OnlyTheCertificateCheckIsAPublicRead) {
  std::vector<std::string> public_reads;
  for (const Route& route : ApiRoutes()) {
    if (route.public_read) public_reads.push_back(route.Name());
  }
  EXPECT_EQ(public_reads, std::vector<std::string>{"GET /v1/verify/{serial}"});
}

TEST(RouteTable, PathTemplatesNameTheirFieldsAndMatchOneSegmentEach) {
  const Route& claim = RouteNamed("ClaimWish");
  EXPECT_EQ(claim.Name(), "POST /v1/wishes/{wish_id}:claim");
  EXPECT_EQ(claim.path_fields, std::vector<std::string>{"wish_id"});
  EXPECT_EQ(claim.forward->full_name(), "tongxin.wishes.v1.WishesService.ClaimWish");
  std::regex pattern(claim.Pattern());
  std::smatch match;
  std::string path = "/v1/wishes/w-1:claim";
  ASSERT_TRUE(std::regex_match(path, match, pattern));
  EXPECT_EQ(match[1], "w-1");
  for (std::string other : {"/v1/wishes/a/b:claim", "/v1/wishes/:claim", "/v1/wishes/w-1:review",
                            "/v1/wishes/w-1", "/v1/wishes/w-1:claimed"}) {
    EXPECT_FALSE(std::regex_match(other, pattern)) << other;
  }
  const Route& dashboard = RouteNamed("GetDashboard");
  EXPECT_EQ(dashboard.path_fields, std::vector<std::string>{"volunteer_id"});
  EXPECT_TRUE(std::regex_match("/v1/volunteers/me/dashboard", std::regex(dashboard.Pattern())));
  EXPECT_FALSE(std::regex_match("/v1/volunteersXme/dashboard", std::regex(dashboard.Pattern())));
}

// ---- "me" ----

TEST(ResolveMe, MeIsTheCallingVolunteerInVolunteerAndAdopterFields) {
  Principal volunteer{"v-1", Role::kVolunteer, {}};
  points::v1::RedeemRequest redeem;
  redeem.set_volunteer_id("me");
  ASSERT_TRUE(ResolveMe(volunteer, redeem).ok());
  EXPECT_EQ(redeem.volunteer_id(), "v-1");
  posts::v1::AdoptPostRequest adopt;
  adopt.set_adopter_id("me");
  ASSERT_TRUE(ResolveMe(volunteer, adopt).ok());
  EXPECT_EQ(adopt.adopter_id(), "v-1");
  redeem.set_volunteer_id("v-2");  // someone named is left as named
  ASSERT_TRUE(ResolveMe(volunteer, redeem).ok());
  EXPECT_EQ(redeem.volunteer_id(), "v-2");
  pb::GetWishWallRequest wall;  // no such fields
  wall.set_region_id("me");
  ASSERT_TRUE(ResolveMe(volunteer, wall).ok());
  EXPECT_EQ(wall.region_id(), "me");
}

TEST(ResolveMe, MeIsForVolunteersOnly) {
  for (Role role : {Role::kCommunityAdmin, Role::kStreetAdmin, Role::kSystem}) {
    pb::GetDashboardRequest request;
    request.set_volunteer_id("me");
    absl::Status status = ResolveMe(Principal{"admin", role, {"411502001"}}, request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("volunteer_id"), std::string_view::npos);
    EXPECT_EQ(request.volunteer_id(), "me");
  }
}

// ---- request ids ----

TEST(RequestIds, AGivenHeaderIsCheckedAndKept) {
  absl::Status status;
  RequestId given = RequestId::FromHeader("retry-1", status);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(given.value, "retry-1");
  EXPECT_TRUE(given.from_header);

  RequestId made = RequestId::FromHeader("", status);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(made.value.size(), 36u);  // a UUID, returned to the client
  EXPECT_FALSE(made.from_header);
  EXPECT_NE(RequestId::FromHeader("", status).value, made.value);

  RequestId refused = RequestId::FromHeader(std::string(129, 'a'), status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.value.size(), 36u);

  // A call already refused (rate, token) echoes a new id and keeps its first error.
  absl::Status earlier = absl::UnauthenticatedError("no token");
  RequestId after = RequestId::FromHeader("retry-2", earlier);
  EXPECT_EQ(earlier.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(after.value, "retry-2");
}

TEST(RequestIds, TheBodysIdIsUsedAloneAndMustAgreeWithTheHeader) {
  absl::Status status;
  RequestId none = RequestId::FromHeader("", status);
  points::v1::RedeemRequest request;
  request.set_request_id("from-body");
  ASSERT_TRUE(ApplyRequestId(none, request).ok());
  EXPECT_EQ(none.value, "from-body");
  EXPECT_EQ(request.request_id(), "from-body");

  RequestId header = RequestId::FromHeader("from-header", status);
  points::v1::RedeemRequest plain;
  ASSERT_TRUE(ApplyRequestId(header, plain).ok());
  EXPECT_EQ(plain.request_id(), "from-header");  // written in for the service
  EXPECT_EQ(ApplyRequestId(header, request).code(), absl::StatusCode::kInvalidArgument);
  request.set_request_id("from-header");
  EXPECT_TRUE(ApplyRequestId(header, request).ok());

  RequestId fresh = RequestId::FromHeader("", status);
  request.set_request_id("has space");
  EXPECT_EQ(ApplyRequestId(fresh, request).code(), absl::StatusCode::kInvalidArgument);
  pb::GetDashboardRequest view;  // a view carries none
  EXPECT_TRUE(ApplyRequestId(fresh, view).ok());
}

// ---- google.rpc → HTTP ----

TEST(HttpMapping, EveryCodeHasItsHttpStatus) {
  using C = absl::StatusCode;
  const std::vector<std::pair<C, int>> table = {{C::kOk, 200},
                                                {C::kCancelled, 499},
                                                {C::kUnknown, 500},
                                                {C::kInvalidArgument, 400},
                                                {C::kDeadlineExceeded, 504},
                                                {C::kNotFound, 404},
                                                {C::kAlreadyExists, 409},
                                                {C::kPermissionDenied, 403},
                                                {C::kResourceExhausted, 429},
                                                {C::kFailedPrecondition, 409},
                                                {C::kAborted, 409},
                                                {C::kOutOfRange, 400},
                                                {C::kUnimplemented, 501},
                                                {C::kInternal, 500},
                                                {C::kUnavailable, 503},
                                                {C::kDataLoss, 500},
                                                {C::kUnauthenticated, 401}};
  for (const auto& [code, http] : table) {
    EXPECT_EQ(HttpStatus(code), http) << absl::StatusCodeToString(code);
  }
  auto body = nlohmann::json::parse(ErrorJson(absl::NotFoundError("wish: no such wish")));
  EXPECT_EQ(body["code"], "NOT_FOUND");
  EXPECT_EQ(body["message"], "wish: no such wish");
  EXPECT_EQ(body["details"], nlohmann::json::array());
}

// Found by tests/fuzz/gateway_http_fuzz (corpus entry post_body_not_utf8): protobuf's JSON
// parser quotes a bad string in its message, a refused query parameter is named, and the strict
// JSON dump of such an error threw (the caller's mistake answered as 500).
TEST(HttpMapping, AnErrorQuotingBytesThatAreNotUtf8IsStillJson) {
  wishes::v1::SubmitWishRequest submit;
  absl::Status status = BindRequest(
      RouteNamed("SubmitWish"), HttpInput{"{\"request_id\": \"f0\xD9\xCD\x9D\"}", {}, {}}, submit);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(nlohmann::json::accept(ErrorJson(status))) << status;

  pb::GetWishWallRequest wall;
  status =
      BindRequest(RouteNamed("GetWishWall"), HttpInput{"", {{"\xFF\xFE", "1"}}, {"411502"}}, wall);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  auto body = nlohmann::json::parse(ErrorJson(status));
  EXPECT_EQ(body["message"], "\uFFFD\uFFFD: no such query parameter");
}

TEST(HttpMapping, Utf8IsCheckedByteByByte) {
  EXPECT_TRUE(ValidUtf8(""));
  EXPECT_TRUE(ValidUtf8("ascii"));
  EXPECT_TRUE(ValidUtf8("河南路社区"));
  EXPECT_TRUE(ValidUtf8("\xF0\x9F\x98\x80"));  // four bytes
  EXPECT_FALSE(ValidUtf8("\xFF"));
  EXPECT_FALSE(ValidUtf8("\xC3\x28"));  // a continuation byte that is not one
  EXPECT_FALSE(ValidUtf8("\xE6\xB2"));  // cut short
  // Found by tests/fuzz/gateway_http_fuzz (corpus entry get_path_overlong_utf8): forms protobuf
  // refuses, so that the service failed the whole call, were let through.
  EXPECT_FALSE(ValidUtf8("\xC1\x85"));          // overlong 'E'
  EXPECT_FALSE(ValidUtf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(ValidUtf8("\xF0\x80\x80\xAF"));  // overlong '/'
  EXPECT_FALSE(ValidUtf8("\xED\xA0\x80"));      // a surrogate, U+D800
  EXPECT_FALSE(ValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(ValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_TRUE(ValidUtf8("\xC2\x80"));  // the lowest of each length
  EXPECT_TRUE(ValidUtf8("\xE0\xA0\x80"));
  EXPECT_TRUE(ValidUtf8("\xF0\x90\x80\x80"));
  EXPECT_TRUE(ValidUtf8("\xED\x9F\xBF"));      // below the surrogates
  EXPECT_TRUE(ValidUtf8("\xEE\x80\x80"));      // above them
  EXPECT_TRUE(ValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_FALSE(ValidUtf8("\xC0\xAF"));         // an overlong '/' in two bytes
  EXPECT_TRUE(ValidUtf8("\xEF\xBF\xBD"));      // U+FFFD
}

// ---- binding a request ----

TEST(HttpBinding, AGetTakesItsPathAndTypedQueryParameters) {
  const Route& wall = RouteNamed("GetWishWall");
  pb::GetWishWallRequest request;
  HttpInput input{"", {{"category", "CATEGORY_STUDY_SUPPLIES"}, {"page_size", "5"}}, {"411502"}};
  ASSERT_TRUE(BindRequest(wall, input, request).ok());
  EXPECT_EQ(request.region_id(), "411502");
  EXPECT_EQ(request.category(), wishes::v1::CATEGORY_STUDY_SUPPLIES);
  EXPECT_EQ(request.page_size(), 5);

  auto refused = [&](std::multimap<std::string, std::string> query, std::string path,
                     const std::string& naming) {
    pb::GetWishWallRequest fresh;
    absl::Status status = BindRequest(wall, HttpInput{"", std::move(query), {path}}, fresh);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << naming;
    EXPECT_NE(status.message().find(naming), std::string_view::npos) << status;
  };
  refused({{"colour", "red"}}, "411502", "colour");
  refused({{"region_id", "411503"}}, "411502", "region_id");  // in the path, not the query
  refused({{"page_size", "1"}, {"page_size", "2"}}, "411502", "more than once");
  refused({{"page_size", "many"}}, "411502", "whole number");
  refused({{"category", "SWEETS"}}, "411502", "its names");
  refused({{"page_token", "\xC3\x28"}}, "411502", "UTF-8");
  refused({}, "\xFF", "region_id: not UTF-8");
}

TEST(HttpBinding, APostTakesItsJsonBodyAndThePathMustAgree) {
  const Route& claim = RouteNamed("ClaimWish");
  wishes::v1::ClaimWishRequest request;
  HttpInput input{R"({"volunteer_id":"me","unit_name":"红星物业"})", {}, {"w-1"}};
  ASSERT_TRUE(BindRequest(claim, input, request).ok());
  EXPECT_EQ(request.wish_id(), "w-1");
  EXPECT_EQ(request.volunteer_id(), "me");
  EXPECT_EQ(request.unit_name(), "红星物业");

  wishes::v1::ClaimWishRequest empty;
  ASSERT_TRUE(BindRequest(claim, HttpInput{"", {}, {"w-1"}}, empty).ok());  // no body: {}
  EXPECT_EQ(empty.wish_id(), "w-1");

  wishes::v1::ClaimWishRequest same;
  EXPECT_TRUE(BindRequest(claim, HttpInput{R"({"wish_id":"w-1"})", {}, {"w-1"}}, same).ok());
  wishes::v1::ClaimWishRequest other;
  EXPECT_EQ(BindRequest(claim, HttpInput{R"({"wish_id":"w-2"})", {}, {"w-1"}}, other).code(),
            absl::StatusCode::kInvalidArgument);
  wishes::v1::ClaimWishRequest unknown;
  absl::Status status = BindRequest(claim, HttpInput{R"({"colour":"red"})", {}, {"w-1"}}, unknown);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("colour"), std::string_view::npos) << status;
  wishes::v1::ClaimWishRequest malformed;
  EXPECT_EQ(BindRequest(claim, HttpInput{"{not json", {}, {"w-1"}}, malformed).code(),
            absl::StatusCode::kInvalidArgument);
}

// What protobuf's parser takes or refuses without a name is refused naming the field.
TEST(HttpBinding, ABodyIsStrictJsonAndItsRefusalsNameTheField) {
  const Route& claim = RouteNamed("ClaimWish");
  auto refusal = [&claim](const std::string& body) {
    wishes::v1::ClaimWishRequest request;
    absl::Status status = BindRequest(claim, HttpInput{body, {}, {"w-1"}}, request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << body;
    return std::string(status.message());
  };
  EXPECT_EQ(refusal(R"({"unit_name":"a","unit_name":"b"})"), "unit_name: given more than once");
  EXPECT_EQ(refusal("{\"unit_name\":\"\xC0\xAF\"}"), "unit_name: not UTF-8");
  EXPECT_EQ(refusal(R"({"unit_name":"\ud800"})"), "unit_name: not UTF-8");
  EXPECT_EQ(refusal(R"({"unit_name":"a\u0000b"})"),
            "unit_name: the NUL character (\\u0000) is not allowed");
  EXPECT_EQ(refusal(R"({"volunteer_id":1e400})"), "volunteer_id: a number out of range");
  EXPECT_EQ(refusal(std::string(100, '[')), "body: nested deeper than 64 levels");
  EXPECT_EQ(refusal(R"({"unit_name":"a",})").rfind("body: not JSON: ", 0), 0u);

  const Route& wall = RouteNamed("GetWishWall");
  pb::GetWishWallRequest request;
  absl::Status nul = BindRequest(
      wall, HttpInput{"", {{"page_token", std::string("a\0b", 3)}}, {"411502"}}, request);
  EXPECT_EQ(nul.message(), "page_token: the NUL character is not allowed");
  absl::Status overlong = BindRequest(wall, HttpInput{"", {}, {"\xC0\xAF"}}, request);
  EXPECT_EQ(overlong.message(), "region_id: not UTF-8");
}

TEST(HttpMapping, AnswersUseTheProtoFieldNames) {
  wishes::v1::ClaimWishRequest request;
  request.set_wish_id("w-1");
  request.set_unit_name("红星物业");
  EXPECT_EQ(nlohmann::json::parse(ToJson(request)),
            nlohmann::json({{"wish_id", "w-1"}, {"unit_name", "红星物业"}}));
}

// The document says what the answers hold: a map (the earning rules' rates by post type) is a
// JSON object keyed by the map's keys, as the protobuf JSON mapping writes it.
TEST(OpenApi, AMapIsAnObjectOfItsValues) {
  auto schemas = OpenApiDocument()["components"]["schemas"];
  EXPECT_EQ(
      nlohmann::json::parse(
          schemas["tongxin.points.v1.EarningRules"]["properties"]["points_per_hour_by_post_type"]
              .dump()),
      nlohmann::json({{"type", "object"},
                      {"additionalProperties", {{"type", "string"}, {"format", "int64"}}}}));
  EXPECT_FALSE(schemas.contains("tongxin.points.v1.EarningRules.PointsPerHourByPostTypeEntry"));
}

}  // namespace
}  // namespace tongxin::gateway
