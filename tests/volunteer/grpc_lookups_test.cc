// volunteer_grpc_test: finding a volunteer by the full ID number — one answer for "nobody" and
// "not yours", a rate limit per caller, and the access log of every look-up.
#include <string>
#include <thread>
#include <vector>

#include "services/volunteer/volunteer_service.h"
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// Finds by ID number as `token`; the found volunteer in `found` when given.
class IdLookupTest : public VolunteerGrpcTest {
 protected:
  static grpc::Status Find(const std::string& token, const std::string& id_number,
                           pb::Volunteer* found = nullptr) {
    pb::FindVolunteerByIdNumberRequest request;
    request.set_id_number(id_number);
    pb::Volunteer response;
    return Call(&Stub::FindVolunteerByIdNumber, token, request, found ? found : &response);
  }
};

TEST_F(IdLookupTest, AbsentAndOutOfScopeIdNumbersGetTheSameAnswer) {
  auto person = NewPerson(kCommunityA, /*party_member=*/true);
  pb::Volunteer v = MustRegister(person);
  std::string admin_b = Token(Role::kCommunityAdmin, "admin-b-lookups", {kCommunityB});
  grpc::Status out_of_scope = Find(admin_b, person.id_number());
  grpc::Status absent = Find(admin_b, IdNumber("41150219900101998"));
  EXPECT_EQ(out_of_scope.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(absent.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(out_of_scope.error_message(), absent.error_message());
  EXPECT_EQ(out_of_scope.error_message().find(v.name()), std::string::npos);
  // The admin of the volunteer's community finds them.
  pb::Volunteer found;
  ASSERT_TRUE(Find(Token(Role::kCommunityAdmin, "admin-a-lookups", {kCommunityA}),
                   person.id_number(), &found)
                  .ok());
  EXPECT_EQ(found.volunteer_id(), v.volunteer_id());
}

TEST_F(IdLookupTest, IdNumberLookupsAreRateLimitedPerCaller) {
  auto person = NewPerson(kCommunityA);
  MustRegister(person);
  const int limit = VolunteerOptions{}.id_lookups_per_hour;
  ASSERT_EQ(limit, 30);
  std::string admin = Token(Role::kCommunityAdmin, "admin-many-lookups", {kCommunityA});
  for (int i = 0; i < limit; ++i) {
    grpc::Status status = Find(admin, i % 2 ? person.id_number() : IdNumber("41150219900101997"));
    ASSERT_EQ(status.error_code(), i % 2 ? grpc::StatusCode::OK : grpc::StatusCode::NOT_FOUND)
        << i << ": " << status.error_message();
  }
  grpc::Status limited = Find(admin, person.id_number());
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(limited.error_message().rfind("id_number", 0), 0u) << limited.error_message();
  // Another caller has a budget of their own.
  EXPECT_TRUE(
      Find(Token(Role::kCommunityAdmin, "admin-few-lookups", {kCommunityA}), person.id_number())
          .ok());
  // The system (the services, the grid platform) is not counted.
  for (int i = 0; i < limit + 5; ++i) ASSERT_TRUE(Find(System(), person.id_number()).ok()) << i;
  // Refused look-ups are logged too, and do not count against the next hour.
  EXPECT_EQ(Scalar("SELECT string_agg(result::text, ',') FROM id_number_lookups "
                   "WHERE caller = 'admin-many-lookups' AND result = 4"),
            "4");
  // An hour later the caller may look up again.
  auto now = clock_->Now();
  clock_->Set(now + std::chrono::hours(1));
  EXPECT_TRUE(Find(admin, person.id_number()).ok());
  clock_->Set(now);
}

TEST_F(IdLookupTest, EveryLookupIsLoggedForAdminsInScopeWithoutTheIdNumber) {
  const std::string community = "411502001006";
  pb::CreateCommunityRequest create;
  create.set_request_id(NextRequestId());
  create.mutable_community()->set_community_id(community);
  create.mutable_community()->set_name("金山社区");
  pb::Community created;
  ASSERT_TRUE(Call(&Stub::CreateCommunity, StreetAdmin(), create, &created).ok());
  const std::string admin = Token(Role::kCommunityAdmin, "admin-f", {community});
  const std::string outsider = Token(Role::kCommunityAdmin, "admin-b-curious", {kCommunityB});
  auto person = NewPerson(community);
  pb::Volunteer v = MustRegister(person, admin);
  const std::string absent = IdNumber("41150219900101996");

  ASSERT_TRUE(Find(admin, person.id_number()).ok());
  EXPECT_EQ(Find(admin, absent).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Find(admin, "123").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Find(outsider, person.id_number()).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Find(System(), person.id_number()).ok());
  // Volunteers look up nothing.
  EXPECT_EQ(Find(Self(v.volunteer_id()), person.id_number()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The community's log: look-ups that found its volunteer, and its admins' look-ups; newest
  // first, page by page.
  pb::ListIdNumberLookupsRequest request;
  request.set_region_id(community);
  request.set_page_size(2);
  std::vector<pb::IdNumberLookup> entries;
  for (int page = 0; page < 10; ++page) {
    pb::ListIdNumberLookupsResponse response;
    ASSERT_TRUE(Call(&Stub::ListIdNumberLookups, admin, request, &response).ok());
    EXPECT_LE(response.lookups_size(), 2);
    entries.insert(entries.end(), response.lookups().begin(), response.lookups().end());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(entries.size(), 5u);
  struct Expected {
    std::string caller;
    pb::IdLookupResult result;
    std::string volunteer_id;
  };
  const std::vector<Expected> expected = {
      {"posts-service", pb::ID_LOOKUP_RESULT_FOUND, v.volunteer_id()},
      {"admin-b-curious", pb::ID_LOOKUP_RESULT_OUT_OF_SCOPE, v.volunteer_id()},
      {"admin-f", pb::ID_LOOKUP_RESULT_INVALID_ARGUMENT, ""},
      {"admin-f", pb::ID_LOOKUP_RESULT_NOT_FOUND, ""},
      {"admin-f", pb::ID_LOOKUP_RESULT_FOUND, v.volunteer_id()},
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(entries[i].caller(), expected[i].caller) << i;
    EXPECT_EQ(entries[i].result(), expected[i].result) << i;
    EXPECT_EQ(entries[i].volunteer_id(), expected[i].volunteer_id) << i;
    EXPECT_TRUE(entries[i].has_lookup_time());
  }
  EXPECT_EQ(entries[1].caller_role(), "community_admin");
  EXPECT_EQ(entries[1].community_id(), community);

  // Community B's admins see their colleague's look-up as the colleague saw it: nobody.
  pb::ListIdNumberLookupsRequest from_b;
  from_b.set_region_id(kCommunityB);
  from_b.set_caller("admin-b-curious");
  pb::ListIdNumberLookupsResponse seen_from_b;
  ASSERT_TRUE(Call(&Stub::ListIdNumberLookups, AdminB(), from_b, &seen_from_b).ok());
  ASSERT_EQ(seen_from_b.lookups_size(), 1);
  EXPECT_EQ(seen_from_b.lookups(0).result(), pb::ID_LOOKUP_RESULT_NOT_FOUND);
  EXPECT_EQ(seen_from_b.lookups(0).volunteer_id(), "");
  EXPECT_EQ(seen_from_b.lookups(0).community_id(), "");

  // The log never holds the number, not even masked.
  EXPECT_EQ(Scalar("SELECT count(*) FROM id_number_lookups l WHERE row_to_json(l)::text LIKE '%" +
                   person.id_number().substr(6, 8) + "%' OR row_to_json(l)::text LIKE '%" +
                   absent.substr(6, 8) + "%'"),
            "0");

  // Admins in scope of the region and the system only.
  request.clear_page_token();
  pb::ListIdNumberLookupsResponse response;
  EXPECT_EQ(Call(&Stub::ListIdNumberLookups, AdminA(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Call(&Stub::ListIdNumberLookups, Self(v.volunteer_id()), request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&Stub::ListIdNumberLookups, System(), request, &response).ok());
  request.set_region_id("");
  grpc::Status bad = Call(&Stub::ListIdNumberLookups, admin, request, &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message().rfind("region_id", 0), 0u);
}

// Registering someone, or changing a phone, to an ID number or phone already registered says so
// (ALREADY_EXISTS): that answer is itself a look-up, so it is logged and counted like one —
// an admin's within id_lookups_per_hour, a volunteer's within kInUseAnswersPerHourForVolunteers.
TEST_F(IdLookupTest, RegistrationsAndPhoneChangesThatHitSomebodyAreLoggedAndCounted) {
  auto resident = NewPerson(kCommunityA);
  pb::Volunteer registered = MustRegister(resident);

  // An admin of another community tries the resident's ID number in a registration.
  const std::string prober = Token(Role::kCommunityAdmin, "admin-b-prober", {kCommunityB});
  auto probe = NewPerson(kCommunityB);
  probe.set_id_number(resident.id_number());
  pb::Volunteer answer;
  grpc::Status hit = Call(&Stub::RegisterVolunteer, prober, probe, &answer);
  EXPECT_EQ(hit.error_code(), grpc::StatusCode::ALREADY_EXISTS) << hit.error_message();
  EXPECT_EQ(hit.error_message().rfind("id_number", 0), 0u) << hit.error_message();
  EXPECT_EQ(Scalar("SELECT string_agg(result::text || ':' || coalesce(hit_community_id, ''), ',') "
                   "FROM id_number_lookups WHERE caller = 'admin-b-prober'"),
            std::string("6:") + kCommunityA);

  // A volunteer changing their phone to a phone in use, again and again, is stopped.
  pb::Volunteer volunteer = MustRegister(NewPerson(kCommunityA));
  pb::UpdateVolunteerRequest change;
  change.set_volunteer_id(volunteer.volunteer_id());
  change.set_phone(resident.phone());
  change.mutable_update_mask()->add_paths("phone");
  for (int i = 0; i < kInUseAnswersPerHourForVolunteers; ++i) {
    change.set_request_id(NextRequestId());
    grpc::Status in_use =
        Call(&Stub::UpdateVolunteer, Self(volunteer.volunteer_id()), change, &answer);
    ASSERT_EQ(in_use.error_code(), grpc::StatusCode::ALREADY_EXISTS) << i;
    EXPECT_EQ(in_use.error_message().rfind("phone", 0), 0u) << in_use.error_message();
  }
  change.set_request_id(NextRequestId());
  grpc::Status limited =
      Call(&Stub::UpdateVolunteer, Self(volunteer.volunteer_id()), change, &answer);
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << limited.error_message();
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM id_number_lookups WHERE caller = '" + volunteer.volunteer_id() +
             "' AND result = 7 AND hit_community_id = '" + kCommunityA + "'"),
      std::to_string(kInUseAnswersPerHourForVolunteers));
  // Their own contact details still change when nothing is hit... after the hour.
  auto now = clock_->Now();
  clock_->Set(now + std::chrono::hours(1));
  change.set_request_id(NextRequestId());
  change.set_phone("13912345670");
  EXPECT_TRUE(Call(&Stub::UpdateVolunteer, Self(volunteer.volunteer_id()), change, &answer).ok());
  clock_->Set(now);

  // The resident's community sees both in its access log.
  pb::ListIdNumberLookupsRequest request;
  request.set_region_id(kCommunityA);
  request.set_page_size(100);
  pb::ListIdNumberLookupsResponse response;
  ASSERT_TRUE(Call(&Stub::ListIdNumberLookups, AdminA(), request, &response).ok());
  int registrations = 0, phones = 0;
  for (const auto& entry : response.lookups()) {
    if (entry.volunteer_id() != registered.volunteer_id()) continue;
    registrations += entry.result() == pb::ID_LOOKUP_RESULT_ID_NUMBER_IN_USE;
    phones += entry.result() == pb::ID_LOOKUP_RESULT_PHONE_IN_USE;
  }
  EXPECT_EQ(registrations, 1);
  EXPECT_EQ(phones, kInUseAnswersPerHourForVolunteers);
}

// Found by review: the budget must hold for requests sent at once, not only one after another.
TEST_F(IdLookupTest, TheInUseBudgetHoldsForParallelRequests) {
  auto resident = NewPerson(kCommunityA);
  MustRegister(resident);
  pb::Volunteer volunteer = MustRegister(NewPerson(kCommunityA));
  constexpr int kParallel = 12;
  std::vector<grpc::StatusCode> codes(kParallel);
  std::vector<std::thread> threads;
  for (int i = 0; i < kParallel; ++i) {
    threads.emplace_back([&, i] {
      pb::UpdateVolunteerRequest change;
      change.set_request_id("parallel-phone-" + std::to_string(i));
      change.set_volunteer_id(volunteer.volunteer_id());
      change.set_phone(resident.phone());
      change.mutable_update_mask()->add_paths("phone");
      pb::Volunteer answer;
      codes[i] = Call(&Stub::UpdateVolunteer, Self(volunteer.volunteer_id()), change, &answer)
                     .error_code();
    });
  }
  for (auto& thread : threads) thread.join();
  int in_use = 0, limited = 0;
  for (auto code : codes) {
    in_use += code == grpc::StatusCode::ALREADY_EXISTS;
    limited += code == grpc::StatusCode::RESOURCE_EXHAUSTED;
  }
  EXPECT_EQ(in_use, kInUseAnswersPerHourForVolunteers);
  EXPECT_EQ(limited, kParallel - kInUseAnswersPerHourForVolunteers);
  EXPECT_EQ(Scalar("SELECT count(*) FROM id_number_lookups WHERE caller = '" +
                   volunteer.volunteer_id() + "'"),
            std::to_string(kParallel));
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
