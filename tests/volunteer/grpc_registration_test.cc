// volunteer_grpc_test: registering volunteers (masked personal data, uniqueness, bad input,
// idempotent replay, who may register) and reading them.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// ---- registration ----

TEST_F(VolunteerGrpcTest, AdminRegistersAVolunteerWithMaskedPersonalData) {
  auto request = NewPerson(kCommunityA, /*party_member=*/true);
  request.set_grid_id(kGridA1);
  pb::Volunteer volunteer = MustRegister(request);
  EXPECT_EQ(volunteer.status(), pb::VOLUNTEER_STATUS_ACTIVE);
  // The first 2 and the last 2 characters (see MaskResidentId).
  EXPECT_EQ(volunteer.id_number_masked(), request.id_number().substr(0, 2) + std::string(14, '*') +
                                              request.id_number().substr(16));
  EXPECT_EQ(volunteer.phone_masked(),
            request.phone().substr(0, 3) + "****" + request.phone().substr(7));
  EXPECT_EQ(volunteer.birth_year(), 1980);
  EXPECT_EQ(volunteer.gender(),
            (request.id_number()[16] - '0') % 2 ? pb::GENDER_MALE : pb::GENDER_FEMALE);
  EXPECT_EQ(volunteer.grid_id(), kGridA1);

  // At rest: sealed, not readable, and not in the logs.
  std::string row = Scalar("SELECT row_to_json(v)::text FROM volunteers v WHERE volunteer_id = '" +
                           volunteer.volunteer_id() + "'");
  EXPECT_EQ(row.find(request.id_number()), std::string::npos);
  EXPECT_EQ(row.find(request.phone()), std::string::npos);
  for (const auto& line : log_sink_->last_formatted()) {
    EXPECT_EQ(line.find(request.id_number()), std::string::npos) << line;
    EXPECT_EQ(line.find(request.phone()), std::string::npos) << line;
    EXPECT_EQ(line.find(request.name()), std::string::npos) << line;
  }
}

