// The producers' events end to end: the real volunteer, posts, wishes and points services do
// what the issue lists (a volunteer approved; a wish claimed, sent back, confirmed; a service log
// approved and rejected; an adoption ended; an order ready and handed out; a commendation round
// published and finalized), their relays deliver through the outboxes to a real notifications
// service — which is down for half of it, then comes back, then gets every event delivered once
// more — and each event is in the feed once and in the inbox of each person it concerns once.
// The second test checks every event's data against its schema in docs/events.md.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/notifications/event_schemas.h"
#include "tests/support/posts_stack.h"
#include "tests/support/region_service_test.h"
#include "tests/support/service_stacks.h"
#include "tests/support/wishes_stack.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"
#include "tongxin/points/v1/points.grpc.pb.h"
#include "tongxin/posts/v1/posts.grpc.pb.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"
#include "tongxin/wishes/v1/wishes.grpc.pb.h"

namespace tongxin::testing {
namespace {

namespace npb = ::tongxin::notifications::v1;
namespace ppb = ::tongxin::points::v1;
namespace postpb = ::tongxin::posts::v1;
namespace vpb = ::tongxin::volunteer::v1;
namespace wpb = ::tongxin::wishes::v1;

constexpr char kVolunteer[] = "acct-producers-1";  // a self-registration: the account's id
constexpr char kResident[] = "resident-producers-1";
constexpr char kName[] = "欧阳明远";
constexpr char kPhone[] = "13700005678";

const std::set<std::string> kVolunteersTypes = {"cn.tongxin.volunteer.approved",
                                                "cn.tongxin.wish.sent_back",
                                                "cn.tongxin.wish.confirmed",
                                                "cn.tongxin.service_log.approved",
                                                "cn.tongxin.service_log.rejected",
                                                "cn.tongxin.adoption.ended",
                                                "cn.tongxin.order.ready",
                                                "cn.tongxin.order.handed_out",
                                                "cn.tongxin.commendation_round.published",
                                                "cn.tongxin.commendation_round.finalized"};

class ProducersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    clock_ = new FakeClock(kStart);
    neighbours_ = new Neighbours(*clock_, "producers");
    posts_ = new PostsStack(*clock_, "producers_posts", *neighbours_);
    wishes_ = new WishesStack(*clock_, "producers_wishes", *neighbours_);
    neighbours_->SeedHierarchy(kStreet, "川汇街道", {kCommunityA, kCommunityB});
    RunScenario();
  }
  static void TearDownTestSuite() {
    delete wishes_;
    delete posts_;
    delete neighbours_;
    delete clock_;
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    return posts_->server.Token(role, subject, std::move(scope));
  }
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }
  static std::string NextId() { return "producers-" + std::to_string(++counter_); }

  template <typename Stub, typename Request, typename Response>
  static void Ok(Stub* stub,
                 grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                 const std::string& token, const Request& request, Response* response) {
    grpc::Status status = CallWith(stub, method, token, request, response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Every service's outbox, relayed as that service (so the events name their source).
  static void RelayAll() {
    const std::string points = neighbours_->points().server.target();
    neighbours_->Relay(*neighbours_->volunteer().db, points, "volunteer-service");
    neighbours_->Relay(*wishes_->db, points, "wishes-service");
    neighbours_->Relay(*posts_->db, points, "posts-service");
    neighbours_->Relay(neighbours_->points_db(), points, "points-service");
  }
  static void ForgetDeliveries(Db& db) {
    ASSERT_TRUE(db.Transact({}, [](Tx& tx) {
                    tx.exec0(
                        "UPDATE outbox_events SET delivered_at = NULL, "
                        "next_attempt_at = now(), attempts = 0");
                    return absl::OkStatus();
                  }).ok());
  }

  static void RegisterAndApprove() {
    auto stub = vpb::VolunteerService::NewStub(neighbours_->volunteer().server.channel());
    vpb::RegisterVolunteerRequest request;
    request.set_request_id(NextId());
    request.set_name(kName);
    std::string first17 = "41150219900101123";
    id_number_ = first17 + volunteer::ResidentIdCheckCharacter(first17);
    request.set_id_number(id_number_);
    request.set_phone(kPhone);
    request.set_community_id(kCommunityA);
    request.set_political_status(vpb::POLITICAL_STATUS_PARTY_MEMBER);
    request.set_party_branch("第一党支部");
    vpb::Volunteer v;
    Ok(stub.get(), &vpb::VolunteerService::Stub::RegisterVolunteer, Self(kVolunteer), request, &v);
    ASSERT_EQ(v.status(), vpb::VOLUNTEER_STATUS_PENDING);
    vpb::ChangeVolunteerStatusRequest approve;
    approve.set_request_id(NextId());
    approve.set_volunteer_id(kVolunteer);
    Ok(stub.get(), &vpb::VolunteerService::Stub::ApproveVolunteer, AdminA(), approve, &v);
  }

  static void WishClaimedSentBackConfirmed() {
    auto stub = wpb::WishesService::NewStub(wishes_->server.channel());
    using S = wpb::WishesService::Stub;
    wpb::SubmitWishRequest submit;
    submit.set_request_id(NextId());
    submit.set_community_id(kCommunityA);
    submit.set_grid_id(kGridA1);
    submit.set_category(wpb::CATEGORY_STUDY_SUPPLIES);
    submit.set_description("孩子想要一个新书包");
    submit.set_estimated_value(80);
    submit.set_wisher_name("李秀英");
    submit.set_wisher_contact("13912345678");
    wpb::Wish wish;
    Ok(stub.get(), &S::SubmitWish, Self(kResident), submit, &wish);
    wpb::ReviewWishRequest review;
    review.set_request_id(NextId());
    review.set_wish_id(wish.wish_id());
    review.set_approve(true);
    Ok(stub.get(), &S::ReviewWish, AdminA(), review, &wish);
    wpb::ClaimWishRequest claim;
    claim.set_request_id(NextId());
    claim.set_wish_id(wish.wish_id());
    claim.set_volunteer_id(kVolunteer);
    Ok(stub.get(), &S::ClaimWish, Self(kVolunteer), claim, &wish);
    for (bool confirm : {false, true}) {
      wpb::FulfilWishRequest fulfil;
      fulfil.set_request_id(NextId());
      fulfil.set_wish_id(wish.wish_id());
      fulfil.set_note("已送到");
      fulfil.set_photo_url("https://img.example/done.jpg");
      fulfil.set_service_hours(1.5);
      Ok(stub.get(), &S::FulfilWish, Self(kVolunteer), fulfil, &wish);
      wpb::ConfirmWishRequest decide;
      decide.set_request_id(NextId());
      decide.set_wish_id(wish.wish_id());
      decide.set_confirm(confirm);
      decide.set_reason(confirm ? "" : "照片看不清，请补拍");
      Ok(stub.get(), &S::ConfirmWish, AdminA(), decide, &wish);
    }
  }

  static void LogsAndAdoption() {
    auto stub = postpb::PostsService::NewStub(posts_->server.channel());
    using S = postpb::PostsService::Stub;
    postpb::CreatePostRequest create;
    create.set_request_id(NextId());
    auto* post = create.mutable_post();
    post->set_community_id(kCommunityA);
    post->set_type_code("AID_NEEDY");
    post->set_title("结对帮扶困难群众");
    post->set_place("河南路社区党群服务中心");
    post->set_schedule("每周六上午");
    post->add_weekdays(6);
    post->set_start_time("09:00");
    post->set_end_time("11:30");
    post->set_capacity(2);
    post->set_volunteers_allowed(true);
    postpb::Post created;
    Ok(stub.get(), &S::CreatePost, AdminA(), create, &created);
    postpb::AdoptPostRequest adopt;
    adopt.set_request_id(NextId());
    adopt.set_post_id(created.post_id());
    adopt.set_adopter_id(kVolunteer);
    postpb::Adoption adoption;
    Ok(stub.get(), &S::AdoptPost, Self(kVolunteer), adopt, &adoption);
    for (bool approve : {true, false}) {
      postpb::LogServiceRequest log;
      log.set_request_id(NextId());
      log.set_adoption_id(adoption.adoption_id());
      log.set_service_date("2026-06-15");
      log.set_hours(2);
      log.set_summary("上门看望慰问困难群众");
      log.add_photos_before("https://img.example/before.jpg");
      log.add_photos_after("https://img.example/after.jpg");
      postpb::ServiceLog logged;
      Ok(stub.get(), &S::LogService, Self(kVolunteer), log, &logged);
      postpb::ReviewLogRequest review;
      review.set_request_id(NextId());
      review.set_log_id(logged.log_id());
      review.set_reason(approve ? "" : "照片与岗位不符");
      Ok(stub.get(), approve ? &S::ApproveLog : &S::RejectLog, AdminA(), review, &logged);
    }
    postpb::WithdrawAdoptionRequest withdraw;
    withdraw.set_request_id(NextId());
    withdraw.set_adoption_id(adoption.adoption_id());
    Ok(stub.get(), &S::WithdrawAdoption, Self(kVolunteer), withdraw, &adoption);
  }

  static void OrderAndRound() {
    auto stub = ppb::PointsService::NewStub(neighbours_->points().server.channel());
    using S = ppb::PointsService::Stub;
    ppb::CreateRewardRequest reward_request;
    reward_request.set_request_id(NextId());
    reward_request.mutable_reward()->set_region_id(kCommunityA);
    reward_request.mutable_reward()->set_name("环保袋");
    reward_request.mutable_reward()->set_price(2);
    reward_request.mutable_reward()->set_stock(10);
    ppb::Reward reward;
    Ok(stub.get(), &S::CreateReward, AdminA(), reward_request, &reward);
    ppb::RedeemRequest redeem;
    redeem.set_request_id(NextId());
    redeem.set_volunteer_id(kVolunteer);
    redeem.set_reward_id(reward.reward_id());
    redeem.set_quantity(1);
    ppb::Order order;
    Ok(stub.get(), &S::Redeem, Self(kVolunteer), redeem, &order);
    Ok(stub.get(), &S::Redeem, Self(kVolunteer), redeem, &order);  // a retry: no second notice
    ppb::CollectOrderRequest collect;
    collect.set_request_id(NextId());
    collect.set_order_id(order.order_id());
    collect.set_pickup_code(order.pickup_code());
    Ok(stub.get(), &S::CollectOrder, AdminA(), collect, &order);

    ppb::CreateRoundRequest create;
    create.set_request_id(NextId());
    auto* r = create.mutable_round();
    r->set_title("2026年6月优秀志愿者");
    r->set_region_id(kCommunityA);
    r->set_period_kind(ppb::PERIOD_KIND_MONTH);
    r->set_period("2026-06");
    r->set_rule(ppb::RULE_KIND_MIN_POINTS);
    r->set_rule_value(1);
    ppb::Round round;
    Ok(stub.get(), &S::CreateRound, AdminA(), create, &round);
    ASSERT_EQ(round.candidates_size(), 1);
    ppb::DecideCandidateRequest decide;
    decide.set_request_id(NextId());
    decide.set_round_id(round.round_id());
    decide.set_volunteer_id(kVolunteer);
    decide.set_decision(ppb::CANDIDATE_DECISION_CONFIRMED);
    Ok(stub.get(), &S::DecideCandidate, AdminA(), decide, &round);
    ppb::PublishRoundRequest publish;
    publish.set_request_id(NextId());
    publish.set_round_id(round.round_id());
    Ok(stub.get(), &S::PublishRound, AdminA(), publish, &round);
    clock_->Advance(std::chrono::hours(24 * 8));
    ppb::FinalizeRoundRequest finalize;
    finalize.set_request_id(NextId());
    finalize.set_round_id(round.round_id());
    Ok(stub.get(), &S::FinalizeRound, AdminA(), finalize, &round);
  }

  static void RunScenario() {
    // With the notifications service up: a volunteer approved, a wish's life.
    RegisterAndApprove();
    WishClaimedSentBackConfirmed();
    RelayAll();  // the wish's points reach the volunteer before they redeem
    // It goes down; the services go on, their relays fail to tell it.
    neighbours_->StopNotifications();
    LogsAndAdoption();
    RelayAll();  // the log's hours and points still leave
    OrderAndRound();
    RelayAll();
    // It comes back: the relays deliver what waited. Then every event is delivered again (a
    // relay that died before marking its deliveries): nothing is stored twice.
    neighbours_->StartNotifications();
    RelayAll();
    for (Db* db : {neighbours_->volunteer().db.get(), wishes_->db.get(), posts_->db.get(),
                   &neighbours_->points_db()}) {
      ForgetDeliveries(*db);
    }
    RelayAll();
    feed_ = Feed(kCommunityA);
  }

  static std::vector<npb::CloudEvent> Feed(const std::string& region) {
    auto stub = npb::NotificationsService::NewStub(neighbours_->notifications()->server.channel());
    std::vector<npb::CloudEvent> events;
    npb::ListEventsRequest request;
    request.set_region_id(region);
    for (;;) {
      npb::ListEventsResponse page;
      grpc::Status status = CallWith(stub.get(), &npb::NotificationsService::Stub::ListEvents,
                                     Token(Role::kSystem, "tests"), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || page.events().empty()) break;
      events.insert(events.end(), page.events().begin(), page.events().end());
      request.set_after(page.next_after());
    }
    return events;
  }

  static std::vector<npb::Message> Inbox(const std::string& person) {
    auto stub = npb::NotificationsService::NewStub(neighbours_->notifications()->server.channel());
    std::vector<npb::Message> messages;
    npb::ListMessagesRequest request;
    request.set_page_size(100);
    for (;;) {
      npb::ListMessagesResponse page;
      grpc::Status status = CallWith(stub.get(), &npb::NotificationsService::Stub::ListMessages,
                                     Self(person), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      messages.insert(messages.end(), page.messages().begin(), page.messages().end());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return messages;
  }

  static inline FakeClock* clock_;
  static inline Neighbours* neighbours_;
  static inline PostsStack* posts_;
  static inline WishesStack* wishes_;
  static inline std::atomic<int> counter_{0};
  static inline std::string id_number_;
  static inline std::vector<npb::CloudEvent> feed_;
};

TEST_F(ProducersTest, EachEventIsInTheFeedOnceAndInEachConcernedInboxOnceDespiteAnOutage) {
  std::map<std::string, std::vector<npb::CloudEvent>> by_type;
  for (const auto& e : feed_) by_type[e.type()].push_back(e);
  const std::map<std::string, std::string> sources = {
      {"cn.tongxin.volunteer.approved", "/tongxin/volunteer"},
      {"cn.tongxin.wish.claimed", "/tongxin/wishes"},
      {"cn.tongxin.wish.sent_back", "/tongxin/wishes"},
      {"cn.tongxin.wish.confirmed", "/tongxin/wishes"},
      {"cn.tongxin.service_log.approved", "/tongxin/posts"},
      {"cn.tongxin.service_log.rejected", "/tongxin/posts"},
      {"cn.tongxin.adoption.ended", "/tongxin/posts"},
      {"cn.tongxin.order.ready", "/tongxin/points"},
      {"cn.tongxin.order.handed_out", "/tongxin/points"},
      {"cn.tongxin.commendation_round.published", "/tongxin/points"},
      {"cn.tongxin.commendation_round.finalized", "/tongxin/points"}};
  EXPECT_EQ(feed_.size(), sources.size());
  for (const auto& [type, source] : sources) {
    ASSERT_EQ(by_type[type].size(), 1u) << type;
    const npb::CloudEvent& e = by_type[type].front();
    EXPECT_EQ(e.source(), source) << type;
    EXPECT_EQ(e.tongxinregion(), kCommunityA) << type;
    EXPECT_NE(e.subject().find('/'), std::string::npos) << type;
    // No personal data beyond masked names.
    std::string data = e.data().DebugString();
    EXPECT_EQ(data.find(kName), std::string::npos) << type;
    EXPECT_EQ(data.find(kPhone), std::string::npos) << type;
    EXPECT_EQ(data.find(id_number_), std::string::npos) << type;
    EXPECT_EQ(data.find("李秀英"), std::string::npos) << type;
  }
  EXPECT_EQ(by_type["cn.tongxin.volunteer.approved"]
                .front()
                .data()
                .fields()
                .at("name_masked")
                .string_value(),
            "欧***");

  // The volunteer: one message per event that concerns them, each from its feed event.
  std::map<std::string, int> received;
  for (const auto& m : Inbox(kVolunteer)) {
    ++received[m.type()];
    ASSERT_EQ(by_type[m.type()].size(), 1u) << m.type();
    EXPECT_EQ(m.event_id(), by_type[m.type()].front().id()) << m.type();
    EXPECT_FALSE(m.title().empty());
    for (const std::string& secret : {std::string(kPhone), id_number_}) {
      EXPECT_EQ(m.body().find(secret), std::string::npos) << m.type();
    }
  }
  std::map<std::string, int> expected;
  for (const auto& type : kVolunteersTypes) expected[type] = 1;
  EXPECT_EQ(received, expected);

  // The wish's submitter: told it was claimed, with the claimer's masked name.
  auto resident = Inbox(kResident);
  ASSERT_EQ(resident.size(), 1u);
  EXPECT_EQ(resident[0].type(), "cn.tongxin.wish.claimed");
  EXPECT_EQ(resident[0].event_id(), by_type["cn.tongxin.wish.claimed"].front().id());
  EXPECT_NE(resident[0].body().find("欧***"), std::string::npos) << resident[0].body();
  EXPECT_EQ(resident[0].body().find(kName), std::string::npos);
  // Nobody else: the admin who acted is told nothing.
  EXPECT_TRUE(Inbox("admin-a").empty());
}

TEST_F(ProducersTest, EveryEventsDataKeepsToTheSchemaOfItsTypeInDocsEventsMd) {
  const auto schemas = EventSchemas(std::string(TONGXIN_SOURCE_DIR) + "/docs/events.md");
  ASSERT_FALSE(schemas.empty()) << "no ## Event types section in docs/events.md";
  std::set<std::string> seen;
  for (const auto& e : feed_) {
    auto schema = schemas.find(e.type());
    ASSERT_NE(schema, schemas.end()) << e.type() << " is not in docs/events.md";
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(e.data(), &json).ok());
    std::string why = SchemaError(schema->second, nlohmann::json::parse(json));
    EXPECT_EQ(why, "") << e.type() << ": " << json;
    seen.insert(e.type());
  }
  // The notifications service's own events (source /tongxin/notifications: broadcasts and
  // call-outs) are checked in broadcasts_test; every other documented type is a producer's.
  for (const auto& [type, _] : schemas) {
    if (type.starts_with("cn.tongxin.broadcast.") || type.starts_with("cn.tongxin.callout.")) {
      continue;
    }
    EXPECT_TRUE(seen.count(type)) << type << " never sent";
  }
}

TEST(EventSchemasTest, TheCheckerRefusesWhatItDoesNotKnowAndWhatBreaksTheSchema) {
  auto schema = nlohmann::json::parse(R"({
    "type": "object",
    "properties": {"name_masked": {"type": "string", "pattern": "^([^*][*]*)?$"},
                   "n": {"type": "integer", "minimum": 1},
                   "kind": {"type": "string", "enum": ["a", "b"]}},
    "required": ["name_masked", "n"],
    "additionalProperties": false})");
  EXPECT_EQ(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧***", "n": 2})")), "");
  EXPECT_NE(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧阳明远", "n": 2})")),
            "");
  EXPECT_NE(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧*", "n": 1.5})")), "");
  EXPECT_NE(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧*", "n": 0})")), "");
  EXPECT_NE(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧*"})")), "");
  EXPECT_NE(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧*", "n": 1, "x": 1})")),
            "");
  EXPECT_NE(
      SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧*", "n": 1, "kind": "c"})")),
      "");
  schema["properties"]["n"]["maximum"] = 3;  // a keyword the checker would silently skip
  EXPECT_NE(SchemaError(schema, nlohmann::json::parse(R"({"name_masked": "欧*", "n": 2})")), "");
}

