// Hostile requests through the real HTTP front (gateway_hostile_test binary): every route of the
// route table, so that a new route is swept as soon as it exists, is sent bodies and queries no
// honest client sends — oversized, nested thousands deep, not JSON, the wrong type for each field,
// invalid UTF-8, NUL, numbers beyond every range, unknown and duplicate keys, the wrong
// Content-Type — and must refuse each with a 4xx whose JSON error names the problem: never a 5xx,
// never a crash, and the gateway answers afterwards. Free text that looks like SQL or a script is
// stored and given back byte for byte, as harmless JSON.
#include <google/protobuf/descriptor.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "tests/gateway/hostile_fixture.h"

namespace tongxin::gateway::hostile {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::json;

// What is wrong with an answer to hostile input, or "" when it is the refusal a caller deserves:
// a 4xx in JSON, not to be sniffed as anything else, whose message names `names` when given.
std::string Wrong(const Reply& reply, std::string_view names = "") {
  if (reply.status == 0) return "no answer";
  std::string wrong;
  if (reply.status < 400 || reply.status > 499) wrong += "not a 4xx; ";
  if (reply.Header("content-type") != "application/json") wrong += "not application/json; ";
  if (reply.Header("x-content-type-options") != "nosniff") wrong += "no nosniff; ";
  json body = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body["code"].is_string() || !body["message"].is_string() ||
      body["message"].get<std::string>().empty()) {
    return wrong + "not the JSON error";
  }
  if (body["code"] == "INTERNAL" || body["code"] == "UNKNOWN") wrong += "an internal error; ";
  if (!names.empty() && body["message"].get<std::string>().find(names) == std::string::npos) {
    wrong += "the message does not name " + std::string(names);
  }
  return wrong;
}

// Collects every wrong answer of a sweep, so that one run lists them all.
class Sweep {
 public:
  void Check(const std::string& what, const Reply& reply, std::string_view names = "") {
    ++checked_;
    std::string wrong = Wrong(reply, names);
    if (wrong.empty()) return;
    failures_ += what + ": " + wrong + " (" + std::to_string(reply.status) + " " +
                 reply.body.substr(0, 300) + ")\n";
  }
  int checked() const { return checked_; }
  const std::string& failures() const { return failures_; }

 private:
  int checked_ = 0;
  std::string failures_;
};

bool WellKnown(const Descriptor& message) {
  return message.full_name().rfind("google.protobuf.", 0) == 0;
}

// The activities service knows a volunteer once they have signed up: asked for the activities or
// the credit record of a volunteer id it has never seen (hostile text included), it answers an
// empty record, with nothing found by the text, rather than an error.
bool EmptyRecordOfAnUnknownVolunteer(const Route& route, const Reply& reply) {
  const std::string& method = route.method->name();
  return (method == "ListParticipations" || method == "GetVolunteerCredit") &&
         reply.status == 200 && reply.body.find("participations") == std::string::npos &&
         reply.body.find("attendances") == std::string::npos &&
         reply.body.find("hours") == std::string::npos;
}

// JSON values of the wrong type, or out of every range, for a field.
std::vector<std::string> WrongValues(const FieldDescriptor& field) {
  // Protobuf takes a single value for a list (["text"]): lenient, and harmless.
  if (field.is_map()) return {"\"text\"", "12"};
  if (field.is_repeated()) return {"{\"a\":1}"};
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return {"12", "true", "{}", "[]", "1e400"};
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      return {"\"abc\"",
              "1.5",
              "1e400",
              "-1e400",
              "18446744073709551616",
              "-92233720368547758080",
              "340282366920938463463374607431768211456",
              "true",
              "{}",
              "[]",
              "\"\""};
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return {"\"abc\"",       "1e400", "-1e400", "\"NaN\"", "\"Infinity\"",
              "\"-Infinity\"", "true",  "{}",     "[]"};
    case FieldDescriptor::CPPTYPE_BOOL:
      return {"\"maybe\"", "2", "{}", "[]"};
    case FieldDescriptor::CPPTYPE_ENUM:
      return {"\"NO_SUCH_VALUE\"", "1.5", "1e400", "true", "{}", "[]"};
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return {"\"text\"", "12", "[]", "true"};
  }
  return {};
}

