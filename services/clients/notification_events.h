// What the producing services tell the notifications service: each event is one PublishEvent
// call written with EnqueueCall in the transaction of the change it reports, so it is delivered
// exactly once (the relay retries; the notifications service is idempotent by the event id).
// The request is built by a pure function per event (in each service's events.cc, unit-tested);
// these are the pieces they share. docs/events.md lists every type and its data schema.
//
// The feed's data carries ids, counts, points, hours, titles and masked names (MaskName) only;
// an inbox note speaks to its recipient about their own things and never names anyone else but
// masked. Neither ever carries an ID number or a phone.
#pragma once

#include <google/protobuf/struct.pb.h>

#include <chrono>
#include <string>
#include <string_view>

#include "services/common/db.h"
#include "services/common/outbox.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"

namespace tongxin::clients {

// tongxin.notifications.v1.NotificationsService/PublishEvent (the relay's destination
// "notifications").
const google::protobuf::MethodDescriptor& PublishEventMethod();

// A new event: type ("cn.tongxin.<thing>.<happening>"), subject ("<collection>/<id>"), the
// region whose feed it joins, when it happened. request_id is set when enqueued.
notifications::v1::PublishEventRequest NewEvent(std::string_view type, std::string subject,
                                                std::string region_id,
                                                std::chrono::system_clock::time_point occurred_at);

// The event's data, field by field.
void SetData(notifications::v1::PublishEventRequest& event, const std::string& key,
             std::string_view value);
void SetData(notifications::v1::PublishEventRequest& event, const std::string& key,
             const char* value);
void SetData(notifications::v1::PublishEventRequest& event, const std::string& key, double value);
void SetData(notifications::v1::PublishEventRequest& event, const std::string& key, bool value);
// An instant as RFC 3339 (UTC, e.g. 2026-12-01T06:00:00Z).
void SetTimeData(notifications::v1::PublishEventRequest& event, const std::string& key,
                 std::chrono::system_clock::time_point value);

// An inbox message for `recipient_id`; the title is cut to 60 characters and the body to 500
// (whole UTF-8 characters), the limits of InboxNote. No recipient: no note.
void AddNote(notifications::v1::PublishEventRequest& event, const std::string& recipient_id,
             std::string_view title, std::string_view body, std::string link);

// At most `max_chars` UTF-8 characters of `text` (a title quoted in a note).
std::string Utf8Chars(std::string_view text, size_t max_chars);

// Writes the event into the outbox in `tx` (the community it concerns is its region).
std::string EnqueueEvent(Tx& tx, notifications::v1::PublishEventRequest& event);

}  // namespace tongxin::clients
