#include "services/notifications/grpc/notifications_grpc.h"

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/notifications/grpc/mapping.h"

namespace tongxin::notifications {

NotificationsGrpc::NotificationsGrpc(FeedDomain& feed, InboxDomain& inbox, Db& db,
                                     const RpcRunner& runner)
    : RpcHandlers(db, runner, nullptr, pb::NotificationsService::service_full_name()),
      feed_(feed),
      inbox_(inbox) {}

NotificationsGrpc::Reactor* NotificationsGrpc::NotYet(Ctx* ctx, const char* method) {
  return Query(ctx, method, [method](const CallContext&, Tx&) {
    return absl::UnimplementedError(absl::StrCat(method, " is not served yet"));
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::PublishEvent(Ctx* ctx,
                                                            const pb::PublishEventRequest* req,
                                                            pb::PublishEventResponse* resp) {
  return Mutate(ctx, "PublishEvent", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Event event, EventFromProto(*req));
    TX_ASSIGN_OR_RETURN(auto published,
                        feed_.Publish(tx, call.principal, std::move(event), NotesFromProto(*req)));
    ToProto(published, resp);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListMessages(Ctx* ctx,
                                                            const pb::ListMessagesRequest* req,
                                                            pb::ListMessagesResponse* resp) {
  return Query(ctx, "ListMessages", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, inbox_.ListMessages(tx, call.principal, req->unread_only(),
                                                       req->page_size(), req->page_token()));
    FillPage(page, resp, [](auto* out, const auto& item) { ToProto(item, out->add_messages()); });
    TX_ASSIGN_OR_RETURN(int unread, inbox_.UnreadCount(tx, call.principal));
    resp->set_unread_count(unread);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::GetInboxSummary(Ctx* ctx,
                                                               const pb::GetInboxSummaryRequest*,
                                                               pb::InboxSummary* resp) {
  return Query(ctx, "GetInboxSummary", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(int unread, inbox_.UnreadCount(tx, call.principal));
    resp->set_unread_count(unread);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::MarkMessagesRead(
    Ctx* ctx, const pb::MarkMessagesReadRequest* req, pb::MarkMessagesReadResponse* resp) {
  return Mutate(ctx, "MarkMessagesRead", req, resp, [=, this](const CallContext& call, Tx& tx) {
    MarkReadRequest request{Strings(req->message_ids()), req->all()};
    TX_ASSIGN_OR_RETURN(auto marked, inbox_.MarkRead(tx, call.principal, request));
    resp->set_marked(marked.marked);
    resp->set_unread_count(marked.unread_count);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListEvents(Ctx* ctx,
                                                          const pb::ListEventsRequest* req,
                                                          pb::ListEventsResponse* resp) {
  return Query(ctx, "ListEvents", [=, this](const CallContext& call, Tx& tx) {
    FeedRequest request{req->region_id(), req->after(), req->page_size(), Strings(req->types())};
    TX_ASSIGN_OR_RETURN(auto page, feed_.ListEvents(tx, call.principal, request));
    for (const Event& event : page.events) TX_RETURN_IF_ERROR(ToProto(event, resp->add_events()));
    resp->set_next_after(page.next_after);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::notifications
