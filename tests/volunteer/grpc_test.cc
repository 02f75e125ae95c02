// The volunteer service over real gRPC on a real PostgreSQL: every RPC, its error paths,
// idempotent replay and the authorization matrix.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/volunteer/domain/identity.h"
#include "services/volunteer/grpc/volunteer_grpc.h"
#include "tests/support/test_db.h"

namespace tongxin::volunteer {
namespace {

constexpr char kSecret[] = "volunteer-grpc-test-secret-000000";
constexpr char kStreet[] = "411502001";
constexpr char kCommunityA[] = "411502001001";
constexpr char kCommunityB[] = "411502001002";
constexpr char kGridA1[] = "411502001001001";
constexpr char kGridB1[] = "411502001002001";

// Valid resident ID numbers (ISO 7064 MOD 11-2) for the tests.
std::string IdNumber(const std::string& first17) {
  return first17 + ResidentIdCheckCharacter(first17);
}

class VolunteerGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log_sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(2000);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_sink_));
    database_ = new testing::TestDatabase("volunteer_grpc", "volunteer");
    clock_ = new FakeClock(std::chrono::system_clock::from_time_t(1781500000));  // 2026-06-15
    db_ = database_->Open(8).release();
    cipher_ = new PersonalDataCipher(*PersonalDataCipher::FromHex(std::string(64, 'a')));
    grids_ = new GridRepository(*db_);
    volunteers_ = new VolunteerRepository(*db_);
    teams_ = new TeamRepository(*db_);
    records_ = new ServiceRecordRepository(*db_);
    domain_ = new VolunteerDomain(*grids_, *volunteers_, *teams_, *records_, *cipher_, *clock_);
    verifier_ = TokenVerifier::Hs256(kSecret, clock_).release();
    workers_ = new WorkerPool(8, 1024);
    runner_ = new RpcRunner(*verifier_, *workers_);
    service_ = new VolunteerGrpc(*domain_, *db_, *runner_, *cipher_);
    host_ = new ServiceHost(ServerOptions{});
    host_->AddService(service_);
    ASSERT_TRUE(host_->Start().ok());
    stub_ = pb::VolunteerService::NewStub(
                grpc::CreateChannel("127.0.0.1:" + std::to_string(host_->port()),
                                    grpc::InsecureChannelCredentials()))
                .release();
    SeedHierarchy();
  }

  static void TearDownTestSuite() {
    host_->Shutdown();
    delete stub_;
    delete host_;
    delete service_;
    delete runner_;
    delete workers_;
    delete verifier_;
    delete domain_;
    delete records_;
    delete teams_;
    delete volunteers_;
    delete grids_;
    delete cipher_;
    delete db_;
    delete clock_;
    delete database_;
  }

  static std::string Token(Role role, const std::string& subject,
                           std::vector<std::string> scope = {}) {
    TokenClaims claims;
    claims.subject = subject;
    claims.role = role;
    claims.scope = std::move(scope);
    return *MintHs256(claims, kSecret, *clock_);
  }
  static std::string System() { return Token(Role::kSystem, "posts-service"); }
  static std::string StreetAdmin() { return Token(Role::kStreetAdmin, "street-1", {kStreet}); }
  static std::string AdminA() { return Token(Role::kCommunityAdmin, "admin-a", {kCommunityA}); }
  static std::string AdminB() { return Token(Role::kCommunityAdmin, "admin-b", {kCommunityB}); }
  static std::string Self(const std::string& id) { return Token(Role::kVolunteer, id); }

  // Calls `method` with `token` (empty: no authorization header).
  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (pb::VolunteerService::Stub::*method)(grpc::ClientContext*,
                                                                              const Request&,
                                                                              Response*),
                           const std::string& token, const Request& request, Response* response,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    return (stub_->*method)(&context, request, response);
  }

  static std::string NextRequestId() { return "req-" + std::to_string(++request_counter_); }

  static void SeedHierarchy() {
    pb::CreateStreetRequest street;
    street.set_request_id(NextRequestId());
    street.mutable_street()->set_street_id(kStreet);
    street.mutable_street()->set_name("五星街道");
    street.mutable_street()->set_district("浉河区");
    pb::Street created_street;
    ASSERT_TRUE(
        Call(&pb::VolunteerService::Stub::CreateStreet, System(), street, &created_street).ok());
    for (auto [id, name] : {std::pair{kCommunityA, "河南路社区"}, {kCommunityB, "大拱桥社区"}}) {
      pb::CreateCommunityRequest request;
      request.set_request_id(NextRequestId());
      request.mutable_community()->set_community_id(id);
      request.mutable_community()->set_name(name);
      pb::Community community;
      ASSERT_TRUE(
          Call(&pb::VolunteerService::Stub::CreateCommunity, StreetAdmin(), request, &community)
              .ok());
    }
    for (auto [id, name] : {std::pair{kGridA1, "第一网格"}, {kGridB1, "第一网格"}}) {
      pb::CreateGridRequest request;
      request.set_request_id(NextRequestId());
      request.mutable_grid()->set_grid_id(id);
      request.mutable_grid()->set_name(name);
      request.mutable_grid()->set_households(80);
      pb::Grid grid;
      ASSERT_TRUE(
          Call(&pb::VolunteerService::Stub::CreateGrid, StreetAdmin(), request, &grid).ok());
    }
  }

  // A registration request for a new person: distinct ID number and phone per call.
  static pb::RegisterVolunteerRequest NewPerson(const std::string& community = kCommunityA,
                                                bool party_member = false) {
    int n = ++person_counter_;
    pb::RegisterVolunteerRequest request;
    request.set_request_id(NextRequestId());
    request.set_name("张" + std::to_string(n));
    std::string sequence = std::to_string(1000 + n % 1000).substr(1);
    request.set_id_number(IdNumber("41150219800101" + sequence));
    request.set_phone("1380000" + std::to_string(1000 + n));
    request.set_community_id(community);
    request.add_skills("medical");
    request.set_political_status(party_member ? pb::POLITICAL_STATUS_PARTY_MEMBER
                                              : pb::POLITICAL_STATUS_MASSES);
    if (party_member) request.set_party_branch("河南路社区第一党支部");
    return request;
  }

  static pb::Volunteer MustRegister(pb::RegisterVolunteerRequest request,
                                    const std::string& token = "") {
    pb::Volunteer volunteer;
    grpc::Status status = Call(&pb::VolunteerService::Stub::RegisterVolunteer,
                               token.empty() ? AdminA() : token, request, &volunteer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return volunteer;
  }

  static inline testing::TestDatabase* database_;
  static inline FakeClock* clock_;
  static inline Db* db_;
  static inline PersonalDataCipher* cipher_;
  static inline GridRepository* grids_;
  static inline VolunteerRepository* volunteers_;
  static inline TeamRepository* teams_;
  static inline ServiceRecordRepository* records_;
  static inline VolunteerDomain* domain_;
  static inline TokenVerifier* verifier_;
  static inline WorkerPool* workers_;
  static inline RpcRunner* runner_;
  static inline VolunteerGrpc* service_;
  static inline ServiceHost* host_;
  static inline pb::VolunteerService::Stub* stub_;
  static inline std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_sink_;
  static inline int request_counter_ = 0;
  static inline int person_counter_ = 0;
};

