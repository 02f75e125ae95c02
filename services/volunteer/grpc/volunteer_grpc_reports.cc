// The volunteer service's RPCs of party members' reports to communities: reporting, confirming
// or rejecting a report, listing a region's reports.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/mapping.h"
#include "services/volunteer/grpc/volunteer_grpc.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::ReportToCommunity(Ctx* ctx,
                                                         const pb::ReportToCommunityRequest* req,
                                                         pb::Volunteer* resp) {
  return Mutate(ctx, "ReportToCommunity", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto volunteer, reports_.Report(tx, call.principal, req->volunteer_id(),
                                                        req->community_id()));
    ToProto(volunteer, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ConfirmReport(Ctx* ctx, const pb::ConfirmReportRequest* req,
                                                     pb::CommunityReport* resp) {
  return Mutate(ctx, "ConfirmReport", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto report, reports_.Decide(tx, call.principal, req->report_id(),
                                                     ReportDecision::kConfirm, ""));
    ToProto(report, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::RejectReport(Ctx* ctx, const pb::RejectReportRequest* req,
                                                    pb::CommunityReport* resp) {
  return Mutate(ctx, "RejectReport", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto report, reports_.Decide(tx, call.principal, req->report_id(),
                                                     ReportDecision::kReject, req->reason()));
    ToProto(report, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListCommunityReports(
    Ctx* ctx, const pb::ListCommunityReportsRequest* req, pb::ListCommunityReportsResponse* resp) {
  return Query(ctx, "ListCommunityReports", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(ReportFilter filter, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto reports, reports_.List(tx, call.principal, filter, page));
    FillPage(reports, resp, [](auto* out, const auto& item) { ToProto(item, out->add_reports()); });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::volunteer
