// The outbox's dead letters for admins (issue 11 hole 9): listed by the caller's scope in keyset
// pages without their payloads, and retried once per request id by an admin in scope of the
// event's region or the system; out of scope reads as absent.
#include "services/common/outbox_admin.h"

#include <gtest/gtest.h>

#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace tongxin {
namespace {

namespace opb = ::tongxin::outbox::v1;
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
constexpr char kOtherStreet[] = "411502002001";
// In every payload: a name no answer may show.
constexpr char kSecretPayload[] = "王秘密 13700001234";

class OutboxAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>("outbox_admin", "posts");
    db_ = database_->Open(4);
    server_ = std::make_unique<testing::TestServer>(clock_);
    admin_ = std::make_unique<OutboxAdminGrpc>(*db_, server_->runner());
    server_->Start(admin_.get());
    stub_ = opb::OutboxAdminService::NewStub(server_->channel());
  }
  void TearDown() override { server_->Stop(); }

  // An event of `region_id`, dead unless `dead` is false; returns its id.
  std::string Event(const std::string& region_id, bool dead = true) {
    return database_->Scalar(
        "INSERT INTO outbox_events (event_id, destination, method, payload, attempts, last_error, "
        "dead_at, region_id) VALUES (gen_random_uuid(), 'points', "
        "'/tongxin.points.v1.PointsService/Award', convert_to('" +
        std::string(kSecretPayload) + "', 'UTF8'), 16, 'UNAVAILABLE: away', " +
        (dead ? "now()" : "NULL") + ", '" + region_id + "') RETURNING event_id");
  }

  std::string AdminOf(const std::string& region) {
    return server_->Token(region.size() == 9 ? Role::kStreetAdmin : Role::kCommunityAdmin,
                          "admin-" + region, {region});
  }
  std::string System() { return server_->Token(Role::kSystem, "ops"); }

  grpc::Status List(const std::string& token, opb::ListDeadLettersResponse* response,
                    const std::string& region_id = "", int page_size = 0,
                    const std::string& page_token = "") {
    opb::ListDeadLettersRequest request;
    request.set_region_id(region_id);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return testing::CallWith(stub_.get(), &opb::OutboxAdminService::Stub::ListDeadLetters, token,
                             request, response);
  }
  std::vector<std::string> Ids(const std::string& token) {
    opb::ListDeadLettersResponse response;
    EXPECT_TRUE(List(token, &response).ok());
    std::vector<std::string> ids;
    for (const auto& letter : response.dead_letters()) ids.push_back(letter.event_id());
    return ids;
  }
  grpc::Status Retry(const std::string& token, const std::string& event_id,
                     const std::string& request_id, opb::DeadLetter* response) {
    opb::RetryDeadLetterRequest request;
    request.set_request_id(request_id);
    request.set_event_id(event_id);
    return testing::CallWith(stub_.get(), &opb::OutboxAdminService::Stub::RetryDeadLetter, token,
                             request, response);
  }

  FakeClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<OutboxAdminGrpc> admin_;
  std::unique_ptr<opb::OutboxAdminService::Stub> stub_;
};

