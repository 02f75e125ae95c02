// volunteer_grpc_test: service teams and their memberships.
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

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

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
