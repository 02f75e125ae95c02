#include "services/volunteer/grpc/volunteer_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"

namespace tongxin::volunteer {
namespace {

void ToProto(const Street& in, pb::Street* out) {
  out->set_street_id(in.street_id);
  out->set_name(in.name);
  out->set_district(in.district);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Community& in, pb::Community* out) {
  out->set_community_id(in.community_id);
  out->set_street_id(in.street_id);
  out->set_name(in.name);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Grid& in, pb::Grid* out) {
  out->set_grid_id(in.grid_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_households(in.households);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const Volunteer& in, pb::Volunteer* out) {
  out->set_volunteer_id(in.volunteer_id);
  out->set_name(in.name);
  out->set_id_number_masked(in.id_number_masked);
  out->set_phone_masked(in.phone_masked);
  out->set_gender(static_cast<pb::Gender>(in.gender));
  out->set_birth_year(in.birth_year);
  out->set_community_id(in.community_id);
  out->set_grid_id(in.grid_id);
  for (const auto& skill : in.skills) out->add_skills(skill);
  out->set_political_status(static_cast<pb::PoliticalStatus>(in.political_status));
  out->set_party_branch(in.party_branch);
  out->set_status(static_cast<pb::VolunteerStatus>(in.status));
  out->set_status_reason(in.status_reason);
  out->set_reported_community_id(in.reported_community_id);
  if (in.report_time) SetTimestamp(out->mutable_report_time(), *in.report_time);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  SetTimestamp(out->mutable_update_time(), in.update_time);
}

void ToProto(const Team& in, pb::Team* out) {
  out->set_team_id(in.team_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_description(in.description);
  out->set_member_count(in.member_count);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

void ToProto(const TeamMember& in, pb::TeamMember* out) {
  out->set_team_id(in.team_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_name(in.name);
  SetTimestamp(out->mutable_join_time(), in.join_time);
  if (in.leave_time) SetTimestamp(out->mutable_leave_time(), *in.leave_time);
}

void ToProto(const ServiceRecord& in, pb::ServiceRecord* out) {
  out->set_record_id(in.record_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_hours(in.hours);
  out->set_service_date(in.service_date);
  out->set_organiser(in.organiser);
  out->set_organiser_region_id(in.organiser_region_id);
  out->set_source(static_cast<pb::ServiceSource>(in.source));
  out->set_source_ref(in.source_ref);
  out->set_description(in.description);
  out->set_recorded_by(in.recorded_by);
  out->set_corrects_record_id(in.corrects_record_id);
  out->set_correction_reason(in.correction_reason);
  out->set_superseded_by_record_id(in.superseded_by_record_id);
  SetTimestamp(out->mutable_create_time(), in.create_time);
}

// Proto enums outside the known range are the caller's mistake, not ours.
template <typename DomainEnum>
absl::StatusOr<DomainEnum> EnumFrom(int value, int max, const char* field) {
  if (value < 0 || value > max) {
    return absl::InvalidArgumentError(std::string(field) + ": unknown value");
  }
  return static_cast<DomainEnum>(value);
}

}  // namespace

VolunteerGrpc::VolunteerGrpc(VolunteerDomain& domain, Db& db, const RpcRunner& runner,
                             const PersonalDataCipher& cipher)
    : RpcHandlers(db, runner, &cipher), domain_(domain) {}

// ---- grid hierarchy ----

VolunteerGrpc::Reactor* VolunteerGrpc::CreateStreet(Ctx* ctx, const pb::CreateStreetRequest* req,
                                                    pb::Street* resp) {
  return Mutate(ctx, "CreateStreet", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Street street{req->street().street_id(), req->street().name(), req->street().district(), {}};
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateStreet(tx, call.principal, street));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetStreet(Ctx* ctx, const pb::GetStreetRequest* req,
                                                 pb::Street* resp) {
  return Query(ctx, "GetStreet", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto street, domain_.GetStreet(tx, call.principal, req->street_id()));
    ToProto(street, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListStreets(Ctx* ctx, const pb::ListStreetsRequest* req,
                                                   pb::ListStreetsResponse* resp) {
  return Query(ctx, "ListStreets", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto streets, domain_.ListStreets(tx, call.principal, page));
    FillPage(streets, resp, [](auto* out, const auto& item) { ToProto(item, out->add_streets()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::CreateCommunity(Ctx* ctx,
                                                       const pb::CreateCommunityRequest* req,
                                                       pb::Community* resp) {
  return Mutate(ctx, "CreateCommunity", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Community community{
        req->community().community_id(), req->community().street_id(), req->community().name(), {}};
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateCommunity(tx, call.principal, community));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetCommunity(Ctx* ctx, const pb::GetCommunityRequest* req,
                                                    pb::Community* resp) {
  return Query(ctx, "GetCommunity", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto community,
                        domain_.GetCommunity(tx, call.principal, req->community_id()));
    ToProto(community, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListCommunities(Ctx* ctx,
                                                       const pb::ListCommunitiesRequest* req,
                                                       pb::ListCommunitiesResponse* resp) {
  return Query(ctx, "ListCommunities", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto communities,
                        domain_.ListCommunities(tx, call.principal, req->street_id(), page));
    FillPage(communities, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_communities()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::CreateGrid(Ctx* ctx, const pb::CreateGridRequest* req,
                                                  pb::Grid* resp) {
  return Mutate(ctx, "CreateGrid", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Grid grid{req->grid().grid_id(),
              req->grid().community_id(),
              req->grid().name(),
              req->grid().households(),
              {}};
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateGrid(tx, call.principal, grid));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetGrid(Ctx* ctx, const pb::GetGridRequest* req,
                                               pb::Grid* resp) {
  return Query(ctx, "GetGrid", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto grid, domain_.GetGrid(tx, call.principal, req->grid_id()));
    ToProto(grid, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListGrids(Ctx* ctx, const pb::ListGridsRequest* req,
                                                 pb::ListGridsResponse* resp) {
  return Query(ctx, "ListGrids", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto grids,
                        domain_.ListGrids(tx, call.principal, req->community_id(), page));
    FillPage(grids, resp, [](auto* out, const auto& item) { ToProto(item, out->add_grids()); });
    return absl::OkStatus();
  });
}

// ---- volunteers ----

VolunteerGrpc::Reactor* VolunteerGrpc::RegisterVolunteer(Ctx* ctx,
                                                         const pb::RegisterVolunteerRequest* req,
                                                         pb::Volunteer* resp) {
  return Mutate(ctx, "RegisterVolunteer", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Registration in;
    in.name = req->name();
    in.id_number = req->id_number();
    in.phone = req->phone();
    in.community_id = req->community_id();
    in.grid_id = req->grid_id();
    in.skills = Strings(req->skills());
    TX_ASSIGN_OR_RETURN(in.political_status,
                        EnumFrom<PoliticalStatus>(req->political_status(), 3, "political_status"));
    in.party_branch = req->party_branch();
    TX_ASSIGN_OR_RETURN(in.gender, EnumFrom<Gender>(req->gender(), 2, "gender"));
    in.birth_date = req->birth_date();
    TX_ASSIGN_OR_RETURN(auto volunteer, domain_.Register(tx, call.principal, in));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetVolunteer(Ctx* ctx, const pb::GetVolunteerRequest* req,
                                                    pb::Volunteer* resp) {
  return Query(ctx, "GetVolunteer", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto volunteer,
                        domain_.GetVolunteer(tx, call.principal, req->volunteer_id()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::FindVolunteerByIdNumber(
    Ctx* ctx, const pb::FindVolunteerByIdNumberRequest* req, pb::Volunteer* resp) {
  return Query(ctx, "FindVolunteerByIdNumber", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto volunteer,
                        domain_.FindByIdNumber(tx, call.principal, req->id_number()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListVolunteers(Ctx* ctx,
                                                      const pb::ListVolunteersRequest* req,
                                                      pb::ListVolunteersResponse* resp) {
  return Query(ctx, "ListVolunteers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    VolunteerFilter filter;
    filter.region_id = req->region_id();
    filter.skill = req->skill();
    TX_ASSIGN_OR_RETURN(filter.status, EnumFrom<VolunteerStatus>(req->status(), 4, "status"));
    filter.party_members_only = req->party_members_only();
    TX_ASSIGN_OR_RETURN(auto volunteers, domain_.ListVolunteers(tx, call.principal, filter, page));
    FillPage(volunteers, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_volunteers()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::UpdateVolunteer(Ctx* ctx,
                                                       const pb::UpdateVolunteerRequest* req,
                                                       pb::Volunteer* resp) {
  return Mutate(ctx, "UpdateVolunteer", req, resp, [=, this](const CallContext& call, Tx& tx) {
    ProfileUpdate update;
    for (const auto& path : req->update_mask().paths()) update.fields.insert(path);
    update.name = req->name();
    update.phone = req->phone();
    update.community_id = req->community_id();
    update.grid_id = req->grid_id();
    update.skills = Strings(req->skills());
    TX_ASSIGN_OR_RETURN(update.political_status,
                        EnumFrom<PoliticalStatus>(req->political_status(), 3, "political_status"));
    update.party_branch = req->party_branch();
    TX_ASSIGN_OR_RETURN(auto volunteer,
                        domain_.UpdateVolunteer(tx, call.principal, req->volunteer_id(), update));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ChangeStatus(Ctx* ctx, const char* method,
                                                    const pb::ChangeVolunteerStatusRequest* req,
                                                    pb::Volunteer* resp, StatusChange change) {
  return Mutate(ctx, method, req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto volunteer,
        domain_.ChangeStatus(tx, call.principal, req->volunteer_id(), change, req->reason()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ApproveVolunteer(Ctx* ctx,
                                                        const pb::ChangeVolunteerStatusRequest* req,
                                                        pb::Volunteer* resp) {
  return ChangeStatus(ctx, "ApproveVolunteer", req, resp, StatusChange::kApprove);
}
VolunteerGrpc::Reactor* VolunteerGrpc::SuspendVolunteer(Ctx* ctx,
                                                        const pb::ChangeVolunteerStatusRequest* req,
                                                        pb::Volunteer* resp) {
  return ChangeStatus(ctx, "SuspendVolunteer", req, resp, StatusChange::kSuspend);
}
VolunteerGrpc::Reactor* VolunteerGrpc::ReactivateVolunteer(
    Ctx* ctx, const pb::ChangeVolunteerStatusRequest* req, pb::Volunteer* resp) {
  return ChangeStatus(ctx, "ReactivateVolunteer", req, resp, StatusChange::kReactivate);
}
VolunteerGrpc::Reactor* VolunteerGrpc::DeregisterVolunteer(
    Ctx* ctx, const pb::ChangeVolunteerStatusRequest* req, pb::Volunteer* resp) {
  return ChangeStatus(ctx, "DeregisterVolunteer", req, resp, StatusChange::kDeregister);
}

VolunteerGrpc::Reactor* VolunteerGrpc::ReportToCommunity(Ctx* ctx,
                                                         const pb::ReportToCommunityRequest* req,
                                                         pb::Volunteer* resp) {
  return Mutate(ctx, "ReportToCommunity", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(
        auto volunteer,
        domain_.ReportToCommunity(tx, call.principal, req->volunteer_id(), req->community_id()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

// ---- teams ----

VolunteerGrpc::Reactor* VolunteerGrpc::CreateTeam(Ctx* ctx, const pb::CreateTeamRequest* req,
                                                  pb::Team* resp) {
  return Mutate(ctx, "CreateTeam", req, resp, [=, this](const CallContext& call, Tx& tx) {
    Team team;
    team.community_id = req->community_id();
    team.name = req->name();
    team.description = req->description();
    TX_ASSIGN_OR_RETURN(auto created, domain_.CreateTeam(tx, call.principal, team));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListTeams(Ctx* ctx, const pb::ListTeamsRequest* req,
                                                 pb::ListTeamsResponse* resp) {
  return Query(ctx, "ListTeams", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto teams,
                        domain_.ListTeams(tx, call.principal, req->community_id(), page));
    FillPage(teams, resp, [](auto* out, const auto& item) { ToProto(item, out->add_teams()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::JoinTeam(Ctx* ctx, const pb::JoinTeamRequest* req,
                                                pb::TeamMember* resp) {
  return Mutate(ctx, "JoinTeam", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto member,
                        domain_.JoinTeam(tx, call.principal, req->team_id(), req->volunteer_id()));
    ToProto(member, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::LeaveTeam(Ctx* ctx, const pb::LeaveTeamRequest* req,
                                                 pb::TeamMember* resp) {
  return Mutate(ctx, "LeaveTeam", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto member,
                        domain_.LeaveTeam(tx, call.principal, req->team_id(), req->volunteer_id()));
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
                        domain_.ListTeamMembers(tx, call.principal, req->team_id(), page));
    FillPage(members, resp, [](auto* out, const auto& item) { ToProto(item, out->add_members()); });
    return absl::OkStatus();
  });
}

// ---- service record ----

VolunteerGrpc::Reactor* VolunteerGrpc::RecordService(Ctx* ctx, const pb::RecordServiceRequest* req,
                                                     pb::ServiceRecord* resp) {
  return Mutate(ctx, "RecordService", req, resp, [=, this](const CallContext& call, Tx& tx) {
    ServiceEntry entry;
    entry.volunteer_id = req->volunteer_id();
    entry.hours = req->hours();
    entry.service_date = req->service_date();
    entry.organiser = req->organiser();
    entry.organiser_region_id = req->organiser_region_id();
    TX_ASSIGN_OR_RETURN(entry.source, EnumFrom<ServiceSource>(req->source(), 4, "source"));
    entry.source_ref = req->source_ref();
    entry.description = req->description();
    TX_ASSIGN_OR_RETURN(auto record, domain_.RecordService(tx, call.principal, entry));
    ToProto(record, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::CorrectServiceRecord(
    Ctx* ctx, const pb::CorrectServiceRecordRequest* req, pb::ServiceRecord* resp) {
  return Mutate(ctx, "CorrectServiceRecord", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto record,
                        domain_.CorrectServiceRecord(tx, call.principal, req->record_id(),
                                                     req->hours(), req->reason()));
    ToProto(record, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListServiceRecords(Ctx* ctx,
                                                          const pb::ListServiceRecordsRequest* req,
                                                          pb::ListServiceRecordsResponse* resp) {
  return Query(ctx, "ListServiceRecords", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto records,
                        domain_.ListServiceRecords(tx, call.principal, req->volunteer_id(),
                                                   req->include_superseded(), page));
    FillPage(records, resp, [](auto* out, const auto& item) { ToProto(item, out->add_records()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetServiceSummary(Ctx* ctx,
                                                         const pb::GetServiceSummaryRequest* req,
                                                         pb::ServiceSummary* resp) {
  return Query(
      ctx, "GetServiceSummary",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto summary,
                            domain_.GetServiceSummary(tx, call.principal, req->volunteer_id(),
                                                      req->from_date(), req->to_date()));
        resp->set_volunteer_id(summary.volunteer.volunteer_id);
        resp->set_name(summary.volunteer.name);
        resp->set_total_hours(summary.totals.total_hours);
        resp->set_honour_hours(summary.totals.honour_hours);
        resp->set_star_level(summary.star_level);
        resp->set_next_star_hours(summary.next_star_hours);
        resp->set_period_hours(summary.totals.period_hours);
        resp->set_record_count(summary.totals.record_count);
        for (const auto& month : summary.totals.by_month) {
          auto* out = resp->add_by_month();
          out->set_period(month.key);
          out->set_hours(month.hours);
        }
        for (const auto& organiser : summary.totals.by_organiser) {
          auto* out = resp->add_by_organiser();
          out->set_organiser(organiser.key);
          out->set_hours(organiser.hours);
        }
        return absl::OkStatus();
      },
      // One snapshot: totals, months and organisers agree even while a correction commits.
      Isolation::kRepeatableRead);
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetRegionStatistics(
    Ctx* ctx, const pb::GetRegionStatisticsRequest* req, pb::RegionStatistics* resp) {
  return Query(
      ctx, "GetRegionStatistics",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(
            auto statistics,
            domain_.GetRegionStatistics(tx, call.principal, req->region_id(), req->month()));
        resp->set_region_id(statistics.region_id);
        resp->set_month(statistics.month);
        resp->set_active_volunteers(statistics.volunteers.active);
        resp->set_pending_volunteers(statistics.volunteers.pending);
        resp->set_party_members(statistics.volunteers.party_members);
        resp->set_reported_party_members(statistics.volunteers.reported_party_members);
        resp->set_month_hours(statistics.service.hours);
        resp->set_month_served_volunteers(statistics.service.volunteers);
        return absl::OkStatus();
      },
      // One snapshot: the counts and the hours agree even while registrations commit.
      Isolation::kRepeatableRead);
}

}  // namespace tongxin::volunteer
