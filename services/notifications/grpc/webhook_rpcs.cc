// The webhook RPCs of NotificationsGrpc: proto ↔ WebhooksDomain.
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/notifications/grpc/notifications_grpc.h"
#include "services/notifications/grpc/webhook_mapping.h"

namespace tongxin::notifications {

// Not through the idempotency store: its stored answer would hold the secret, which is never
// stored. The webhook row keeps the request's key instead (WebhookRepository::InsertOnce), and a
// retry's answer is rebuilt from it with the secret derived again.
NotificationsGrpc::Reactor* NotificationsGrpc::CreateWebhook(Ctx* ctx,
                                                             const pb::CreateWebhookRequest* req,
                                                             pb::CreateWebhookResponse* resp) {
  return MutateInOneStatement(
      ctx, "CreateWebhook", req, resp,
      [=, this](const CallContext& call, Tx& tx, const RequestKey& key) -> absl::Status {
        TX_ASSIGN_OR_RETURN(CreatedWebhook created,
                            webhooks_.CreateWebhook(tx, call.principal, key, req->region_id(),
                                                    req->url(), Strings(req->types())));
        ToProto(created.webhook, resp->mutable_webhook());
        resp->set_secret(created.secret);
        return absl::OkStatus();
      });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListWebhooks(Ctx* ctx,
                                                            const pb::ListWebhooksRequest* req,
                                                            pb::ListWebhooksResponse* resp) {
  return Query(ctx, "ListWebhooks", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto webhooks,
                        webhooks_.ListWebhooks(tx, call.principal, req->region_id(), page));
    FillPage(webhooks, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_webhooks()); });
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::DeleteWebhook(Ctx* ctx,
                                                             const pb::DeleteWebhookRequest* req,
                                                             pb::Webhook* resp) {
  return Mutate(ctx, "DeleteWebhook", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(Webhook webhook,
                        webhooks_.DeleteWebhook(tx, call.principal, req->webhook_id()));
    ToProto(webhook, resp);
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListWebhookDeadLetters(
    Ctx* ctx, const pb::ListWebhookDeadLettersRequest* req,
    pb::ListWebhookDeadLettersResponse* resp) {
  return Query(ctx, "ListWebhookDeadLetters", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(
        auto deliveries,
        webhooks_.ListDeadLetters(tx, call.principal, req->region_id(), req->webhook_id(), page));
    FillPage(deliveries, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_deliveries()); });
    return absl::OkStatus();
  });
}

NotificationsGrpc::Reactor* NotificationsGrpc::ReplayWebhookDeliveries(
    Ctx* ctx, const pb::ReplayWebhookDeliveriesRequest* req,
    pb::ReplayWebhookDeliveriesResponse* resp) {
  return Mutate(
      ctx, "ReplayWebhookDeliveries", req, resp, [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(int replayed,
                            webhooks_.ReplayDeliveries(tx, call.principal, req->webhook_id(),
                                                       Strings(req->delivery_ids())));
        resp->set_replayed(replayed);
        return absl::OkStatus();
      });
}

}  // namespace tongxin::notifications
