// Proto ↔ domain for the notifications service's gRPC layer: field copies, the feed's data as
// JSON, CloudEvents attributes and timestamps. H3's and H4's mappings live beside it
// (webhook_mapping.cc, broadcast_mapping.cc).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "services/notifications/domain/model.h"
#include "tongxin/notifications/v1/notifications.pb.h"

namespace tongxin::notifications {

namespace pb = ::tongxin::notifications::v1;

inline constexpr char kCloudEventsSpecVersion[] = "1.0";
inline constexpr char kDataContentType[] = "application/json";

// The event a PublishEventRequest describes (data as JSON, "" when unset; occurred_at the
// epoch when unset), and its notes.
absl::StatusOr<Event> EventFromProto(const pb::PublishEventRequest& in);
std::vector<Note> NotesFromProto(const pb::PublishEventRequest& in);

void ToProto(const Published& in, pb::PublishEventResponse* out);
void ToProto(const Message& in, pb::Message* out);
// The CloudEvents 1.0 form of a stored event.
absl::Status ToProto(const Event& in, pb::CloudEvent* out);

}  // namespace tongxin::notifications
