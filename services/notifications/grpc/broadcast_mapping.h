// Proto ↔ domain for broadcasts and call-outs (beside mapping.h): field copies, enums through
// FromProtoEnum / TX_SAME_ENUM_VALUE, timestamps.
#pragma once

#include "absl/status/statusor.h"
#include "services/notifications/domain/broadcast_model.h"
#include "tongxin/notifications/v1/notifications.pb.h"

namespace tongxin::notifications {

namespace pb = ::tongxin::notifications::v1;

// The broadcast a SendBroadcastRequest asks for (not yet checked: CheckNewBroadcast does).
absl::StatusOr<Broadcast> BroadcastFromProto(const pb::SendBroadcastRequest& in);
absl::StatusOr<CallOutReply> ReplyFromProto(pb::CallOutReply reply, bool required);

void ToProto(const Broadcast& in, pb::Broadcast* out);
void ToProto(const CallOut& in, pb::CallOut* out);
void ToProto(const CallOutAnswer& in, pb::CallOutAnswer* out);
pb::CallOutReply ToProto(CallOutReply reply);

}  // namespace tongxin::notifications