TEST_F(VolunteerGrpcTest, RegisteringTheSamePersonTwiceIsAlreadyExists) {
  auto request = NewPerson();
  MustRegister(request);
  request.set_request_id(NextRequestId());
  request.set_phone("13900009999");
  pb::Volunteer volunteer;
  grpc::Status status = Call(&Stub::RegisterVolunteer, AdminA(), request, &volunteer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(status.error_message().find("id_number"), std::string::npos);
  // The ID number is found however it is written (lower-case x).
  auto with_x = NewPerson();
  std::string first17 = "11010519491231002";
  with_x.set_id_number(IdNumber(first17));
  ASSERT_EQ(with_x.id_number().back(), 'X');
  MustRegister(with_x);
  with_x.set_request_id(NextRequestId());
  with_x.set_phone("13900008888");
  with_x.set_id_number(first17 + "x");
  EXPECT_EQ(Call(&Stub::RegisterVolunteer, AdminA(), with_x, &volunteer).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(VolunteerGrpcTest, BadRegistrationsNameTheField) {
  struct Case {
    std::function<void(pb::RegisterVolunteerRequest&)> spoil;
    std::string field;
  };
  std::vector<Case> cases = {
      {[](auto& r) { r.set_id_number(r.id_number().substr(0, 17) + "0"); }, "id_number"},
      {[](auto& r) {
         r.set_id_number(
             "41150219800230123"
             "4");
       },
       "id_number"},
      {[](auto& r) { r.set_id_number("4115021980010112"); }, "id_number"},
      {[](auto& r) { r.set_phone("12012345678"); }, "phone"},
      {[](auto& r) { r.set_name(""); }, "name"},
      {[](auto& r) { r.set_community_id("41150200100"); }, "community_id"},
      {[](auto& r) { r.set_political_status(pb::POLITICAL_STATUS_UNSPECIFIED); },
       "political_status"},
      {[](auto& r) { r.set_political_status(pb::POLITICAL_STATUS_PARTY_MEMBER); }, "party_branch"},
      {[](auto& r) { r.set_birth_date("1999-01-01"); }, "birth_date"},
      {[](auto& r) { r.set_gender(r.id_number()[16] % 2 ? pb::GENDER_FEMALE : pb::GENDER_MALE); },
       "gender"},
      {[](auto& r) { r.set_grid_id(kGridB1); }, "grid_id"},
      {[](auto& r) { r.set_request_id(""); }, "request_id"},
  };
  for (const auto& c : cases) {
    auto request = NewPerson();
    c.spoil(request);
    pb::Volunteer volunteer;
    grpc::Status status = Call(&Stub::RegisterVolunteer, AdminA(), request, &volunteer);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(status.error_message().rfind(c.field, 0), 0u)
        << c.field << ": " << status.error_message();
    // The message never echoes the ID number.
    EXPECT_EQ(status.error_message().find(request.id_number()), std::string::npos);
  }
  auto unknown_community = NewPerson("411502001009");
  pb::Volunteer volunteer;
  EXPECT_EQ(
      Call(&Stub::RegisterVolunteer, StreetAdmin(), unknown_community, &volunteer).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(VolunteerGrpcTest, RegistrationIsIdempotentByRequestId) {
  auto request = NewPerson();
  pb::Volunteer first = MustRegister(request);
  pb::Volunteer again;
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, AdminA(), request, &again).ok());
  EXPECT_EQ(again.volunteer_id(), first.volunteer_id());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  auto changed = request;
  changed.set_name("李四");
  grpc::Status status = Call(&Stub::RegisterVolunteer, AdminA(), changed, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("request_id"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM volunteers WHERE name = '李四'"), "0");
}

TEST_F(VolunteerGrpcTest, RegistrationAuthorizationMatrix) {
  pb::Volunteer volunteer;
  EXPECT_EQ(
      Call(&Stub::RegisterVolunteer, AdminB(), NewPerson(kCommunityA), &volunteer).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      Call(&Stub::RegisterVolunteer, StreetAdmin(), NewPerson(kCommunityA), &volunteer).ok());
  EXPECT_TRUE(Call(&Stub::RegisterVolunteer, System(), NewPerson(kCommunityB), &volunteer).ok());
  // Self-registration: the account becomes the volunteer, pending review.
  ASSERT_TRUE(
      Call(&Stub::RegisterVolunteer, Self("account-42"), NewPerson(kCommunityB), &volunteer).ok());
  EXPECT_EQ(volunteer.volunteer_id(), "account-42");
  EXPECT_EQ(volunteer.status(), pb::VOLUNTEER_STATUS_PENDING);
  EXPECT_EQ(Call(&Stub::RegisterVolunteer, Self("account-42"), NewPerson(kCommunityB), &volunteer)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

// ---- reading volunteers ----

TEST_F(VolunteerGrpcTest, GetVolunteerAuthorizationMatrix) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  pb::GetVolunteerRequest request;
  request.set_volunteer_id(v.volunteer_id());
  pb::Volunteer got;
  EXPECT_TRUE(Call(&Stub::GetVolunteer, Self(v.volunteer_id()), request, &got).ok());
  EXPECT_TRUE(Call(&Stub::GetVolunteer, AdminA(), request, &got).ok());
  EXPECT_TRUE(Call(&Stub::GetVolunteer, StreetAdmin(), request, &got).ok());
  EXPECT_TRUE(Call(&Stub::GetVolunteer, System(), request, &got).ok());
  EXPECT_EQ(Call(&Stub::GetVolunteer, AdminB(), request, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetVolunteer, Self("someone-else"), request, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_volunteer_id("no-such-volunteer");
  EXPECT_EQ(Call(&Stub::GetVolunteer, AdminA(), request, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(VolunteerGrpcTest, AdminFindsAVolunteerByFullIdNumber) {
  auto person = NewPerson(kCommunityA);
  pb::Volunteer v = MustRegister(person);
  pb::FindVolunteerByIdNumberRequest request;
  request.set_id_number(person.id_number());
  pb::Volunteer found;
  ASSERT_TRUE(Call(&Stub::FindVolunteerByIdNumber, AdminA(), request, &found).ok());
  EXPECT_EQ(found.volunteer_id(), v.volunteer_id());
  // Out of scope is answered as nobody (grpc_lookups_test.cc).
  EXPECT_EQ(Call(&Stub::FindVolunteerByIdNumber, AdminB(), request, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      Call(&Stub::FindVolunteerByIdNumber, Self(v.volunteer_id()), request, &found).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  request.set_id_number(IdNumber("41150219900101999"));
  EXPECT_EQ(Call(&Stub::FindVolunteerByIdNumber, AdminA(), request, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_id_number("123");
  EXPECT_EQ(Call(&Stub::FindVolunteerByIdNumber, AdminA(), request, &found).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(VolunteerGrpcTest, ListVolunteersFiltersPagesAndChecksScope) {
  const std::string community = "411502001004";
  pb::CreateCommunityRequest create;
  create.set_request_id(NextRequestId());
  create.mutable_community()->set_community_id(community);
  create.mutable_community()->set_name("五星社区");
  pb::Community created;
  ASSERT_TRUE(Call(&Stub::CreateCommunity, StreetAdmin(), create, &created).ok());
  std::string admin = Token(Role::kCommunityAdmin, "admin-d", {community});
  for (int i = 0; i < 5; ++i) {
    auto person = NewPerson(community, /*party_member=*/i % 2 == 0);
    if (i == 0) person.add_skills("legal");
    MustRegister(person, admin);
  }
  pb::ListVolunteersRequest request;
  request.set_region_id(community);
  request.set_page_size(2);
  std::set<std::string> ids;
  for (int page = 0; page < 10; ++page) {
    pb::ListVolunteersResponse response;
    ASSERT_TRUE(Call(&Stub::ListVolunteers, admin, request, &response).ok());
    EXPECT_LE(response.volunteers_size(), 2);
    for (const auto& v : response.volunteers()) ids.insert(v.volunteer_id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(ids.size(), 5u);

  pb::ListVolunteersRequest party;
  party.set_region_id(community);
  party.set_party_members_only(true);
  pb::ListVolunteersResponse response;
  ASSERT_TRUE(Call(&Stub::ListVolunteers, admin, party, &response).ok());
  EXPECT_EQ(response.volunteers_size(), 3);
  pb::ListVolunteersRequest legal;
  legal.set_region_id(community);
  legal.set_skill("legal");
  ASSERT_TRUE(Call(&Stub::ListVolunteers, StreetAdmin(), legal, &response).ok());
  EXPECT_EQ(response.volunteers_size(), 1);
  pb::ListVolunteersRequest street_wide;
  street_wide.set_region_id(kStreet);
  street_wide.set_status(pb::VOLUNTEER_STATUS_ACTIVE);
  street_wide.set_page_size(200);
  ASSERT_TRUE(Call(&Stub::ListVolunteers, StreetAdmin(), street_wide, &response).ok());
  EXPECT_GE(response.volunteers_size(), 5);

  EXPECT_EQ(Call(&Stub::ListVolunteers, AdminA(), party, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ListVolunteers, Self("x"), party, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  party.set_region_id("");
  EXPECT_EQ(Call(&Stub::ListVolunteers, admin, party, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
