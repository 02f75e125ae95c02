// posts_grpc_test: who may adopt, adoptions for a volunteer by an admin (only with scope over
// the volunteer's community), the per-person limit, closed posts, withdrawal, units, the
// adoption race, and adoption refused (never unchecked) while the volunteer service is down.
#include <cctype>
#include <vector>

#include "services/clients/grpc_volunteer_directory.h"
#include "tests/posts/posts_test.h"

namespace tongxin::posts {
namespace {

TEST_F(PostsTest, OnlyReportedPartyMembersAdoptUnlessVolunteersAreWelcome) {
  pb::Post post = NewPost(3);
  std::string reported = NewVolunteer(true, kCommunityA);
  std::string elsewhere = NewVolunteer(true, kCommunityB);
  std::string masses = NewVolunteer(false);
  pb::Adoption adoption;
  EXPECT_EQ(Adopt(post.post_id(), elsewhere, &adoption).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Adopt(post.post_id(), masses, &adoption).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Adopt(post.post_id(), reported, &adoption).ok());
  EXPECT_EQ(adoption.adopter_name().substr(0, 6), "党员");
  EXPECT_TRUE(adoption.party_member());
  EXPECT_EQ(Adopt(post.post_id(), reported, &adoption).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  pb::AdoptPostRequest for_other;
  for_other.set_request_id(NextId());
  for_other.set_post_id(post.post_id());
  for_other.set_adopter_id(masses);
  EXPECT_EQ(Call(&Stub::AdoptPost, Self(reported), for_other, &adoption).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Adopt(post.post_id(), "no-such-volunteer", &adoption).error_code(),
            grpc::StatusCode::NOT_FOUND);

  pb::Post open_post = NewPost(3, /*volunteers_allowed=*/true);
  EXPECT_TRUE(Adopt(open_post.post_id(), masses, &adoption).ok());
}

TEST_F(PostsTest, LimitsClosedPostsWithdrawalAndUnits) {
  std::string member = NewVolunteer(true, kCommunityA);
  pb::Adoption adoption;
  std::vector<pb::Adoption> held;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Adopt(NewPost(2).post_id(), member, &adoption).ok());
    held.push_back(adoption);
  }
  pb::Post fourth = NewPost(2);
  grpc::Status over = Adopt(fourth.post_id(), member, &adoption);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(over.error_message().find("at most 3"), std::string::npos);