// String values no service should be handed: invalid UTF-8 (a stray byte, an overlong '/', an
// encoded surrogate, a code point past U+10FFFF, a sequence cut short), a lone escaped surrogate,
// and NUL, which PostgreSQL cannot store.
const std::vector<std::string>& BadStrings() {
  static const std::vector<std::string> bad = {
      "\"\xff\xfe\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"abc\xe4\xb8\"",
      "\"\\ud800\"",  "\"\\udc00x\"", "\"\\u0000\"",      "\"a\\u0000b\""};
  return bad;
}

// Each field of `message` (and of the messages it holds), with `wrap` putting a value in place.
template <typename Visit>
void EachField(const Descriptor& message, const std::function<std::string(std::string)>& wrap,
               const std::string& prefix, int depth, Visit visit) {
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    auto placed = [&wrap, &field](std::string value) {
      return wrap("{\"" + field.name() + "\":" + value + "}");
    };
    visit(field, prefix + field.name(), placed);
    if (depth < 2 && field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field.is_repeated() &&
        !WellKnown(*field.message_type())) {
      EachField(*field.message_type(), placed, prefix + field.name() + ".", depth + 1, visit);
    }
  }
}

TEST_F(HostileTest, EveryPostRouteRefusesHostileBodiesWithA4xxNamingTheProblem) {
  Sweep sweep;
  const std::string token = System();
  for (const Route& route : ApiRoutes()) {
    if (route.verb != "POST") continue;
    std::string path = PathOf(route, "hostile-id");
    auto post = [&](std::string_view body, std::string_view content_type = "application/json") {
      return Exchange(front_->port(), Request("POST", path, token, body, content_type));
    };
    std::string name = route.Name() + " ";
    sweep.Check(name + "oversized", post("{\"request_id\":\"" + std::string(70000, 'a') + "\"}"),
                "body");
    sweep.Check(name + "30000 nested arrays", post(std::string(30000, '[')), "body");
    std::string nested;
    for (int i = 0; i < 12000; ++i) nested += "{\"a\":";
    sweep.Check(name + "12000 nested objects", post(nested), "body");
    const std::string first = route.method->input_type()->field(0)->name();
    std::string deep =
        "{\"" + first + "\":" + std::string(20000, '[') + std::string(20000, ']') + "}";
    sweep.Check(name + "20000 nested arrays in " + first, post(deep), "body");
    for (const std::string& not_json : std::vector<std::string>{
             "not json", "{\"request_id\":", "[]", "null", "\"text\"", "12", "{}{}",
             std::string("\x00", 1), "{\"request_id\":\"a\",}", "\xef\xbb\xbf{}"}) {
      sweep.Check(name + "not a JSON object: " + not_json, post(not_json), "body");
    }
    sweep.Check(name + "an unknown field", post("{\"no_such_field\":1}"), "no_such_field");
    sweep.Check(name + "a duplicate key", post("{\"" + first + "\":\"a\",\"" + first + "\":\"b\"}"),
                first);
    for (std::string_view type : {"text/plain", "application/x-www-form-urlencoded",
                                  "multipart/form-data; boundary=x", "application/xml"}) {
      sweep.Check(name + "Content-Type " + std::string(type), post("{}", type), "Content-Type");
    }
    EachField(
        *route.method->input_type(), [](std::string body) { return body; }, "", 0,
        [&](const FieldDescriptor& field, const std::string& field_name,
            const std::function<std::string(std::string)>& placed) {
          for (const std::string& value : WrongValues(field)) {
            // Not-a-number is a double in proto3 JSON: the services' rules refuse it, and a
            // request that lacks its other fields is refused for those first.
            bool proto_double = value == "\"NaN\"" || value.find("Infinity") != std::string::npos;
            sweep.Check(name + field_name + "=" + value, post(placed(value)),
                        proto_double ? "" : field.name());
          }
          if (field.cpp_type() != FieldDescriptor::CPPTYPE_STRING) return;
          for (const std::string& value : BadStrings()) {
            std::string given = field.is_repeated() ? "[" + value + "]" : value;
            sweep.Check(name + field_name + "=" + value, post(placed(given)), field.name());
          }
        });
    // An empty body is {}: each route says what it misses, as the caller's mistake.
    sweep.Check(name + "empty body", post(""));
  }
  RecordProperty("requests", sweep.checked());
  EXPECT_GT(sweep.checked(), 1000);
  EXPECT_EQ(sweep.failures(), "");
  EXPECT_EQ(Exchange(front_->port(), Request("GET", "/healthz", "")).status, 200);
}