using Stub = pb::VolunteerService::Stub;

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

// ---- grid hierarchy ----

TEST_F(VolunteerGrpcTest, StreetsAreCreatedByStreetAdminsInScopeOnly) {
  pb::CreateStreetRequest request;
  request.set_request_id(NextRequestId());
  request.mutable_street()->set_street_id("411502002");
  request.mutable_street()->set_name("老城街道");
  pb::Street street;
  EXPECT_EQ(Call(&Stub::CreateStreet, AdminA(), request, &street).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreateStreet, StreetAdmin(), request, &street).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // 411502001 does not cover 411502002
  EXPECT_EQ(Call(&Stub::CreateStreet, Self("v"), request, &street).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::string district_admin = Token(Role::kStreetAdmin, "district", {"411502"});
  ASSERT_TRUE(Call(&Stub::CreateStreet, district_admin, request, &street).ok());
  EXPECT_EQ(street.name(), "老城街道");

  request.set_request_id(NextRequestId());
  grpc::Status duplicate = Call(&Stub::CreateStreet, district_admin, request, &street);
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(duplicate.error_message().find("street.street_id"), std::string::npos);

  request.set_request_id(NextRequestId());
  request.mutable_street()->set_street_id("4115");
  grpc::Status bad = Call(&Stub::CreateStreet, district_admin, request, &street);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("street.street_id"), std::string::npos);
}

