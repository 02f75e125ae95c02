#include "services/notifications/grpc/mapping.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "services/common/rpc_handlers.h"
#include "services/common/status.h"

namespace tongxin::notifications {

absl::StatusOr<Event> EventFromProto(const pb::PublishEventRequest& in) {
  Event event;
  event.event_id = in.request_id();
  event.type = in.type();
  event.subject = in.subject();
  event.region_id = in.region_id();
  if (in.has_occurred_at()) {
    TX_ASSIGN_OR_RETURN(event.occurred_at, FromProtoTime(in.occurred_at(), "occurred_at"));
  }
  if (in.has_data()) {
    auto printed = google::protobuf::util::MessageToJsonString(in.data(), &event.data_json);
    if (!printed.ok()) return absl::InvalidArgumentError("data: not representable as JSON");
  }
  return event;
}

std::vector<Note> NotesFromProto(const pb::PublishEventRequest& in) {
  std::vector<Note> notes;
  notes.reserve(in.notes_size());
  for (const pb::InboxNote& note : in.notes()) {
    notes.push_back({note.recipient_id(), note.title(), note.body(), note.link()});
  }
  return notes;
}

void ToProto(const Published& in, pb::PublishEventResponse* out) {
  out->set_event_id(in.event_id);
  out->set_sequence(in.sequence);
  out->set_messages(in.messages);
}

void ToProto(const Message& in, pb::Message* out) {
  out->set_message_id(in.message_id);
  out->set_event_id(in.event_id);
  out->set_type(in.type);
  out->set_title(in.title);
  out->set_body(in.body);
  out->set_link(in.link);
  SetTimestamp(out->mutable_create_time(), in.create_time);
  if (in.read_time) SetTimestamp(out->mutable_read_time(), *in.read_time);
  out->set_broadcast_id(in.broadcast_id);
}

absl::Status ToProto(const Event& in, pb::CloudEvent* out) {
  out->set_specversion(kCloudEventsSpecVersion);
  out->set_id(in.event_id);
  out->set_source(in.source);
  out->set_type(in.type);
  out->set_subject(in.subject);
  SetTimestamp(out->mutable_time(), in.occurred_at);
  out->set_datacontenttype(kDataContentType);
  auto parsed = google::protobuf::util::JsonStringToMessage(in.data_json, out->mutable_data());
  if (!parsed.ok()) return absl::InternalError("a stored event's data is not a JSON object");
  out->set_tongxinregion(in.region_id);
  out->set_sequence(absl::StrCat(in.sequence));
  return absl::OkStatus();
}

}  // namespace tongxin::notifications
