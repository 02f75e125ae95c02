// The gRPC layer of the notifications service: the one class declaring every RPC of
// tongxin.notifications.v1. It maps proto ↔ domain (grpc/mapping.h) and absl::Status ↔
// grpc::Status; every call runs in one transaction on the worker pool, mutating calls once per
// request_id. notifications_grpc.cc holds the events, inbox and feed; webhook_rpcs.cc the
// webhooks; broadcast_rpcs.cc the broadcasts. Built by NotificationsService.
#pragma once

#include "services/common/rpc_handlers.h"
#include "services/notifications/domain/feed_domain.h"
#include "services/notifications/domain/inbox_domain.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"

namespace tongxin::notifications {

namespace pb = ::tongxin::notifications::v1;

class NotificationsGrpc final : public pb::NotificationsService::CallbackService,
                                private RpcHandlers {
 public:
  NotificationsGrpc(FeedDomain& feed, InboxDomain& inbox, Db& db, const RpcRunner& runner);

  // Events, the inbox and the feed (notifications_grpc.cc).
  Reactor* PublishEvent(Ctx*, const pb::PublishEventRequest*, pb::PublishEventResponse*) override;
  Reactor* ListMessages(Ctx*, const pb::ListMessagesRequest*, pb::ListMessagesResponse*) override;
  Reactor* GetInboxSummary(Ctx*, const pb::GetInboxSummaryRequest*, pb::InboxSummary*) override;
  Reactor* MarkMessagesRead(Ctx*, const pb::MarkMessagesReadRequest*,
                            pb::MarkMessagesReadResponse*) override;
  Reactor* ListEvents(Ctx*, const pb::ListEventsRequest*, pb::ListEventsResponse*) override;

  // Webhooks (webhook_rpcs.cc).
  Reactor* CreateWebhook(Ctx*, const pb::CreateWebhookRequest*,
                         pb::CreateWebhookResponse*) override;
  Reactor* ListWebhooks(Ctx*, const pb::ListWebhooksRequest*, pb::ListWebhooksResponse*) override;
  Reactor* DeleteWebhook(Ctx*, const pb::DeleteWebhookRequest*, pb::Webhook*) override;
  Reactor* ListWebhookDeadLetters(Ctx*, const pb::ListWebhookDeadLettersRequest*,
                                  pb::ListWebhookDeadLettersResponse*) override;
  Reactor* ReplayWebhookDeliveries(Ctx*, const pb::ReplayWebhookDeliveriesRequest*,
                                   pb::ReplayWebhookDeliveriesResponse*) override;

  // Broadcasts and call-outs (broadcast_rpcs.cc).
  Reactor* SendBroadcast(Ctx*, const pb::SendBroadcastRequest*, pb::Broadcast*) override;
  Reactor* GetBroadcast(Ctx*, const pb::GetBroadcastRequest*, pb::Broadcast*) override;
  Reactor* ListBroadcasts(Ctx*, const pb::ListBroadcastsRequest*,
                          pb::ListBroadcastsResponse*) override;
  Reactor* AnswerCallOut(Ctx*, const pb::AnswerCallOutRequest*, pb::CallOutAnswer*) override;
  Reactor* ListCallOutAnswers(Ctx*, const pb::ListCallOutAnswersRequest*,
                              pb::ListCallOutAnswersResponse*) override;

 private:
  // A call not served yet: authenticated like any other, then UNIMPLEMENTED.
  Reactor* NotYet(Ctx* ctx, const char* method);

  FeedDomain& feed_;
  InboxDomain& inbox_;
};

}  // namespace tongxin::notifications
