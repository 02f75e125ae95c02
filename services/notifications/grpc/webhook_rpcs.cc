// The webhook RPCs of NotificationsGrpc (H3 serves them; UNIMPLEMENTED until then).
#include "services/notifications/grpc/notifications_grpc.h"

namespace tongxin::notifications {

NotificationsGrpc::Reactor* NotificationsGrpc::CreateWebhook(Ctx* ctx,
                                                             const pb::CreateWebhookRequest*,
                                                             pb::CreateWebhookResponse*) {
  return NotYet(ctx, "CreateWebhook");
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListWebhooks(Ctx* ctx,
                                                            const pb::ListWebhooksRequest*,
                                                            pb::ListWebhooksResponse*) {
  return NotYet(ctx, "ListWebhooks");
}

NotificationsGrpc::Reactor* NotificationsGrpc::DeleteWebhook(Ctx* ctx,
                                                             const pb::DeleteWebhookRequest*,
                                                             pb::Webhook*) {
  return NotYet(ctx, "DeleteWebhook");
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListWebhookDeadLetters(
    Ctx* ctx, const pb::ListWebhookDeadLettersRequest*, pb::ListWebhookDeadLettersResponse*) {
  return NotYet(ctx, "ListWebhookDeadLetters");
}

NotificationsGrpc::Reactor* NotificationsGrpc::ReplayWebhookDeliveries(
    Ctx* ctx, const pb::ReplayWebhookDeliveriesRequest*, pb::ReplayWebhookDeliveriesResponse*) {
  return NotYet(ctx, "ReplayWebhookDeliveries");
}

}  // namespace tongxin::notifications