TEST(EventSchemasTest, ANestedObjectIsCheckedByTheSameRules) {
  auto schema = nlohmann::json::parse(R"({
    "type": "object",
    "properties": {"audience": {"type": "object",
                                "properties": {"grid_id": {"type": "string"},
                                               "all": {"type": "boolean"}},
                                "required": ["grid_id"],
                                "additionalProperties": false}},
    "required": ["audience"],
    "additionalProperties": false})");
  auto check = [&](const char* data) { return SchemaError(schema, nlohmann::json::parse(data)); };
  EXPECT_EQ(check(R"({"audience": {"grid_id": "110105001001003", "all": false}})"), "");
  EXPECT_EQ(check(R"({"audience": {"grid_id": 3}})"), "audience.grid_id: not a string");
  EXPECT_EQ(check(R"({"audience": {}})"), "audience.grid_id: missing");
  EXPECT_EQ(check(R"({"audience": {"grid_id": "", "x": 1}})"), "audience.x: not in the schema");
  EXPECT_EQ(check(R"({"audience": "all"})"), "audience: not an object");
  // The nested schema keeps to the subset too.
  schema["properties"]["audience"]["maxProperties"] = 2;
  EXPECT_NE(check(R"({"audience": {"grid_id": ""}})"), "");
  schema["properties"]["audience"].erase("maxProperties");
  schema["properties"]["audience"].erase("additionalProperties");
  EXPECT_NE(check(R"({"audience": {"grid_id": ""}})"), "");
}

}  // namespace
}  // namespace tongxin::testing
