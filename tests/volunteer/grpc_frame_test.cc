// volunteer_grpc_test: the frame every RPC runs in — authentication, deadlines, one log line
// per call without personal data.
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// ---- authentication ----

TEST_F(VolunteerGrpcTest, MissingOrBadTokenIsUnauthenticated) {
  pb::ListStreetsRequest request;
  pb::ListStreetsResponse response;
  EXPECT_EQ(Call(&Stub::ListStreets, "", request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(&Stub::ListStreets, "not-a-jwt", request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  TokenClaims claims;
  claims.subject = "x";
  claims.role = Role::kSystem;
  std::string forged = *MintHs256(claims, "some-other-secret-0000000000000", *clock_);
  EXPECT_EQ(Call(&Stub::ListStreets, forged, request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Call(&Stub::ListStreets, Self("anyone"), request, &response).ok());
}

// ---- the frame ----

TEST_F(VolunteerGrpcTest, ExpiredDeadlineIsDeadlineExceeded) {
  pb::ListStreetsRequest request;
  pb::ListStreetsResponse response;
  EXPECT_EQ(
      Call(&Stub::ListStreets, Self("x"), request, &response, std::chrono::milliseconds(-1000))
          .error_code(),
      grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(VolunteerGrpcTest, EveryCallIsLoggedOnceWithoutPersonalData) {
  auto person = NewPerson(kCommunityA);
  person.set_request_id("log-check-request");
  MustRegister(person);
  int lines = 0;
  for (const auto& line : log_sink_->last_formatted()) {
    if (line.find("request_id=log-check-request") == std::string::npos) continue;
    ++lines;
    EXPECT_NE(line.find("method=RegisterVolunteer"), std::string::npos);
    EXPECT_NE(line.find("code=OK"), std::string::npos);
    EXPECT_NE(line.find("caller=admin-a"), std::string::npos);
    EXPECT_NE(line.find("latency_ms="), std::string::npos);
  }
  EXPECT_EQ(lines, 1);
}

// ---- request ids (AIP-155) ----

// Issue 11 hole 8: a request id is the caller's own. Another caller who uses (or guesses) the same
// id gets their own first answer, and neither blocks nor reads the other's.
TEST_F(VolunteerGrpcTest, RequestIdsAreScopedToTheirCaller) {
  auto first = NewPerson(kCommunityA);
  first.set_request_id("shared-request-id");
  pb::Volunteer by_admin_a = MustRegister(first, AdminA());

  auto second = NewPerson(kCommunityB);
  second.set_request_id("shared-request-id");
  pb::Volunteer by_admin_b = MustRegister(second, AdminB());
  EXPECT_NE(by_admin_b.volunteer_id(), by_admin_a.volunteer_id());
  EXPECT_EQ(by_admin_b.community_id(), kCommunityB);

  // Each caller's retry still returns its own first answer.
  pb::Volunteer retried;
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, AdminA(), first, &retried).ok());
  EXPECT_EQ(retried.volunteer_id(), by_admin_a.volunteer_id());
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, AdminB(), second, &retried).ok());
  EXPECT_EQ(retried.volunteer_id(), by_admin_b.volunteer_id());
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
