// The gRPC layer of the activities service: maps proto ↔ domain (grpc/mapping.h) and
// absl::Status ↔ grpc::Status; every call runs in one transaction on the worker pool, mutating
// calls once per request_id. Built by ActivitiesService (activities_service.h).
#pragma once

#include "services/activities/domain/activities_domain.h"
#include "services/common/rpc_handlers.h"
#include "tongxin/activities/v1/activities.grpc.pb.h"

namespace tongxin::activities {

namespace pb = ::tongxin::activities::v1;

class ActivitiesGrpc final : public pb::ActivitiesService::CallbackService, private RpcHandlers {
 public:
  ActivitiesGrpc(ActivitiesDomain& domain, const clients::VolunteerDirectory& volunteers, Db& db,
                 const RpcRunner& runner);

  Reactor* CreateActivity(Ctx*, const pb::CreateActivityRequest*, pb::Activity*) override;
  Reactor* UpdateActivity(Ctx*, const pb::UpdateActivityRequest*, pb::Activity*) override;
  Reactor* PublishActivity(Ctx*, const pb::PublishActivityRequest*, pb::Activity*) override;
  Reactor* CancelActivity(Ctx*, const pb::CancelActivityRequest*, pb::Activity*) override;
  Reactor* GetActivity(Ctx*, const pb::GetActivityRequest*, pb::Activity*) override;
  Reactor* ListActivities(Ctx*, const pb::ListActivitiesRequest*,
                          pb::ListActivitiesResponse*) override;
  Reactor* SignUp(Ctx*, const pb::SignUpRequest*, pb::Participation*) override;
  Reactor* CancelSignUp(Ctx*, const pb::CancelSignUpRequest*, pb::Participation*) override;
  Reactor* ApproveSignUp(Ctx*, const pb::ReviewSignUpRequest*, pb::Participation*) override;
  Reactor* RejectSignUp(Ctx*, const pb::ReviewSignUpRequest*, pb::Participation*) override;
  Reactor* ListRoster(Ctx*, const pb::ListRosterRequest*, pb::ListParticipationsResponse*) override;
  Reactor* ListParticipations(Ctx*, const pb::ListParticipationsRequest*,
                              pb::ListParticipationsResponse*) override;
  Reactor* GetCheckinCode(Ctx*, const pb::GetCheckinCodeRequest*, pb::CheckinCode*) override;
  Reactor* CheckIn(Ctx*, const pb::CheckInRequest*, pb::Participation*) override;
  Reactor* CheckOut(Ctx*, const pb::CheckOutRequest*, pb::Participation*) override;
  Reactor* CorrectAttendance(Ctx*, const pb::CorrectAttendanceRequest*,
                             pb::Participation*) override;
  Reactor* ConfirmRoster(Ctx*, const pb::ConfirmRosterRequest*, pb::Activity*) override;
  Reactor* GetVolunteerCredit(Ctx*, const pb::GetVolunteerCreditRequest*,
                              pb::VolunteerCredit*) override;

 private:
  ActivitiesDomain& domain_;
  const clients::VolunteerDirectory& volunteers_;
};

}  // namespace tongxin::activities
