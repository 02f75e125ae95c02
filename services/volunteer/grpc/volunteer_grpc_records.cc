// The volunteer service's RPCs of service records: recording, correcting, listing, the
// volunteer's summary and the region statistics reckoned from them.
#include "services/volunteer/grpc/volunteer_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/mapping.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::RecordService(Ctx* ctx, const pb::RecordServiceRequest* req,
                                                     pb::ServiceRecord* resp) {
  return Mutate(ctx, "RecordService", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(ServiceEntry entry, FromProto(*req));
    TX_ASSIGN_OR_RETURN(auto record, records_.RecordService(tx, call.principal, entry));
    ToProto(record, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::CorrectServiceRecord(
    Ctx* ctx, const pb::CorrectServiceRecordRequest* req, pb::ServiceRecord* resp) {
  return Mutate(ctx, "CorrectServiceRecord", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto record,
                        records_.CorrectServiceRecord(tx, call.principal, req->record_id(),
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
                        records_.ListServiceRecords(tx, call.principal, req->volunteer_id(),
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
                            records_.GetServiceSummary(tx, call.principal, req->volunteer_id(),
                                                       req->from_date(), req->to_date()));
        ToProto(summary, resp);
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
            records_.GetRegionStatistics(tx, call.principal, req->region_id(), req->month()));
        ToProto(statistics, resp);
        return absl::OkStatus();
      },
      // One snapshot: the counts and the hours agree even while registrations commit.
      Isolation::kRepeatableRead);
}

}  // namespace tongxin::volunteer
