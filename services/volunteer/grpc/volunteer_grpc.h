// The gRPC layer of the volunteer service: one CallbackService whose methods run each call on
// the worker pool (RpcRunner) inside one transaction, make every mutating call idempotent by its
// request_id, and convert with mapping.h. The method bodies are split by area:
// volunteer_grpc_hierarchy.cc, _registration.cc (with ID-number look-ups), _reports.cc,
// _teams.cc, _records.cc, _grid_tasks.cc, _certificates.cc, _exports.cc.
#pragma once

#include "services/common/rpc_handlers.h"
#include "services/volunteer/domain/certificate_domain.h"
#include "services/volunteer/domain/grid_task_domain.h"
#include "services/volunteer/domain/hierarchy_domain.h"
#include "services/volunteer/domain/id_lookup_domain.h"
#include "services/volunteer/domain/record_export_domain.h"
#include "services/volunteer/domain/registration_domain.h"
#include "services/volunteer/domain/report_domain.h"
#include "services/volunteer/domain/service_record_domain.h"
#include "services/volunteer/domain/team_domain.h"
#include "services/volunteer/domain/volunteer_status.h"
#include "tongxin/volunteer/v1/volunteer.grpc.pb.h"

namespace tongxin::volunteer {

namespace pb = ::tongxin::volunteer::v1;

// The domain areas the gRPC layer calls (owned by VolunteerService).
struct VolunteerDomains {
  HierarchyDomain& hierarchy;
  RegistrationDomain& registration;
  ReportDomain& reports;
  IdLookupDomain& id_lookups;
  TeamDomain& teams;
  ServiceRecordDomain& records;
  GridTaskDomain& grid_tasks;
  CertificateDomain& certificates;
  RecordExportDomain& exports;
};

class VolunteerGrpc final : public pb::VolunteerService::CallbackService, private RpcHandlers {
 public:
  // `cipher` keys the idempotency fingerprints: registrations carry personal data.
  VolunteerGrpc(const VolunteerDomains& domains, Db& db, const RpcRunner& runner,
                const PersonalDataCipher& cipher);

  Reactor* CreateStreet(Ctx*, const pb::CreateStreetRequest*, pb::Street*) override;
  Reactor* GetStreet(Ctx*, const pb::GetStreetRequest*, pb::Street*) override;
  Reactor* ListStreets(Ctx*, const pb::ListStreetsRequest*, pb::ListStreetsResponse*) override;
  Reactor* CreateCommunity(Ctx*, const pb::CreateCommunityRequest*, pb::Community*) override;
  Reactor* GetCommunity(Ctx*, const pb::GetCommunityRequest*, pb::Community*) override;
  Reactor* ListCommunities(Ctx*, const pb::ListCommunitiesRequest*,
                           pb::ListCommunitiesResponse*) override;
  Reactor* CreateGrid(Ctx*, const pb::CreateGridRequest*, pb::Grid*) override;
  Reactor* GetGrid(Ctx*, const pb::GetGridRequest*, pb::Grid*) override;
  Reactor* ListGrids(Ctx*, const pb::ListGridsRequest*, pb::ListGridsResponse*) override;

  Reactor* RegisterVolunteer(Ctx*, const pb::RegisterVolunteerRequest*, pb::Volunteer*) override;
  Reactor* GetVolunteer(Ctx*, const pb::GetVolunteerRequest*, pb::Volunteer*) override;
  Reactor* FindVolunteerByIdNumber(Ctx*, const pb::FindVolunteerByIdNumberRequest*,
                                   pb::Volunteer*) override;
  Reactor* ListIdNumberLookups(Ctx*, const pb::ListIdNumberLookupsRequest*,
                               pb::ListIdNumberLookupsResponse*) override;
  Reactor* ListVolunteers(Ctx*, const pb::ListVolunteersRequest*,
                          pb::ListVolunteersResponse*) override;
  Reactor* UpdateVolunteer(Ctx*, const pb::UpdateVolunteerRequest*, pb::Volunteer*) override;
  Reactor* ApproveVolunteer(Ctx*, const pb::ChangeVolunteerStatusRequest*, pb::Volunteer*) override;
  Reactor* SuspendVolunteer(Ctx*, const pb::ChangeVolunteerStatusRequest*, pb::Volunteer*) override;
  Reactor* ReactivateVolunteer(Ctx*, const pb::ChangeVolunteerStatusRequest*,
                               pb::Volunteer*) override;
  Reactor* DeregisterVolunteer(Ctx*, const pb::ChangeVolunteerStatusRequest*,
                               pb::Volunteer*) override;
  Reactor* ReportToCommunity(Ctx*, const pb::ReportToCommunityRequest*, pb::Volunteer*) override;
  Reactor* ConfirmReport(Ctx*, const pb::ConfirmReportRequest*, pb::CommunityReport*) override;
  Reactor* RejectReport(Ctx*, const pb::RejectReportRequest*, pb::CommunityReport*) override;
  Reactor* ListCommunityReports(Ctx*, const pb::ListCommunityReportsRequest*,
                                pb::ListCommunityReportsResponse*) override;

