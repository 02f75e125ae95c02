// The volunteer service's RPCs of volunteers: registration, reading, finding by ID number and
// its access log, listing, a broadcast's audience, profile updates, status changes.
#include "services/volunteer/grpc/volunteer_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/domain/audience.h"
#include "services/volunteer/grpc/mapping.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::RegisterVolunteer(Ctx* ctx,
                                                         const pb::RegisterVolunteerRequest* req,
                                                         pb::Volunteer* resp) {
  return Mutate(ctx, "RegisterVolunteer", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Registration in, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto volunteer, registration_.Register(tx, call.principal, in));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetVolunteer(Ctx* ctx, const pb::GetVolunteerRequest* req,
                                                    pb::Volunteer* resp) {
  return Query(ctx, "GetVolunteer", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto volunteer,
                        registration_.GetVolunteer(tx, call.principal, req->volunteer_id()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::FindVolunteerByIdNumber(
    Ctx* ctx, const pb::FindVolunteerByIdNumberRequest* req, pb::Volunteer* resp) {
  return Logged(ctx, "FindVolunteerByIdNumber", [=, this](const CallContext& call, Tx& tx) {
    resp->Clear();
    TX_ASSIGN_OR_RETURN(auto volunteer, id_lookups_.Find(tx, call.principal, req->id_number()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListIdNumberLookups(
    Ctx* ctx, const pb::ListIdNumberLookupsRequest* req, pb::ListIdNumberLookupsResponse* resp) {
  return Query(ctx, "ListIdNumberLookups", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto lookups, id_lookups_.List(tx, call.principal, FromProto(*req), page));
    FillPage(lookups, resp, [](auto* out, const auto& item) { ToProto(item, out->add_lookups()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListVolunteers(Ctx* ctx,
                                                      const pb::ListVolunteersRequest* req,
                                                      pb::ListVolunteersResponse* resp) {
  return Query(ctx, "ListVolunteers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(VolunteerFilter filter, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto volunteers,
                        registration_.ListVolunteers(tx, call.principal, filter, page));
    FillPage(volunteers, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_volunteers()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListAudience(Ctx* ctx, const pb::ListAudienceRequest* req,
                                                    pb::ListAudienceResponse* resp) {
  return Query(ctx, "ListAudience", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(int page_size, AudiencePageSize(req->page_size()));
    TX_ASSIGN_OR_RETURN(std::string after, DecodePageToken(req->page_token()));
    AudienceFilter filter{req->region_id(), req->party_members_only(), req->team_id(),
                          req->grid_id()};
    TX_ASSIGN_OR_RETURN(auto ids, registration_.ListAudience(tx, call.principal, filter,
                                                             PageRequest{page_size, after}));
    FillPage(ids, resp, [](auto* out, const std::string& id) { out->add_volunteer_ids(id); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::UpdateVolunteer(Ctx* ctx,
                                                       const pb::UpdateVolunteerRequest* req,
                                                       pb::Volunteer* resp) {
  return Mutate(ctx, "UpdateVolunteer", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(ProfileUpdate update, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto volunteer, registration_.UpdateVolunteer(tx, call.principal,
                                                                      req->volunteer_id(), update));
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
        registration_.ChangeStatus(tx, call.principal, req->volunteer_id(), change, req->reason()));
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

}  // namespace tongxin::volunteer
