// volunteer_grpc_test: acting for a volunteer needs scope over the volunteer's home community;
// an admin out of that scope is refused and learns nothing of the volunteer (no name, no party
// membership), and nothing changes.
#include <functional>
#include <string>
#include <vector>

#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

TEST_F(VolunteerGrpcTest, AnAdminOutOfTheVolunteersScopeIsRefusedAndLearnsNothing) {
  auto person = NewPerson(kCommunityA, /*party_member=*/true);
  person.set_name("欧阳秘密");
  person.set_party_branch("河南路社区秘密党支部");
  pb::Volunteer v = MustRegister(person);
  const std::string id = v.volunteer_id();

  pb::CreateTeamRequest create;
  create.set_request_id(NextRequestId());
  create.set_community_id(kCommunityB);
  create.set_name("大拱桥巡逻队");
  pb::Team team_b;
  ASSERT_TRUE(Call(&Stub::CreateTeam, AdminB(), create, &team_b).ok());
  pb::ServiceRecord record;
  ASSERT_TRUE(Call(
                  &Stub::RecordService, AdminA(),
                  [&] {
                    auto r = ServiceRequest(id, 2, pb::SERVICE_SOURCE_ACTIVITY, "scope-1");
                    r.set_request_id(NextRequestId());
                    return r;
                  }(),
                  &record)
                  .ok());

  const std::string before =
      Scalar("SELECT row_to_json(v)::text FROM volunteers v WHERE volunteer_id = '" + id + "'");
  const std::vector<std::string> outsiders = {AdminB(),
                                              Token(Role::kStreetAdmin, "street-2", {"411502002"})};
  for (const std::string& outsider : outsiders) {
    std::vector<std::pair<std::string, std::function<grpc::Status()>>> calls = {
        {"GetVolunteer",
         [&] {
           pb::GetVolunteerRequest r;
           r.set_volunteer_id(id);
           pb::Volunteer out;
           return Call(&Stub::GetVolunteer, outsider, r, &out);
         }},
        {"UpdateVolunteer",
         [&] {
           pb::UpdateVolunteerRequest r;
           r.set_request_id(NextRequestId());
           r.set_volunteer_id(id);
           r.mutable_update_mask()->add_paths("skills");
           r.add_skills("legal");
           pb::Volunteer out;
           return Call(&Stub::UpdateVolunteer, outsider, r, &out);
         }},
        {"SuspendVolunteer",
         [&] {
           pb::ChangeVolunteerStatusRequest r;
           r.set_request_id(NextRequestId());
           r.set_volunteer_id(id);
           r.set_reason("x");
           pb::Volunteer out;
           return Call(&Stub::SuspendVolunteer, outsider, r, &out);
         }},
        {"DeregisterVolunteer",
         [&] {
           pb::ChangeVolunteerStatusRequest r;
           r.set_request_id(NextRequestId());
           r.set_volunteer_id(id);
           r.set_reason("x");
           pb::Volunteer out;
           return Call(&Stub::DeregisterVolunteer, outsider, r, &out);
         }},
        {"ReportToCommunity",
         [&] {
           pb::ReportToCommunityRequest r;
           r.set_request_id(NextRequestId());
           r.set_volunteer_id(id);
           r.set_community_id(kCommunityB);
           pb::Volunteer out;
           return Call(&Stub::ReportToCommunity, outsider, r, &out);
         }},
        {"JoinTeam",
         [&] {
           pb::JoinTeamRequest r;
           r.set_request_id(NextRequestId());
           r.set_team_id(team_b.team_id());
           r.set_volunteer_id(id);
           pb::TeamMember out;
           return Call(&Stub::JoinTeam, outsider, r, &out);
         }},
        {"RecordService",
         [&] {
           auto r = ServiceRequest(id, 1, pb::SERVICE_SOURCE_ACTIVITY, "scope-2");
           r.set_request_id(NextRequestId());
           r.set_organiser_region_id(kCommunityB);
           pb::ServiceRecord out;
           return Call(&Stub::RecordService, outsider, r, &out);
         }},
        {"CorrectServiceRecord",
         [&] {
           pb::CorrectServiceRecordRequest r;
           r.set_request_id(NextRequestId());
           r.set_record_id(record.record_id());
           r.set_hours(1);
           r.set_reason("x");
           pb::ServiceRecord out;
           return Call(&Stub::CorrectServiceRecord, outsider, r, &out);
         }},
        {"ListServiceRecords",
         [&] {
           pb::ListServiceRecordsRequest r;
           r.set_volunteer_id(id);
           pb::ListServiceRecordsResponse out;
           return Call(&Stub::ListServiceRecords, outsider, r, &out);
         }},
        {"GetServiceSummary",
         [&] {
           pb::GetServiceSummaryRequest r;
           r.set_volunteer_id(id);
           pb::ServiceSummary out;
           return Call(&Stub::GetServiceSummary, outsider, r, &out);
         }},
    };
    for (const auto& [method, call] : calls) {
      grpc::Status status = call();
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << method << ": " << status.error_message();
      for (const std::string& secret :
           {person.name(), person.party_branch(), std::string("党"), std::string("party")}) {
        EXPECT_EQ(status.error_message().find(secret), std::string::npos)
            << method << ": " << status.error_message();
      }
    }
    // Finding by ID number answers as for nobody.
    pb::FindVolunteerByIdNumberRequest find;
    find.set_id_number(person.id_number());
    pb::Volunteer found;
    grpc::Status status = Call(&Stub::FindVolunteerByIdNumber, outsider, find, &found);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
    EXPECT_EQ(status.error_message().find(person.name()), std::string::npos);
  }
  EXPECT_EQ(
      Scalar("SELECT row_to_json(v)::text FROM volunteers v WHERE volunteer_id = '" + id + "'"),
      before);
  EXPECT_EQ(Scalar("SELECT count(*) FROM team_members WHERE volunteer_id = '" + id + "'"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM service_records WHERE volunteer_id = '" + id + "'"), "1");
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
