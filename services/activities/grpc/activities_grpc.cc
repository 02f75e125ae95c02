#include "services/activities/grpc/activities_grpc.h"

#include "services/activities/grpc/mapping.h"
#include "services/common/pagination.h"
#include "services/common/status.h"

namespace tongxin::activities {

ActivitiesGrpc::ActivitiesGrpc(ActivitiesDomain& domain,
                               const clients::VolunteerDirectory& volunteers, Db& db,
                               const RpcRunner& runner)
    : RpcHandlers(db, runner, nullptr), domain_(domain), volunteers_(volunteers) {}

// A mutation answered with an activity: `change(call, tx)` returns it.
#define TX_ACTIVITY_MUTATION(method, change)                                          \
  return Mutate(ctx, #method, req, resp, [=, this](const CallContext& call, Tx& tx) { \
    TX_ASSIGN_OR_RETURN(auto result, change);                                         \
    ToProto(result, resp);                                                            \
    return absl::OkStatus();                                                          \
  })

ActivitiesGrpc::Reactor* ActivitiesGrpc::CreateActivity(Ctx* ctx,
                                                        const pb::CreateActivityRequest* req,
                                                        pb::Activity* resp) {
  TX_ACTIVITY_MUTATION(CreateActivity,
                       domain_.CreateActivity(tx, call.principal, FromProto(req->activity())));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::UpdateActivity(Ctx* ctx,
                                                        const pb::UpdateActivityRequest* req,
                                                        pb::Activity* resp) {
  TX_ACTIVITY_MUTATION(UpdateActivity,
                       domain_.UpdateActivity(tx, call.principal, FromProto(req->activity())));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::PublishActivity(Ctx* ctx,
                                                         const pb::PublishActivityRequest* req,
                                                         pb::Activity* resp) {
  TX_ACTIVITY_MUTATION(PublishActivity,
                       domain_.PublishActivity(tx, call.principal, req->activity_id()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::CancelActivity(Ctx* ctx,
                                                        const pb::CancelActivityRequest* req,
                                                        pb::Activity* resp) {
  TX_ACTIVITY_MUTATION(CancelActivity, domain_.CancelActivity(tx, call.principal,
                                                              req->activity_id(), req->reason()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::GetActivity(Ctx* ctx, const pb::GetActivityRequest* req,
                                                     pb::Activity* resp) {
  return Query(ctx, "GetActivity", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto activity, domain_.GetActivity(tx, call.principal, req->activity_id()));
    ToProto(activity, resp);
    return absl::OkStatus();
  });
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::ListActivities(Ctx* ctx,
                                                        const pb::ListActivitiesRequest* req,
                                                        pb::ListActivitiesResponse* resp) {
  return Query(ctx, "ListActivities", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    ActivityFilter filter;
    filter.region_id = req->region_id();
    TX_ASSIGN_OR_RETURN(filter.state, ActivityStateFilter(req->state()));
    filter.include_all = req->include_all();
    TX_ASSIGN_OR_RETURN(auto activities, domain_.ListActivities(tx, call.principal, filter, page));
    FillPage(activities, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_activities()); });
    return absl::OkStatus();
  });
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::SignUp(Ctx* ctx, const pb::SignUpRequest* req,
                                                pb::Participation* resp) {
  auto volunteer = std::make_shared<VolunteerInfo>();
  // The volunteer service is asked first, outside the transaction, with the caller's deadline.
  auto before = [=, this](const CallContext& call) -> absl::Status {
    TX_RETURN_IF_ERROR(domain_.CheckSignUpCaller(call.principal, req->volunteer_id()));
    auto found = volunteers_.Lookup(req->volunteer_id(), call.deadline, "volunteer_id");
    // An admin out of the volunteer's scope learns nothing of them, not even that they exist.
    TX_RETURN_IF_ERROR(clients::CheckActingFor(call.principal, found, "volunteer_id"));
    *volunteer = *std::move(found);
    return absl::OkStatus();
  };
  return Mutate(
      ctx, "SignUp", req, resp,
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(auto participation,
                            domain_.SignUp(tx, call.principal, req->activity_id(), *volunteer));
        ToProto(participation, resp);
        return absl::OkStatus();
      },
      before);
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::CancelSignUp(Ctx* ctx, const pb::CancelSignUpRequest* req,
                                                      pb::Participation* resp) {
  TX_ACTIVITY_MUTATION(CancelSignUp,
                       domain_.CancelSignUp(tx, call.principal, req->participation_id()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::ApproveSignUp(Ctx* ctx, const pb::ReviewSignUpRequest* req,
                                                       pb::Participation* resp) {
  TX_ACTIVITY_MUTATION(ApproveSignUp,
                       domain_.ApproveSignUp(tx, call.principal, req->participation_id()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::RejectSignUp(Ctx* ctx, const pb::ReviewSignUpRequest* req,
                                                      pb::Participation* resp) {
  TX_ACTIVITY_MUTATION(RejectSignUp, domain_.RejectSignUp(tx, call.principal,
                                                          req->participation_id(), req->reason()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::ListRoster(Ctx* ctx, const pb::ListRosterRequest* req,
                                                    pb::ListParticipationsResponse* resp) {
  return Query(ctx, "ListRoster", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(ParticipationState state, ParticipationStateFilter(req->state()));
    TX_ASSIGN_OR_RETURN(auto roster,
                        domain_.ListRoster(tx, call.principal, req->activity_id(), state, page));
    FillPage(roster, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_participations()); });
    return absl::OkStatus();
  });
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::ListParticipations(
    Ctx* ctx, const pb::ListParticipationsRequest* req, pb::ListParticipationsResponse* resp) {
  return Query(ctx, "ListParticipations", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto listed,
                        domain_.ListParticipations(tx, call.principal, req->volunteer_id(), page));
    FillPage(listed, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_participations()); });
    return absl::OkStatus();
  });
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::GetCheckinCode(Ctx* ctx,
                                                        const pb::GetCheckinCodeRequest* req,
                                                        pb::CheckinCode* resp) {
  return Query(ctx, "GetCheckinCode", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto code, domain_.GetCheckinCode(tx, call.principal, req->activity_id()));
    ToProto(code, resp);
    return absl::OkStatus();
  });
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::CheckIn(Ctx* ctx, const pb::CheckInRequest* req,
                                                 pb::Participation* resp) {
  TX_ACTIVITY_MUTATION(CheckIn, domain_.CheckIn(tx, call.principal, req->activity_id(), req->code(),
                                                FromProto(req->position(), req->has_position())));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::CheckOut(Ctx* ctx, const pb::CheckOutRequest* req,
                                                  pb::Participation* resp) {
  TX_ACTIVITY_MUTATION(CheckOut,
                       domain_.CheckOut(tx, call.principal, req->activity_id(), req->code(),
                                        FromProto(req->position(), req->has_position())));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::CorrectAttendance(Ctx* ctx,
                                                           const pb::CorrectAttendanceRequest* req,
                                                           pb::Participation* resp) {
  TX_ACTIVITY_MUTATION(
      CorrectAttendance,
      domain_.CorrectAttendance(tx, call.principal, req->participation_id(),
                                FromProto(req->check_in_time(), req->has_check_in_time()),
                                FromProto(req->check_out_time(), req->has_check_out_time()),
                                req->reason()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::ConfirmRoster(Ctx* ctx,
                                                       const pb::ConfirmRosterRequest* req,
                                                       pb::Activity* resp) {
  TX_ACTIVITY_MUTATION(ConfirmRoster,
                       domain_.ConfirmRoster(tx, call.principal, req->activity_id()));
}

ActivitiesGrpc::Reactor* ActivitiesGrpc::GetVolunteerCredit(
    Ctx* ctx, const pb::GetVolunteerCreditRequest* req, pb::VolunteerCredit* resp) {
  return Query(ctx, "GetVolunteerCredit", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto credit,
                        domain_.GetVolunteerCredit(tx, call.principal, req->volunteer_id()));
    ToProto(credit, resp);
    return absl::OkStatus();
  });
}

#undef TX_ACTIVITY_MUTATION

}  // namespace tongxin::activities
