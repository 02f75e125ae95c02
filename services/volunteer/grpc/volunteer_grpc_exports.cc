// The volunteer service's RPCs of the national service-record export
// (docs/national-export.md): a page of the export, and the exports' log.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/mapping.h"
#include "services/volunteer/grpc/volunteer_grpc.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::ExportServiceRecords(
    Ctx* ctx, const pb::ExportServiceRecordsRequest* req, pb::ExportServiceRecordsResponse* resp) {
  // A read that writes its log: the page, its count on the export's row and its reveals commit
  // together, or none of them (no request_id: a repeated page is served and logged again).
  return runner_for_logged_.Run(
      ctx, "ExportServiceRecords", "", [=, this](const CallContext& call) {
        return db_.Transact(call.tx(), [&](Tx& tx) -> absl::Status {
          resp->Clear();  // the transaction may be retried
          ExportRequest request{req->region_id(), req->period_start(), req->period_end(),
                                req->page_size(), req->page_token()};
          TX_ASSIGN_OR_RETURN(ExportPage page, exports_.Export(tx, call.principal, request));
          ToProto(page, resp);
          return absl::OkStatus();
        });
      });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListServiceRecordExports(
    Ctx* ctx, const pb::ListServiceRecordExportsRequest* req,
    pb::ListServiceRecordExportsResponse* resp) {
  return Query(ctx, "ListServiceRecordExports", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto exports, exports_.List(tx, call.principal, req->region_id(), page));
    FillPage(exports, resp, [](auto* out, const auto& item) { ToProto(item, out->add_exports()); });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::volunteer