TEST_F(VolunteerGrpcTest, CommunitiesAndGridsFollowTheHierarchy) {
  pb::CreateCommunityRequest community;
  community.set_request_id(NextRequestId());
  community.mutable_community()->set_community_id("411502001003");
  community.mutable_community()->set_name("平西社区");
  pb::Community created;
  EXPECT_EQ(Call(&Stub::CreateCommunity, AdminA(), community, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreateCommunity, StreetAdmin(), community, &created).ok());
  EXPECT_EQ(created.street_id(), kStreet);

  pb::CreateGridRequest grid;
  grid.set_request_id(NextRequestId());
  grid.mutable_grid()->set_grid_id("411502001003001");
  grid.mutable_grid()->set_name("第一网格");
  pb::Grid created_grid;
  EXPECT_EQ(Call(&Stub::CreateGrid, AdminA(), grid, &created_grid).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::string admin_c = Token(Role::kCommunityAdmin, "admin-c", {"411502001003"});
  ASSERT_TRUE(Call(&Stub::CreateGrid, admin_c, grid, &created_grid).ok());
  EXPECT_EQ(created_grid.community_id(), "411502001003");

  grid.set_request_id(NextRequestId());
  grid.mutable_grid()->set_grid_id("411502001009001");  // community 009 does not exist
  EXPECT_EQ(Call(&Stub::CreateGrid, StreetAdmin(), grid, &created_grid).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::GetGridRequest get;
  get.set_grid_id("411502001003001");
  pb::Grid got;
  ASSERT_TRUE(Call(&Stub::GetGrid, Self("anyone"), get, &got).ok());
  EXPECT_EQ(got.name(), "第一网格");
  get.set_grid_id("411502001003099");
  EXPECT_EQ(Call(&Stub::GetGrid, Self("anyone"), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(VolunteerGrpcTest, ListsPageWithTokens) {
  std::vector<std::string> seen;
  pb::ListCommunitiesRequest request;
  request.set_street_id(kStreet);
  request.set_page_size(1);
  for (int page = 0; page < 10; ++page) {
    pb::ListCommunitiesResponse response;
    ASSERT_TRUE(Call(&Stub::ListCommunities, Self("anyone"), request, &response).ok());
    for (const auto& c : response.communities()) seen.push_back(c.community_id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_GE(seen.size(), 2u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());

  request.set_page_token("dHgxOv8");  // decodes to the prefix and a byte that is not UTF-8
  pb::ListCommunitiesResponse not_utf8;
  EXPECT_EQ(Call(&Stub::ListCommunities, Self("anyone"), request, &not_utf8).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_page_token("garbage");
  pb::ListCommunitiesResponse response;
  grpc::Status bad = Call(&Stub::ListCommunities, Self("anyone"), request, &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("page_token"), std::string::npos);
  request.clear_page_token();
  request.set_page_size(-1);
  EXPECT_EQ(Call(&Stub::ListCommunities, Self("anyone"), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// ---- registration ----

TEST_F(VolunteerGrpcTest, AdminRegistersAVolunteerWithMaskedPersonalData) {
  auto request = NewPerson(kCommunityA, /*party_member=*/true);
  request.set_grid_id(kGridA1);
  pb::Volunteer volunteer = MustRegister(request);
  EXPECT_EQ(volunteer.status(), pb::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(volunteer.id_number_masked(),
            request.id_number().substr(0, 6) + "********" + request.id_number().substr(14));
  EXPECT_EQ(volunteer.phone_masked(),
            request.phone().substr(0, 3) + "****" + request.phone().substr(7));
  EXPECT_EQ(volunteer.birth_year(), 1980);
  EXPECT_EQ(volunteer.gender(),
            (request.id_number()[16] - '0') % 2 ? pb::GENDER_MALE : pb::GENDER_FEMALE);
  EXPECT_EQ(volunteer.grid_id(), kGridA1);

  // At rest: sealed, not readable, and not in the logs.
  std::string row =
      database_->Scalar("SELECT row_to_json(v)::text FROM volunteers v WHERE volunteer_id = '" +
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
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM volunteers WHERE name = '李四'"), "0");
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
  EXPECT_EQ(Call(&Stub::FindVolunteerByIdNumber, AdminB(), request, &found).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
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

// ---- updates and status ----

TEST_F(VolunteerGrpcTest, UpdateVolunteerHonoursTheMaskAndScope) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  pb::UpdateVolunteerRequest request;
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(v.volunteer_id());
  request.mutable_update_mask()->add_paths("phone");
  request.mutable_update_mask()->add_paths("skills");
  request.set_phone("+86 139-1234-5678");
  request.add_skills("electrician");
  request.set_name("ignored because not in the mask");
  pb::Volunteer updated;
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Self(v.volunteer_id()), request, &updated).ok());
  EXPECT_EQ(updated.phone_masked(), "139****5678");
  EXPECT_EQ(updated.name(), v.name());
  ASSERT_EQ(updated.skills_size(), 1);
  EXPECT_EQ(updated.skills(0), "electrician");

  auto bad = request;
  bad.set_request_id(NextRequestId());
  bad.mutable_update_mask()->add_paths("id_number");
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), bad, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto no_mask = request;
  no_mask.set_request_id(NextRequestId());
  no_mask.clear_update_mask();
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), no_mask, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto other = request;
  other.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminB(), other, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, Self("intruder"), other, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Taking another volunteer's phone is refused.
  auto second = NewPerson(kCommunityA);
  MustRegister(second);
  auto clash = request;
  clash.set_request_id(NextRequestId());
  clash.set_phone(second.phone());
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), clash, &updated).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Moving to community B: the admin must hold B as well.
  auto move = request;
  move.set_request_id(NextRequestId());
  move.mutable_update_mask()->Clear();
  move.mutable_update_mask()->add_paths("community_id");
  move.set_community_id(kCommunityB);
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), move, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, StreetAdmin(), move, &updated).ok());
  EXPECT_EQ(updated.community_id(), kCommunityB);
}

TEST_F(VolunteerGrpcTest, StatusTransitionsFollowTheLifeCycle) {
  pb::Volunteer v;
  ASSERT_TRUE(
      Call(&Stub::RegisterVolunteer, Self("account-lifecycle"), NewPerson(kCommunityA), &v).ok());
  auto change = [&](auto method, const std::string& token, const std::string& reason) {
    pb::ChangeVolunteerStatusRequest request;
    request.set_request_id(NextRequestId());
    request.set_volunteer_id(v.volunteer_id());
    request.set_reason(reason);
    pb::Volunteer out;
    grpc::Status status = Call(method, token, request, &out);
    if (status.ok()) v = out;
    return status.error_code();
  };
  EXPECT_EQ(change(&Stub::ApproveVolunteer, Self(v.volunteer_id()), ""),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(change(&Stub::ApproveVolunteer, AdminB(), ""), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(change(&Stub::ApproveVolunteer, AdminA(), ""), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(change(&Stub::ApproveVolunteer, AdminA(), ""), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(change(&Stub::SuspendVolunteer, AdminA(), ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(change(&Stub::SuspendVolunteer, AdminA(), "长期未参加活动"), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_SUSPENDED);
  EXPECT_EQ(v.status_reason(), "长期未参加活动");
  EXPECT_EQ(change(&Stub::SuspendVolunteer, AdminA(), "again"),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(change(&Stub::ReactivateVolunteer, AdminA(), ""), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(change(&Stub::DeregisterVolunteer, Self("someone-else"), ""),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(change(&Stub::DeregisterVolunteer, Self(v.volunteer_id()), ""), grpc::StatusCode::OK);
  EXPECT_EQ(v.status(), pb::VOLUNTEER_STATUS_DEREGISTERED);
  EXPECT_EQ(change(&Stub::ReactivateVolunteer, AdminA(), ""),
            grpc::StatusCode::FAILED_PRECONDITION);

  pb::UpdateVolunteerRequest update;
  update.set_request_id(NextRequestId());
  update.set_volunteer_id(v.volunteer_id());
  update.mutable_update_mask()->add_paths("name");
  update.set_name("新名字");
  pb::Volunteer updated;
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, AdminA(), update, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(VolunteerGrpcTest, PartyMembersReportToACommunityOnce) {
  pb::Volunteer member = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  pb::Volunteer masses = MustRegister(NewPerson(kCommunityA, /*party_member=*/false));
  pb::ReportToCommunityRequest request;
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(member.volunteer_id());
  request.set_community_id(kCommunityA);
  pb::Volunteer reported;
  EXPECT_EQ(Call(&Stub::ReportToCommunity, Self("someone-else"), request, &reported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ReportToCommunity, Self(member.volunteer_id()), request, &reported).ok());
  EXPECT_EQ(reported.reported_community_id(), kCommunityA);
  EXPECT_TRUE(reported.has_report_time());
  request.set_request_id(NextRequestId());
  EXPECT_EQ(
      Call(&Stub::ReportToCommunity, Self(member.volunteer_id()), request, &reported).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(masses.volunteer_id());
  EXPECT_EQ(Call(&Stub::ReportToCommunity, AdminA(), request, &reported).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  request.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::ReportToCommunity, AdminB(), request, &reported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An admin of B cannot pull a party member of A into B either.
  pb::Volunteer other = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  request.set_request_id(NextRequestId());
  request.set_volunteer_id(other.volunteer_id());
  request.set_community_id(kCommunityB);
  EXPECT_EQ(Call(&Stub::ReportToCommunity, AdminB(), request, &reported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// ---- teams ----

TEST_F(VolunteerGrpcTest, TeamsAreCreatedJoinedAndLeft) {
  pb::CreateTeamRequest create;
  create.set_request_id(NextRequestId());
  create.set_community_id(kCommunityA);
  create.set_name("红马甲巡逻队");
  pb::Team team;
  EXPECT_EQ(Call(&Stub::CreateTeam, Self("v"), create, &team).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreateTeam, AdminB(), create, &team).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CreateTeam, AdminA(), create, &team).ok());
  create.set_request_id(NextRequestId());
  pb::Team duplicate;
  EXPECT_EQ(Call(&Stub::CreateTeam, AdminA(), create, &duplicate).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  pb::JoinTeamRequest join;
  join.set_request_id(NextRequestId());
  join.set_team_id(team.team_id());
  join.set_volunteer_id(v.volunteer_id());
  pb::TeamMember member;
  EXPECT_EQ(Call(&Stub::JoinTeam, Self("other"), join, &member).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::JoinTeam, Self(v.volunteer_id()), join, &member).ok());
  EXPECT_EQ(member.name(), v.name());
  join.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::JoinTeam, Self(v.volunteer_id()), join, &member).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  pb::ListTeamsRequest list;
  list.set_community_id(kCommunityA);
  pb::ListTeamsResponse teams;
  ASSERT_TRUE(Call(&Stub::ListTeams, Self("anyone"), list, &teams).ok());
  ASSERT_EQ(teams.teams_size(), 1);
  EXPECT_EQ(teams.teams(0).member_count(), 1);

  pb::ListTeamMembersRequest members_request;
  members_request.set_team_id(team.team_id());
  pb::ListTeamMembersResponse members;
  EXPECT_EQ(
      Call(&Stub::ListTeamMembers, Self(v.volunteer_id()), members_request, &members).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ListTeamMembers, AdminA(), members_request, &members).ok());
  EXPECT_EQ(members.members_size(), 1);

  pb::LeaveTeamRequest leave;
  leave.set_request_id(NextRequestId());
  leave.set_team_id(team.team_id());
  leave.set_volunteer_id(v.volunteer_id());
  ASSERT_TRUE(Call(&Stub::LeaveTeam, Self(v.volunteer_id()), leave, &member).ok());
  EXPECT_TRUE(member.has_leave_time());
  leave.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::LeaveTeam, Self(v.volunteer_id()), leave, &member).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Rejoining after leaving is allowed; history is kept.
  join.set_request_id(NextRequestId());
  EXPECT_TRUE(Call(&Stub::JoinTeam, Self(v.volunteer_id()), join, &member).ok());

  join.set_request_id(NextRequestId());
  join.set_team_id("not-a-uuid");
  EXPECT_EQ(Call(&Stub::JoinTeam, Self(v.volunteer_id()), join, &member).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  join.set_team_id("00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(Call(&Stub::JoinTeam, Self(v.volunteer_id()), join, &member).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// ---- service record ----

pb::RecordServiceRequest ServiceRequest(const std::string& volunteer_id, double hours,
                                        pb::ServiceSource source, const std::string& ref) {
  pb::RecordServiceRequest request;
  request.set_volunteer_id(volunteer_id);
  request.set_hours(hours);
  request.set_service_date("2026-06-01");
  request.set_organiser("河南路社区");
  request.set_organiser_region_id(kCommunityA);
  request.set_source(source);
  request.set_source_ref(ref);
  return request;
}

TEST_F(VolunteerGrpcTest, RecordServiceIsOncePerSourceRef) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  auto request = ServiceRequest(v.volunteer_id(), 2.5, pb::SERVICE_SOURCE_POST_LOG, "log-1");
  request.set_request_id(NextRequestId());
  pb::ServiceRecord first, repeat;
  ASSERT_TRUE(Call(&Stub::RecordService, System(), request, &first).ok());
  EXPECT_EQ(first.hours(), 2.5);
  EXPECT_EQ(first.recorded_by(), "posts-service");
  // The same log delivered again under another request id: a no-op returning the record.
  request.set_request_id(NextRequestId());
  ASSERT_TRUE(Call(&Stub::RecordService, System(), request, &repeat).ok());
  EXPECT_EQ(repeat.record_id(), first.record_id());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM service_records WHERE source_ref = 'log-1'"),
            "1");
}

TEST_F(VolunteerGrpcTest, RecordServiceValidatesAndAuthorizes) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  pb::ServiceRecord record;
  auto call = [&](pb::RecordServiceRequest request, const std::string& token) {
    request.set_request_id(NextRequestId());
    return Call(&Stub::RecordService, token, request, &record);
  };
  auto ok = ServiceRequest(v.volunteer_id(), 3, pb::SERVICE_SOURCE_ACTIVITY, "");
  EXPECT_EQ(call(ok, Self(v.volunteer_id())).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(call(ok, AdminB()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(call(ok, AdminA()).ok());
  EXPECT_EQ(
      call(ServiceRequest(v.volunteer_id(), 3, pb::SERVICE_SOURCE_POST_LOG, "log-x"), AdminA())
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  auto too_long = ServiceRequest(v.volunteer_id(), 24.5, pb::SERVICE_SOURCE_ACTIVITY, "");
  grpc::Status status = call(too_long, AdminA());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("hours", 0), 0u);
  EXPECT_EQ(call(ServiceRequest(v.volunteer_id(), 0, pb::SERVICE_SOURCE_ACTIVITY, ""), AdminA())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(ServiceRequest(v.volunteer_id(), 1e-10, pb::SERVICE_SOURCE_ACTIVITY, ""), AdminA())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto year_zero = ok;
  year_zero.set_service_date("0000-01-01");
  EXPECT_EQ(call(year_zero, AdminA()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto future = ok;
  future.set_service_date("2026-06-16");
  EXPECT_EQ(call(future, AdminA()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto bad_date = ok;
  bad_date.set_service_date("2026-02-30");
  EXPECT_EQ(call(bad_date, AdminA()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(ServiceRequest(v.volunteer_id(), 1, pb::SERVICE_SOURCE_POST_LOG, ""), System())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(ServiceRequest("nobody", 1, pb::SERVICE_SOURCE_POST_LOG, "log-nobody"), System())
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(VolunteerGrpcTest, CorrectionsKeepHistoryAndSummaryCountsStars) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  std::vector<pb::ServiceRecord> records;
  for (int i = 0; i < 5; ++i) {
    auto request = ServiceRequest(v.volunteer_id(), 20, pb::SERVICE_SOURCE_POST_LOG,
                                  "stars-" + std::to_string(i));
    request.set_request_id(NextRequestId());
    request.set_service_date(i < 3 ? "2026-05-10" : "2026-06-01");
    pb::ServiceRecord record;
    ASSERT_TRUE(Call(&Stub::RecordService, System(), request, &record).ok());
    records.push_back(record);
  }
  auto honour = ServiceRequest(v.volunteer_id(), 4, pb::SERVICE_SOURCE_HONOUR, "");
  honour.set_request_id(NextRequestId());
  honour.set_organiser("五星街道");
  honour.set_organiser_region_id(kStreet);
  pb::ServiceRecord honour_record;
  ASSERT_TRUE(Call(&Stub::RecordService, StreetAdmin(), honour, &honour_record).ok());

  pb::GetServiceSummaryRequest summary_request;
  summary_request.set_volunteer_id(v.volunteer_id());
  pb::ServiceSummary summary;
  ASSERT_TRUE(
      Call(&Stub::GetServiceSummary, Self(v.volunteer_id()), summary_request, &summary).ok());
  EXPECT_DOUBLE_EQ(summary.total_hours(), 104);
  EXPECT_DOUBLE_EQ(summary.honour_hours(), 4);
  EXPECT_EQ(summary.star_level(), 1);
  EXPECT_DOUBLE_EQ(summary.next_star_hours(), 196);
  ASSERT_EQ(summary.by_month_size(), 2);
  EXPECT_EQ(summary.by_month(0).period(), "2026-05");
  EXPECT_DOUBLE_EQ(summary.by_month(0).hours(), 60);
  ASSERT_EQ(summary.by_organiser_size(), 2);
  EXPECT_EQ(summary.by_organiser(0).organiser(), "河南路社区");

  // A correction: 20 h were really 2 h. The old record stays, superseded.
  pb::CorrectServiceRecordRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_record_id(records[0].record_id());
  correct.set_hours(2);
  correct.set_reason("录入错误，实际2小时");
  pb::ServiceRecord corrected;
  EXPECT_EQ(
      Call(&Stub::CorrectServiceRecord, Self(v.volunteer_id()), correct, &corrected).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CorrectServiceRecord, AdminB(), correct, &corrected).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).ok());
  EXPECT_EQ(corrected.corrects_record_id(), records[0].record_id());
  EXPECT_EQ(corrected.hours(), 2);
  correct.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  correct.set_reason("");
  correct.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Call(&Stub::GetServiceSummary, AdminA(), summary_request, &summary).ok());
  EXPECT_DOUBLE_EQ(summary.total_hours(), 86);
  EXPECT_EQ(summary.star_level(), 0);
  summary_request.set_from_date("2026-06-01");
  summary_request.set_to_date("2026-06-30");
  ASSERT_TRUE(Call(&Stub::GetServiceSummary, AdminA(), summary_request, &summary).ok());
  EXPECT_DOUBLE_EQ(summary.period_hours(), 44);
  EXPECT_EQ(Call(&Stub::GetServiceSummary, AdminB(), summary_request, &summary).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  summary_request.set_to_date("2026-05-01");
  EXPECT_EQ(Call(&Stub::GetServiceSummary, AdminA(), summary_request, &summary).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pb::ListServiceRecordsRequest list;
  list.set_volunteer_id(v.volunteer_id());
  pb::ListServiceRecordsResponse current, all;
  ASSERT_TRUE(Call(&Stub::ListServiceRecords, Self(v.volunteer_id()), list, &current).ok());
  EXPECT_EQ(current.records_size(), 6);
  list.set_include_superseded(true);
  list.set_page_size(4);
  std::set<std::string> ids;
  for (int page = 0; page < 5; ++page) {
    ASSERT_TRUE(Call(&Stub::ListServiceRecords, AdminA(), list, &all).ok());
    for (const auto& r : all.records()) ids.insert(r.record_id());
    if (all.next_page_token().empty()) break;
    list.set_page_token(all.next_page_token());
  }
  EXPECT_EQ(ids.size(), 7u);
}

// ---- overviews ----

TEST_F(VolunteerGrpcTest, RegionStatisticsCountVolunteersAndHoursOfTheMonth) {
  // A street of its own, so other tests' volunteers never mix in.
  const std::string street = "411502005";
  const std::string c1 = "411502005001";
  const std::string c2 = "411502005002";
  const std::string street_admin = Token(Role::kStreetAdmin, "street-5", {street});
  const std::string admin_c1 = Token(Role::kCommunityAdmin, "admin-5-1", {c1});
  pb::CreateStreetRequest create_street;
  create_street.set_request_id(NextRequestId());
  create_street.mutable_street()->set_street_id(street);
  create_street.mutable_street()->set_name("统计街道");
  pb::Street created_street;
  ASSERT_TRUE(Call(&Stub::CreateStreet, System(), create_street, &created_street).ok());
  for (const auto& id : {c1, c2}) {
    pb::CreateCommunityRequest request;
    request.set_request_id(NextRequestId());
    request.mutable_community()->set_community_id(id);
    request.mutable_community()->set_name("统计社区" + id);
    pb::Community community;
    ASSERT_TRUE(Call(&Stub::CreateCommunity, street_admin, request, &community).ok());
  }

  // c1: two active volunteers, an active party member who reported to c1, a suspended party
  // member and a pending self-registration. c2: an active volunteer and an active party member.
  pb::Volunteer a1 = MustRegister(NewPerson(c1), System());
  pb::Volunteer a2 = MustRegister(NewPerson(c1), System());
  pb::Volunteer p1 = MustRegister(NewPerson(c1, /*party_member=*/true), System());
  pb::Volunteer p2 = MustRegister(NewPerson(c1, /*party_member=*/true), System());
  pb::Volunteer pending = MustRegister(NewPerson(c1), Self("stats-pending"));
  EXPECT_EQ(pending.status(), pb::VOLUNTEER_STATUS_PENDING);
  pb::Volunteer b1 = MustRegister(NewPerson(c2), System());
  pb::Volunteer p3 = MustRegister(NewPerson(c2, /*party_member=*/true), System());
  // A party member living in another street reports to c2 (在职党员报到).
  pb::Volunteer outsider = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  auto report = [&](const pb::Volunteer& v, const std::string& community) {
    pb::ReportToCommunityRequest request;
    request.set_request_id(NextRequestId());
    request.set_volunteer_id(v.volunteer_id());
    request.set_community_id(community);
    pb::Volunteer reported;
    ASSERT_TRUE(Call(&Stub::ReportToCommunity, System(), request, &reported).ok());
  };
  report(p1, c1);
  report(outsider, c2);
  pb::ChangeVolunteerStatusRequest suspend;
  suspend.set_request_id(NextRequestId());
  suspend.set_volunteer_id(p2.volunteer_id());
  suspend.set_reason("长期未参加活动");
  pb::Volunteer suspended;
  ASSERT_TRUE(Call(&Stub::SuspendVolunteer, System(), suspend, &suspended).ok());

  auto record = [&](const pb::Volunteer& v, double hours, const std::string& date) {
    auto request = ServiceRequest(v.volunteer_id(), hours, pb::SERVICE_SOURCE_POST_LOG,
                                  "stats-" + NextRequestId());
    request.set_request_id(NextRequestId());
    request.set_service_date(date);
    pb::ServiceRecord recorded;
    EXPECT_TRUE(Call(&Stub::RecordService, System(), request, &recorded).ok());
    return recorded;
  };
  auto correct = [&](const pb::ServiceRecord& r, double hours) {
    pb::CorrectServiceRecordRequest request;
    request.set_request_id(NextRequestId());
    request.set_record_id(r.record_id());
    request.set_hours(hours);
    request.set_reason("核对更正");
    pb::ServiceRecord corrected;
    ASSERT_TRUE(Call(&Stub::CorrectServiceRecord, System(), request, &corrected).ok());
  };
  record(a1, 3, "2026-06-01");
  record(a1, 2.5, "2026-06-10");
  record(a1, 5, "2026-05-31");                // May
  correct(record(a2, 4, "2026-06-05"), 1.5);  // only the correction counts
  record(b1, 2, "2026-06-14");
  correct(record(p3, 2, "2026-06-03"), 0);  // withdrawn: p3 did not serve
  record(outsider, 6, "2026-06-02");        // lives in another street

  auto statistics = [&](const std::string& region, const std::string& month,
                        const std::string& token) {
    pb::GetRegionStatisticsRequest request;
    request.set_region_id(region);
    request.set_month(month);
    pb::RegionStatistics response;
    grpc::Status status = Call(&Stub::GetRegionStatistics, token, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  pb::RegionStatistics june_c1 = statistics(c1, "", admin_c1);
  EXPECT_EQ(june_c1.region_id(), c1);
  EXPECT_EQ(june_c1.month(), "2026-06");  // empty: the current month
  EXPECT_EQ(june_c1.active_volunteers(), 3);
  EXPECT_EQ(june_c1.pending_volunteers(), 1);
  EXPECT_EQ(june_c1.party_members(), 1);
  EXPECT_EQ(june_c1.reported_party_members(), 1);
  EXPECT_DOUBLE_EQ(june_c1.month_hours(), 7);
  EXPECT_EQ(june_c1.month_served_volunteers(), 2);

  pb::RegionStatistics june_c2 = statistics(c2, "2026-06", street_admin);
  EXPECT_EQ(june_c2.active_volunteers(), 2);
  EXPECT_EQ(june_c2.pending_volunteers(), 0);
  EXPECT_EQ(june_c2.party_members(), 1);
  EXPECT_EQ(june_c2.reported_party_members(), 1);
  EXPECT_DOUBLE_EQ(june_c2.month_hours(), 2);
  EXPECT_EQ(june_c2.month_served_volunteers(), 1);

  pb::RegionStatistics june_street = statistics(street, "2026-06", System());
  EXPECT_EQ(june_street.region_id(), street);
  EXPECT_EQ(june_street.active_volunteers(), 5);
  EXPECT_EQ(june_street.pending_volunteers(), 1);
  EXPECT_EQ(june_street.party_members(), 2);
  EXPECT_EQ(june_street.reported_party_members(), 2);
  EXPECT_DOUBLE_EQ(june_street.month_hours(), 9);
  EXPECT_EQ(june_street.month_served_volunteers(), 3);

  pb::RegionStatistics may_street = statistics(street, "2026-05", street_admin);
  EXPECT_EQ(may_street.month(), "2026-05");
  EXPECT_DOUBLE_EQ(may_street.month_hours(), 5);
  EXPECT_EQ(may_street.month_served_volunteers(), 1);
  EXPECT_EQ(may_street.active_volunteers(), 5);  // counts are as of now
  // The current month is China's: 00:30 on 1 July there is still June in UTC.
  clock_->Set(std::chrono::system_clock::from_time_t(1782837000));
  pb::RegionStatistics july = statistics(street, "", System());
  clock_->Set(std::chrono::system_clock::from_time_t(1781500000));
  EXPECT_EQ(july.month(), "2026-07");
  EXPECT_DOUBLE_EQ(july.month_hours(), 0);

  // Admins in scope and the system only.
  pb::GetRegionStatisticsRequest request;
  request.set_region_id(c1);
  pb::RegionStatistics response;
  EXPECT_EQ(Call(&Stub::GetRegionStatistics, AdminA(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetRegionStatistics, StreetAdmin(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Call(&Stub::GetRegionStatistics, Self(a1.volunteer_id()), request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  request.set_region_id(street);
  EXPECT_EQ(Call(&Stub::GetRegionStatistics, admin_c1, request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Bad arguments name the field.
  for (const std::string bad : {"", "41150200500", "411502005001001", "4115020050x1"}) {
    request.set_region_id(bad);
    grpc::Status status = Call(&Stub::GetRegionStatistics, System(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message().rfind("region_id:", 0), 0u) << status.error_message();
  }
  request.set_region_id(c1);
  for (const std::string bad :
       {"2026-13", "2026-00", "2026-6", "202606", "1899-12", "2026-06-01"}) {
    request.set_month(bad);
    grpc::Status status = Call(&Stub::GetRegionStatistics, System(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message().rfind("month:", 0), 0u) << status.error_message();
  }
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

}  // namespace
}  // namespace tongxin::volunteer