TEST_F(OutboxAdminTest, EachCallerSeesTheDeadLettersOfTheirScopeAndNeverAPayload) {
  const std::string a1 = Event(kCommunityA), a2 = Event(kCommunityA), b = Event(kCommunityB),
                    far = Event(kOtherStreet), legacy = Event("");
  Event(kCommunityA, /*dead=*/false);
  EXPECT_EQ(Ids(AdminOf(kCommunityA)), (std::vector<std::string>{a1, a2}));
  EXPECT_EQ(Ids(AdminOf("411502001")), (std::vector<std::string>{a1, a2, b}));
  EXPECT_EQ(Ids(System()), (std::vector<std::string>{a1, a2, b, far, legacy}));

  opb::ListDeadLettersResponse page;
  ASSERT_TRUE(List(AdminOf("411502001"), &page, kCommunityB).ok());
  ASSERT_EQ(page.dead_letters_size(), 1);
  const opb::DeadLetter& letter = page.dead_letters(0);
  EXPECT_EQ(letter.event_id(), b);
  EXPECT_EQ(letter.destination(), "points");
  EXPECT_EQ(letter.method(), "/tongxin.points.v1.PointsService/Award");
  EXPECT_EQ(letter.attempts(), 16);
  EXPECT_EQ(letter.last_error(), "UNAVAILABLE: away");
  EXPECT_EQ(letter.region_id(), kCommunityB);
  EXPECT_TRUE(letter.has_create_time());
  EXPECT_TRUE(letter.has_dead_time());
  EXPECT_EQ(page.SerializeAsString().find("王秘密"), std::string::npos);
  EXPECT_EQ(opb::DeadLetter::descriptor()->FindFieldByName("payload"), nullptr);
}

TEST_F(OutboxAdminTest, PagesFollowTheOrderTheEventsWereWritten) {
  std::vector<std::string> written;
  for (int i = 0; i < 3; ++i) written.push_back(Event(kCommunityA));
  std::vector<std::string> read;
  std::string token;
  for (int page = 0; page < 5; ++page) {
    opb::ListDeadLettersResponse response;
    ASSERT_TRUE(List(AdminOf(kCommunityA), &response, "", 2, token).ok());
    for (const auto& letter : response.dead_letters()) read.push_back(letter.event_id());
    token = response.next_page_token();
    if (token.empty()) break;
  }
  EXPECT_EQ(read, written);
}

TEST_F(OutboxAdminTest, VolunteersAndForeignRegionsAreRefused) {
  opb::ListDeadLettersResponse response;
  EXPECT_EQ(List(server_->Token(Role::kVolunteer, "v1"), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(List(AdminOf(kCommunityA), &response, kCommunityB).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status bad = List(AdminOf(kCommunityA), &response, "A1");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("region_id"), std::string::npos) << bad.error_message();
  opb::DeadLetter retried;
  EXPECT_EQ(Retry(server_->Token(Role::kVolunteer, "v1"), Event(kCommunityA), "r-v", &retried)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(OutboxAdminTest, ARetryMakesTheEventDueAgainOnceAndOutOfScopeIsNotFound) {
  const std::string a = Event(kCommunityA), b = Event(kCommunityB), legacy = Event("");
  opb::DeadLetter retried;
  // Another community's, and one without a region: as absent.
  EXPECT_EQ(Retry(AdminOf(kCommunityA), b, "r-1", &retried).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Retry(AdminOf(kCommunityA), legacy, "r-2", &retried).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Retry(AdminOf(kCommunityA), "00000000-0000-4000-8000-000000000009", "r-3", &retried)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  ASSERT_TRUE(Retry(AdminOf(kCommunityA), a, "r-4", &retried).ok());
  EXPECT_EQ(retried.event_id(), a);
  EXPECT_EQ(retried.attempts(), 0);
  EXPECT_FALSE(retried.has_dead_time());
  EXPECT_EQ(database_->Scalar("SELECT dead_at IS NULL AND attempts = 0 AND next_attempt_at <= "
                              "now() FROM outbox_events WHERE event_id = '" +
                              a + "'"),
            "t");
  // The same request again: the first answer. A new one: no longer a dead letter.
  opb::DeadLetter replay;
  ASSERT_TRUE(Retry(AdminOf(kCommunityA), a, "r-4", &replay).ok());
  EXPECT_EQ(replay.SerializeAsString(), retried.SerializeAsString());
  EXPECT_EQ(Retry(AdminOf(kCommunityA), a, "r-5", &retried).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The system reaches every region.
  EXPECT_TRUE(Retry(System(), legacy, "r-6", &retried).ok());
  EXPECT_EQ(Ids(System()), (std::vector<std::string>{b}));
}

}  // namespace
}  // namespace tongxin
