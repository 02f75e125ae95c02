#include "services/notifications/grpc/broadcast_mapping.h"

#include "services/common/proto_enum.h"
#include "services/common/rpc_handlers.h"
#include "services/common/status.h"

namespace tongxin::notifications {

TX_SAME_ENUM_VALUE(BroadcastKind::kUnspecified, pb::BROADCAST_KIND_UNSPECIFIED);
TX_SAME_ENUM_VALUE(BroadcastKind::kAnnouncement, pb::BROADCAST_KIND_ANNOUNCEMENT);
TX_SAME_ENUM_VALUE(BroadcastKind::kCallOut, pb::BROADCAST_KIND_CALL_OUT);
TX_SAME_ENUM_VALUE(BroadcastState::kUnspecified, pb::BROADCAST_STATE_UNSPECIFIED);
TX_SAME_ENUM_VALUE(BroadcastState::kFanningOut, pb::BROADCAST_STATE_FANNING_OUT);
TX_SAME_ENUM_VALUE(BroadcastState::kDelivered, pb::BROADCAST_STATE_DELIVERED);
TX_SAME_ENUM_VALUE(CallOutReply::kUnspecified, pb::CALL_OUT_REPLY_UNSPECIFIED);
TX_SAME_ENUM_VALUE(CallOutReply::kComing, pb::CALL_OUT_REPLY_COMING);
TX_SAME_ENUM_VALUE(CallOutReply::kCannot, pb::CALL_OUT_REPLY_CANNOT);

absl::StatusOr<Broadcast> BroadcastFromProto(const pb::SendBroadcastRequest& in) {
  Broadcast out;
  out.region_id = in.region_id();
  TX_ASSIGN_OR_RETURN(out.kind, FromProtoEnum<BroadcastKind>(in.kind(), "kind"));
  out.title = in.title();
  out.body = in.body();
  out.audience.party_members_only = in.audience().party_members_only();
  out.audience.team_id = in.audience().team_id();
  out.audience.grid_id = in.audience().grid_id();
  if (in.has_call_out()) {
    CallOut call_out;
    call_out.place = in.call_out().place();
    if (in.call_out().has_start_time()) {
      TX_ASSIGN_OR_RETURN(call_out.start_time,
                          FromProtoTime(in.call_out().start_time(), "call_out.start_time"));
    }
    if (in.call_out().has_end_time()) {
      TX_ASSIGN_OR_RETURN(call_out.end_time,
                          FromProtoTime(in.call_out().end_time(), "call_out.end_time"));
    }
    call_out.wanted = in.call_out().wanted();
    out.call_out = call_out;
  }
  return out;
}

absl::StatusOr<CallOutReply> ReplyFromProto(pb::CallOutReply reply, bool required) {
  return FromProtoEnum<CallOutReply>(reply, "reply",
                                     required ? Unspecified::kRefused : Unspecified::kAllowed);
}

pb::CallOutReply ToProto(CallOutReply reply) { return static_cast<pb::CallOutReply>(reply); }

void ToProto(const CallOut& in, pb::CallOut* out) {
  out->set_place(in.place);
  SetTimestamp(out->mutable_start_time(), in.start_time);
  SetTimestamp(out->mutable_end_time(), in.end_time);
  out->set_wanted(in.wanted);
}

void ToProto(const Broadcast& in, pb::Broadcast* out) {
  out->set_broadcast_id(in.broadcast_id);
  out->set_region_id(in.region_id);
  out->set_kind(static_cast<pb::BroadcastKind>(in.kind));
  out->set_title(in.title);
  out->set_body(in.body);
  out->mutable_audience()->set_party_members_only(in.audience.party_members_only);
  out->mutable_audience()->set_team_id(in.audience.team_id);
  out->mutable_audience()->set_grid_id(in.audience.grid_id);
  if (in.call_out) ToProto(*in.call_out, out->mutable_call_out());
  out->set_sender_id(in.sender_id);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  out->set_state(static_cast<pb::BroadcastState>(in.state));
  // "once delivered": while fanning out the count is still growing.
  if (in.state == BroadcastState::kDelivered) out->set_recipient_count(in.recipient_count);
  if (in.counts) {
    out->mutable_counts()->set_coming(in.counts->coming);
    out->mutable_counts()->set_cannot(in.counts->cannot);
    out->mutable_counts()->set_unanswered(in.counts->unanswered);
  }
  out->set_event_id(in.event_id);
}

void ToProto(const CallOutAnswer& in, pb::CallOutAnswer* out) {
  out->set_broadcast_id(in.broadcast_id);
  out->set_volunteer_id(in.volunteer_id);
  out->set_reply(ToProto(in.reply));
  SetTimestamp(out->mutable_answer_time(), in.answer_time);
}

}  // namespace tongxin::notifications