  pb::WithdrawAdoptionRequest withdraw;
  withdraw.set_request_id(NextId());
  withdraw.set_adoption_id(held[0].adoption_id());
  pb::Adoption withdrawn;
  EXPECT_EQ(Call(&Stub::WithdrawAdoption, Self("intruder"), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::WithdrawAdoption, Self(member), withdraw, &withdrawn).ok());
  EXPECT_EQ(withdrawn.status(), pb::ADOPTION_STATUS_WITHDRAWN);
  withdraw.set_request_id(NextId());
  EXPECT_EQ(Call(&Stub::WithdrawAdoption, Self(member), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  pb::GetPostRequest get;
  get.set_post_id(held[0].post_id());
  pb::Post freed;
  ASSERT_TRUE(Call(&Stub::GetPost, Self(member), get, &freed).ok());
  EXPECT_EQ(freed.adopted(), 0);
  EXPECT_TRUE(Adopt(fourth.post_id(), member, &adoption).ok());  // the place freed in the limit

  pb::SetPostOpenRequest close;
  close.set_request_id(NextId());
  close.set_post_id(freed.post_id());
  close.set_open(false);
  pb::Post closed;
  ASSERT_TRUE(Call(&Stub::SetPostOpen, AdminA(), close, &closed).ok());
  EXPECT_EQ(closed.status(), pb::POST_STATUS_CLOSED);
  EXPECT_EQ(Adopt(closed.post_id(), NewVolunteer(true, kCommunityA), &adoption).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::Unit unit = NewUnit("浉河区人社局");
  pb::AdoptPostRequest by_unit = UnitAdoption(NewPost(2).post_id(), unit.unit_id());
  EXPECT_EQ(Call(&Stub::AdoptPost, Self(member), by_unit, &adoption).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::AdoptPost, AdminA(), by_unit, &adoption).ok());
  EXPECT_EQ(adoption.adopter_name(), "浉河区人社局");
  // The same unit spelt in capitals is still the same adopter.
  by_unit.set_request_id(NextId());
  std::string upper = unit.unit_id();
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  by_unit.set_adopter_id(upper);
  EXPECT_EQ(Call(&Stub::AdoptPost, AdminA(), by_unit, &adoption).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PostsTest, TwoHundredAdoptersOfFivePlacesGiveFiveAdoptions) {
  constexpr int kAdopters = 200, kCapacity = 5;
  std::vector<std::string> members =
      NewPeople(kAdopters, [] { return NewVolunteer(true, kCommunityA); });
  pb::Post post = NewPost(kCapacity);
  RaceResult race = Race(kAdopters, [&](int i) {
    pb::Adoption adoption;
    return Adopt(post.post_id(), members[i], &adoption);
  });
  EXPECT_EQ(race.ok, kCapacity);
  EXPECT_EQ(race.refused, kAdopters - kCapacity);
  EXPECT_EQ(race.other, 0);
  pb::GetPostRequest get;
  get.set_post_id(post.post_id());
  pb::Post full;
  ASSERT_TRUE(Call(&Stub::GetPost, AdminA(), get, &full).ok());
  EXPECT_EQ(full.adopted(), kCapacity);
  EXPECT_EQ(full.status(), pb::POST_STATUS_FULL);
  EXPECT_EQ(Database().Scalar("SELECT count(*) FROM adoptions WHERE post_id = '" + post.post_id() +
                              "' AND status = 1"),
            std::to_string(kCapacity));
}

TEST_F(PostsTest, AdoptionFailsUnavailableWhenTheVolunteerServiceIsDown) {
  // A second posts server whose volunteer service cannot be reached.
  clients::GrpcVolunteerDirectory unreachable(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), SystemToken);
  testing::TestServer server(*clock_);
  auto service = PostsService::Create(PostsDb(), *clock_, {server.runner(), unreachable});
  server.Start(service->service());
  auto stub = pb::PostsService::NewStub(server.channel());
  pb::Post post = NewPost(2);
  std::string member = NewVolunteer(true, kCommunityA);
  pb::AdoptPostRequest request;
  request.set_request_id(NextId());
  request.set_post_id(post.post_id());
  request.set_adopter_id(member);
  pb::Adoption adoption;
  grpc::Status status = testing::CallWith(stub.get(), &Stub::AdoptPost, Self(member), request,
                                          &adoption, std::chrono::seconds(3));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Database().Scalar("SELECT adopted FROM posts WHERE post_id = '" + post.post_id() + "'"),
            "0");
}

TEST_F(PostsTest, AnAdminAdoptsForAVolunteerOnlyWithScopeOverTheirCommunity) {
  // A party member of community B who reported to community A.
  std::string from_b = neighbours_->RegisterVolunteer(NextPerson(), "外社区党员", "19850101",
                                                      "1370000", kCommunityB, true, kCommunityA);
  pb::Post post = NewPost(3);  // in community A, for reported party members
  pb::AdoptPostRequest request;
  request.set_request_id(NextId());
  request.set_post_id(post.post_id());
  request.set_adopter_id(from_b);
  pb::Adoption adoption;
  grpc::Status out_of_scope = Call(&Stub::AdoptPost, AdminA(), request, &adoption);
  EXPECT_EQ(out_of_scope.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  for (const char* leak : {"外社区", "党员", "party", kCommunityB}) {
    EXPECT_EQ(out_of_scope.error_message().find(leak), std::string::npos)
        << out_of_scope.error_message();
  }
  // A volunteer who does not exist gets the same answer: nothing tells them apart.
  request.set_request_id(NextId());
  request.set_adopter_id("no-such-volunteer");
  grpc::Status unknown = Call(&Stub::AdoptPost, AdminA(), request, &adoption);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(unknown.error_message(), out_of_scope.error_message());
  EXPECT_EQ(Database().Scalar("SELECT adopted FROM posts WHERE post_id = '" + post.post_id() + "'"),
            "0");
  // The street admin is in scope of both; A's admin adopts for A's own volunteers.
  request.set_request_id(NextId());
  request.set_adopter_id(from_b);
  ASSERT_TRUE(Call(&Stub::AdoptPost, StreetAdmin(), request, &adoption).ok());
  EXPECT_EQ(adoption.adopter_id(), from_b);
  request.set_request_id(NextId());
  request.set_adopter_id(NewVolunteer(true, kCommunityA));
  EXPECT_TRUE(Call(&Stub::AdoptPost, AdminA(), request, &adoption).ok());
}

}  // namespace
}  // namespace tongxin::posts