  Reactor* CreateTeam(Ctx*, const pb::CreateTeamRequest*, pb::Team*) override;
  Reactor* ListTeams(Ctx*, const pb::ListTeamsRequest*, pb::ListTeamsResponse*) override;
  Reactor* JoinTeam(Ctx*, const pb::JoinTeamRequest*, pb::TeamMember*) override;
  Reactor* LeaveTeam(Ctx*, const pb::LeaveTeamRequest*, pb::TeamMember*) override;
  Reactor* ListTeamMembers(Ctx*, const pb::ListTeamMembersRequest*,
                           pb::ListTeamMembersResponse*) override;

  Reactor* RecordService(Ctx*, const pb::RecordServiceRequest*, pb::ServiceRecord*) override;
  Reactor* CorrectServiceRecord(Ctx*, const pb::CorrectServiceRecordRequest*,
                                pb::ServiceRecord*) override;
  Reactor* ListServiceRecords(Ctx*, const pb::ListServiceRecordsRequest*,
                              pb::ListServiceRecordsResponse*) override;
  Reactor* GetServiceSummary(Ctx*, const pb::GetServiceSummaryRequest*,
                             pb::ServiceSummary*) override;

  Reactor* IssueCertificate(Ctx*, const pb::IssueCertificateRequest*, pb::Certificate*) override;
  Reactor* GetCertificate(Ctx*, const pb::GetCertificateRequest*, pb::Certificate*) override;
  Reactor* GetCertificatePdf(Ctx*, const pb::GetCertificatePdfRequest*,
                             pb::CertificatePdf*) override;
  Reactor* ListCertificates(Ctx*, const pb::ListCertificatesRequest*,
                            pb::ListCertificatesResponse*) override;
  Reactor* RevokeCertificate(Ctx*, const pb::RevokeCertificateRequest*, pb::Certificate*) override;
  Reactor* VerifyCertificate(Ctx*, const pb::VerifyCertificateRequest*,
                             pb::CertificateVerification*) override;

  Reactor* GetRegionStatistics(Ctx*, const pb::GetRegionStatisticsRequest*,
                               pb::RegionStatistics*) override;

  Reactor* ReportGridTask(Ctx*, const pb::ReportGridTaskRequest*, pb::GridTaskReport*) override;
  Reactor* ListAudience(Ctx*, const pb::ListAudienceRequest*, pb::ListAudienceResponse*) override;
  Reactor* ExportServiceRecords(Ctx*, const pb::ExportServiceRecordsRequest*,
                                pb::ExportServiceRecordsResponse*) override;
  Reactor* ListServiceRecordExports(Ctx*, const pb::ListServiceRecordExportsRequest*,
                                    pb::ListServiceRecordExportsResponse*) override;

 private:
  // The four status RPCs differ only in their change (volunteer_status.h).
  Reactor* ChangeStatus(Ctx* context, const char* method,
                        const pb::ChangeVolunteerStatusRequest* request, pb::Volunteer* response,
                        StatusChange change);

  // A read that writes its access-log row and commits it whatever it answers (ID-number
  // look-ups): `work` returns the answer; the transaction fails only for database errors.
  Reactor* Logged(Ctx* context, const char* method,
                  std::function<absl::Status(const CallContext&, Tx&)> work);

  const RpcRunner& runner_for_logged_;
  HierarchyDomain& hierarchy_;
  RegistrationDomain& registration_;
  ReportDomain& reports_;
  IdLookupDomain& id_lookups_;
  TeamDomain& teams_;
  ServiceRecordDomain& records_;
  GridTaskDomain& grid_tasks_;
  CertificateDomain& certificates_;
  RecordExportDomain& exports_;
};

}  // namespace tongxin::volunteer
