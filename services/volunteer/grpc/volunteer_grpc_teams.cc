// The volunteer service's RPCs of service teams and their memberships.
#include "services/volunteer/grpc/volunteer_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/mapping.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::CreateTeam(Ctx* ctx, const pb::CreateTeamRequest* req,
                                                  pb::Team* resp) {
  return Mutate(ctx, "CreateTeam", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto created, teams_.CreateTeam(tx, call.principal, FromProto(*req)));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListTeams(Ctx* ctx, const pb::ListTeamsRequest* req,
                                                 pb::ListTeamsResponse* resp) {
  return Query(ctx, "ListTeams", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto teams,
                        teams_.ListTeams(tx, call.principal, req->community_id(), page));
    FillPage(teams, resp, [](auto* out, const auto& item) { ToProto(item, out->add_teams()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::JoinTeam(Ctx* ctx, const pb::JoinTeamRequest* req,
                                                pb::TeamMember* resp) {
  return Mutate(ctx, "JoinTeam", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto member,
                        teams_.JoinTeam(tx, call.principal, req->team_id(), req->volunteer_id()));
    ToProto(member, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::LeaveTeam(Ctx* ctx, const pb::LeaveTeamRequest* req,
                                                 pb::TeamMember* resp) {
  return Mutate(ctx, "LeaveTeam", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto member,
                        teams_.LeaveTeam(tx, call.principal, req->team_id(), req->volunteer_id()));
    ToProto(member, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListTeamMembers(Ctx* ctx,
                                                       const pb::ListTeamMembersRequest* req,
                                                       pb::ListTeamMembersResponse* resp) {
  return Query(ctx, "ListTeamMembers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto members,
                        teams_.ListTeamMembers(tx, call.principal, req->team_id(), page));
    FillPage(members, resp, [](auto* out, const auto& item) { ToProto(item, out->add_members()); });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::volunteer