// A value as it goes in a query: every byte percent-encoded.
std::string Encoded(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    encoded += '%';
    encoded += kHex[c >> 4];
    encoded += kHex[c & 15];
  }
  return encoded;
}

TEST_F(HostileTest, EveryGetRouteRefusesHostileQueriesAndPathsWithA4xxNamingTheProblem) {
  Sweep sweep;
  const std::string token = System();
  const std::vector<std::string> bad_text = {"\xff\xfe",     "\xc0\xaf",
                                             "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                             "abc\xe4\xb8",  std::string("a\0b", 3)};
  const std::vector<std::string> bad_path_values = {"\xff\xfe",
                                                    "\xc0\xaf",
                                                    "\xed\xa0\x80",
                                                    std::string("a\0b", 3),
                                                    "'; DROP TABLE wishes; --",
                                                    "%' OR 1=1 --",
                                                    "<script>alert(1)</script>",
                                                    std::string(3000, '9')};
  for (const Route& route : ApiRoutes()) {
    std::string name = route.Name() + " ";
    auto get = [&](const std::string& target) {
      return Exchange(front_->port(),
                      Request(route.verb, target, token, route.verb == "POST" ? "{}" : ""));
    };
    // Path values: hostile text is refused (or not found), never passed on to a 5xx.
    for (const std::string& value : bad_path_values) {
      if (route.path_fields.empty()) break;
      Reply reply = get(PathOf(route, Encoded(value)));
      if (EmptyRecordOfAnUnknownVolunteer(route, reply)) continue;
      sweep.Check(name + "path " + Encoded(value), reply);
    }
    if (route.verb != "GET") continue;
    std::string path = PathOf(route, "hostile-id");
    sweep.Check(name + "an unknown parameter", get(path + "?no_such_param=1"), "no_such_param");
    const Descriptor& input = *route.method->input_type();
    for (int i = 0; i < input.field_count(); ++i) {
      const FieldDescriptor& field = *input.field(i);
      if (std::find(route.path_fields.begin(), route.path_fields.end(), field.name()) !=
          route.path_fields.end()) {
        continue;
      }
      std::string parameter = path + "?" + field.name() + "=";
      sweep.Check(name + field.name() + " twice", get(parameter + "1&" + field.name() + "=2"),
                  field.name());
      std::vector<std::string> values;
      switch (field.cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          values = bad_text;
          break;
        case FieldDescriptor::CPPTYPE_INT32:
        case FieldDescriptor::CPPTYPE_INT64:
          values = {"abc", "1.5",  "1e400", "18446744073709551616", "-9223372036854775809",
                    "",    "0x10", "\xff"};
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          values = {"maybe", "1", "", "\xff"};
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          values = {"NO_SUCH_VALUE", "99999", "", "\xff"};
          break;
        default:
          values = {"x"};  // not a query parameter
      }
      for (const std::string& value : values) {
        sweep.Check(name + field.name() + "=" + Encoded(value), get(parameter + Encoded(value)),
                    field.name());
      }
      if (field.name() == "page_size") {
        sweep.Check(name + "a negative page_size", get(parameter + "-1"), "page_size");
      }
      if (field.name() == "page_token") {
        for (std::string token_value : {"not-a-token", "'; DROP TABLE wishes; --", "AAAA"}) {
          sweep.Check(name + "page_token " + token_value, get(parameter + Encoded(token_value)),
                      "page_token");
        }
      }
    }
  }
  RecordProperty("requests", sweep.checked());
  EXPECT_GT(sweep.checked(), 300);
  EXPECT_EQ(sweep.failures(), "");
  EXPECT_EQ(Exchange(front_->port(), Request("GET", "/healthz", "")).status, 200);
}

TEST_F(HostileTest, HostileHeadersAndTargetsAreRefusedWithA4xx) {
  Sweep sweep;
  const std::string token = System();
  const std::string posts = std::string("/v1/regions/") + kCommunity + "/posts";
  auto get = [&](const std::string& target, const std::string& headers = "") {
    return Exchange(front_->port(), Request("GET", target, token, "", "", headers));
  };
  sweep.Check("a 20000-byte URL", get(posts + "?page_token=" + std::string(20000, 'a')));
  sweep.Check("a 20000-byte header", get(posts, "X-Big: " + std::string(20000, 'a') + "\r\n"));
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "X-" + std::to_string(i) + ": a\r\n";
  sweep.Check("3000 headers", get(posts, many));
  for (std::string timeout : {"abc", "-5", "0", "99999999999999999999999", "1e400", "\xff"}) {
    sweep.Check("X-Timeout-Ms " + timeout, get(posts, "X-Timeout-Ms: " + timeout + "\r\n"),
                "X-Timeout-Ms");
  }
  std::string post_path = "/v1/rewards/hostile-id:redeem";
  for (const std::string& id :
       std::vector<std::string>{"\xff\xfe", std::string(5000, 'a'), "'; DROP TABLE orders; --"}) {
    sweep.Check("X-Request-Id " + Encoded(id),
                Exchange(front_->port(), Request("POST", post_path, token, "{}", "application/json",
                                                 "X-Request-Id: " + id + "\r\n")),
                "request_id");
  }
  // Printable ASCII: a request id like any other; the request is refused for what it lacks.
  sweep.Check("X-Request-Id <script>",
              Exchange(front_->port(), Request("POST", post_path, token, "{}", "application/json",
                                               "X-Request-Id: <script>\r\n")));
  sweep.Check("a bad bearer token",
              Exchange(front_->port(), Request("GET", posts, "\xff\xfe.e30.\x00")));
  sweep.Check("a Content-Length beyond every limit",
              Exchange(front_->port(),
                       "POST /v1/wishes HTTP/1.1\r\nHost: x\r\nContent-Length: "
                       "99999999999999999999999\r\n\r\n{}"));
  sweep.Check("a Content-Length over the body limit",
              Exchange(front_->port(),
                       "POST /v1/wishes HTTP/1.1\r\nHost: x\r\nContent-Length: "
                       "10000000\r\n\r\n{}"),
              "body");
  sweep.Check("two Content-Lengths",
              Exchange(front_->port(),
                       "POST /v1/wishes HTTP/1.1\r\nHost: x\r\nContent-Length: 2"
                       "\r\nContent-Length: 3\r\n\r\n{}"));
  sweep.Check("a chunk size beyond every limit",
              Exchange(front_->port(),
                       "POST /v1/wishes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:"
                       " chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"));
  EXPECT_EQ(sweep.failures(), "");
  EXPECT_EQ(Exchange(front_->port(), Request("GET", "/healthz", "")).status, 200);
  // The Content-Type refusal is 415; a JSON type with parameters, or none, is JSON.
  std::string wish = R"({"community_id":"411502009001"})";
  EXPECT_EQ(
      Exchange(front_->port(), Request("POST", "/v1/wishes", token, wish, "text/plain")).status,
      415);
  for (std::string_view type : {"application/json; charset=utf-8", "Application/JSON", ""}) {
    Reply reply = Exchange(front_->port(), Request("POST", "/v1/wishes", token, wish, type));
    EXPECT_TRUE(reply.status >= 400 && reply.status < 415) << type << " " << reply.status;
    EXPECT_EQ(reply.body.find("Content-Type"), std::string::npos) << reply.body;
  }
}

// Text that looks like SQL or a script, with quotes, backslashes, tabs, and characters beyond the
// basic plane: ordinary words to Tongxin, bound as parameters and escaped as JSON.
const std::string kSqlLooking = "'; DROP TABLE wishes; -- %' OR 1=1 -- \" OR \"\"=\" \\'";
const std::string kScriptLooking =
    "<script>alert('同心')</script><img src=x onerror=alert(1)> ${jndi:x} {{7*7}} &amp;";
const std::string kWide = "\t孩子想要书包 😀 𠀋 \u202e";

std::string Posted(int port, const std::string& path, const std::string& token, const json& body,
                   json* answer) {
  Reply reply = Exchange(port, Request("POST", path, token, body.dump(), "application/json"));
  *answer = json::parse(reply.body, nullptr, false);
  if (reply.status != 200) return std::to_string(reply.status) + " " + reply.body;
  return "";
}

TEST_F(HostileTest, SqlAndScriptLookingTextIsStoredAndReturnedVerbatimAsHarmlessJson) {
  const std::string description = kSqlLooking + " " + kScriptLooking + kWide;
  const std::string wisher_name = "<b>李</b>'--";
  json wish;
  ASSERT_EQ(Posted(front_->port(), "/v1/wishes", Admin(),
                   {{"community_id", kCommunity},
                    {"category", "CATEGORY_STUDY_SUPPLIES"},
                    {"description", description},
                    {"estimated_value", 80},
                    {"wisher_name", wisher_name},
                    {"wisher_contact", "13912345678"}},
                   &wish),
            "");
  json post;
  ASSERT_EQ(Posted(front_->port(), "/v1/posts", Admin(),
                   {{"post",
                     {{"community_id", kCommunity},
                      {"type_code", "AID_NEEDY"},
                      {"title", kSqlLooking},
                      {"description", kScriptLooking},
                      {"place", kWide},
                      {"capacity", 2},
                      {"volunteers_allowed", true}}}},
                   &post),
            "");
  json adoption;
  ASSERT_EQ(Posted(front_->port(), "/v1/posts/" + post["post_id"].get<std::string>() + ":adopt",
                   Self(volunteer_), {{"adopter_id", "me"}}, &adoption),
            "");
  // Hours that are doubles in proto3 JSON but no hours at all: the rule refuses them by name.
  std::string logs = "/v1/adoptions/" + adoption["adoption_id"].get<std::string>() + "/logs";
  for (std::string hours : {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "-0"}) {
    Reply refused =
        Exchange(front_->port(),
                 Request("POST", logs, Self(volunteer_),
                         R"({"service_date":"2026-06-15","summary":"x","hours":)" + hours + "}"));
    EXPECT_EQ(Wrong(refused, "hours"), "") << hours << " " << refused.status << " " << refused.body;
  }
  json log;
  ASSERT_EQ(
      Posted(front_->port(),
             "/v1/adoptions/" + adoption["adoption_id"].get<std::string>() + "/logs",
             Self(volunteer_),
             {{"service_date", "2026-06-15"}, {"hours", 2.5}, {"summary", description}}, &log),
      "");

  // Read back from the databases through the gateway: the same bytes, in JSON that no browser
  // would take for a page.
  Reply queue =
      Exchange(front_->port(),
               Request("GET", std::string("/v1/regions/") + kCommunity + "/admin-queue", Admin()));
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_EQ(queue.Header("content-type"), "application/json");
  EXPECT_EQ(queue.Header("x-content-type-options"), "nosniff");
  json view = json::parse(queue.body);
  int found = 0;
  for (const auto& waiting : view["wishes_to_review"]) {
    if (waiting["wish_id"] != wish["wish_id"]) continue;
    ++found;
    EXPECT_EQ(waiting["description"], description);
    EXPECT_EQ(waiting.value("wisher_name", wisher_name), wisher_name);
  }
  for (const auto& waiting : view["logs_to_approve"]) {
    if (waiting["log_id"] != log["log_id"]) continue;
    ++found;
    EXPECT_EQ(waiting["summary"], description);
  }
  EXPECT_EQ(found, 2) << queue.body;
  Reply posts = Exchange(
      front_->port(),
      Request("GET", std::string("/v1/regions/") + kCommunity + "/posts", Self(volunteer_)));
  ASSERT_EQ(posts.status, 200) << posts.body;
  EXPECT_EQ(posts.Header("x-content-type-options"), "nosniff");
  bool listed = false;
  json list = json::parse(posts.body);
  for (const auto& card : list["posts"]) {
    if (card["post"]["post_id"] != post["post_id"]) continue;
    listed = true;
    EXPECT_EQ(card["post"]["title"], kSqlLooking);
    EXPECT_EQ(card["post"]["description"], kScriptLooking);
    EXPECT_EQ(card["post"]["place"], kWide);
  }
  EXPECT_TRUE(listed) << posts.body;
  // The markup travels escaped inside a JSON string, never as markup of its own.
  EXPECT_EQ(posts.body.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace tongxin::gateway::hostile
