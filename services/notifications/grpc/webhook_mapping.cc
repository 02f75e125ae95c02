#include "services/notifications/grpc/webhook_mapping.h"

#include <google/protobuf/util/json_util.h>

#include "services/common/rpc_handlers.h"

namespace tongxin::notifications {

void ToProto(const Webhook& in, pb::Webhook* out) {
  out->set_webhook_id(in.webhook_id);
  out->set_region_id(in.region_id);
  out->set_url(in.url);
  for (const std::string& type : in.types) out->add_types(type);
  out->set_created_by(in.created_by);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.delete_time) SetTimestamp(out->mutable_delete_time(), *in.delete_time);
  out->set_pending_deliveries(in.pending_deliveries);
  out->set_dead_letters(in.dead_letters);
}

void ToProto(const WebhookDelivery& in, pb::WebhookDelivery* out) {
  out->set_delivery_id(in.delivery_id);
  out->set_webhook_id(in.webhook_id);
  out->set_event_id(in.event_id);
  out->set_type(in.type);
  out->set_state(static_cast<pb::DeliveryState>(in.state));
  out->set_attempts(in.attempts);
  out->set_last_error(in.last_error);
  if (in.last_attempt_time) SetTimestamp(out->mutable_last_attempt_time(), *in.last_attempt_time);
  // Only a pending delivery has a next attempt (a dead letter's would be the lease's end).
  if (in.state == DeliveryState::kPending && in.next_attempt_time) {
    SetTimestamp(out->mutable_next_attempt_time(), *in.next_attempt_time);
  }
}

absl::StatusOr<std::string> CloudEventJson(const Event& event) {
  pb::CloudEvent cloud_event;
  if (absl::Status mapped = ToProto(event, &cloud_event); !mapped.ok()) return mapped;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(cloud_event, &json).ok()) {
    return absl::InternalError("the event could not be written as JSON");
  }
  return json;
}

}  // namespace tongxin::notifications
