// The webhooks' proto ↔ domain mapping, and the body of a delivery: its event as CloudEvents
// JSON (the proto3 JSON mapping of CloudEvent, as the pull API's events).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/notifications/domain/webhook_model.h"
#include "services/notifications/grpc/mapping.h"

namespace tongxin::notifications {

void ToProto(const Webhook& in, pb::Webhook* out);
void ToProto(const WebhookDelivery& in, pb::WebhookDelivery* out);
// What a webhook is POSTed: the event as a CloudEvent (mapping.h, as ListEvents answers it) in
// JSON.
absl::StatusOr<std::string> CloudEventJson(const Event& event);

}  // namespace tongxin::notifications
