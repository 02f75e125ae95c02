// The webhooks' proto ↔ domain mapping, and the body of a delivery: its event as CloudEvents
// JSON (the proto3 JSON mapping of CloudEvent, as the pull API's events).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/notifications/domain/webhook_model.h"
#include "tongxin/notifications/v1/notifications.pb.h"

namespace tongxin::notifications {

void ToProto(const Webhook& in, v1::Webhook* out);
void ToProto(const WebhookDelivery& in, v1::WebhookDelivery* out);
// The event as a CloudEvent (specversion 1.0, the extensions tongxinregion and sequence).
absl::StatusOr<v1::CloudEvent> ToCloudEvent(const DeliveredEvent& event);
// What a webhook is POSTed: the CloudEvent as JSON.
absl::StatusOr<std::string> CloudEventJson(const DeliveredEvent& event);

}  // namespace tongxin::notifications
