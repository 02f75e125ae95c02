// The broadcast and call-out RPCs of NotificationsGrpc: request → BroadcastsDomain → response.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/notifications/grpc/broadcast_mapping.h"
#include "services/notifications/grpc/notifications_grpc.h"

namespace tongxin::notifications {

NotificationsGrpc::Reactor* NotificationsGrpc::SendBroadcast(Ctx* ctx,
                                                             const pb::SendBroadcastRequest* req,
                                                             pb::Broadcast* resp) {
  return Mutate(ctx, "SendBroadcast", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Broadcast broadcast, BroadcastFromProto(*req));
    TX_ASSIGN_OR_RETURN(auto sent, broadcasts_.Send(tx, call.principal, std::move(broadcast)));
    ToProto(sent, resp);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::GetBroadcast(Ctx* ctx,
                                                            const pb::GetBroadcastRequest* req,
                                                            pb::Broadcast* resp) {
  return Query(ctx, "GetBroadcast", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto broadcast, broadcasts_.Get(tx, call.principal, req->broadcast_id()));
    ToProto(broadcast, resp);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListBroadcasts(Ctx* ctx,
                                                              const pb::ListBroadcastsRequest* req,
                                                              pb::ListBroadcastsResponse* resp) {
  return Query(ctx, "ListBroadcasts", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto broadcasts,
                        broadcasts_.List(tx, call.principal, req->region_id(), page));
    FillPage(broadcasts, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_broadcasts()); });
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::AnswerCallOut(Ctx* ctx,
                                                             const pb::AnswerCallOutRequest* req,
                                                             pb::CallOutAnswer* resp) {
  return Mutate(ctx, "AnswerCallOut", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(CallOutReply reply, ReplyFromProto(req->reply(), /*required=*/true));
    TX_ASSIGN_OR_RETURN(auto answer,
                        broadcasts_.Answer(tx, call.principal, req->broadcast_id(), reply));
    ToProto(answer, resp);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListCallOutAnswers(
    Ctx* ctx, const pb::ListCallOutAnswersRequest* req, pb::ListCallOutAnswersResponse* resp) {
  return Query(ctx, "ListCallOutAnswers", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(CallOutReply reply, ReplyFromProto(req->reply(), /*required=*/false));
    TX_ASSIGN_OR_RETURN(auto answers, broadcasts_.ListAnswers(tx, call.principal,
                                                              req->broadcast_id(), reply, page));
    FillPage(answers, resp, [](auto* out, const auto& item) { ToProto(item, out->add_answers()); });
    return absl::OkStatus();
  });
}

}  // namespace tongxin::notifications
