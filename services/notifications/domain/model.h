// The notifications service's model: events (the feed), the notes a publisher writes for the
// people an event concerns, and the inbox messages made of them. Plain values, no SQL or gRPC.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/notifications/domain/broadcast_model.h"

namespace tongxin::notifications {

using Time = std::chrono::system_clock::time_point;

// What happened, as stored once per event id: the feed's entry.
struct Event {
  std::string event_id;  // the producer's outbox event id (a UUID): the CloudEvents id
  int64_t sequence = 0;  // its place in the feed, in commit order (0 until stored)
  std::string type;      // "cn.tongxin.<thing>.<happening>"
  std::string source;    // the CloudEvents source, "/tongxin/<service>"
  std::string subject;   // what it concerns, e.g. "wishes/3f0c…"
  std::string region_id;
  Time occurred_at{};
  std::string data_json;  // a JSON object: the feed's data
  Time create_time{};
};

// One inbox message to write: a person's title, body and link for an event.
struct Note {
  std::string recipient_id;
  std::string title;
  std::string body;
  std::string link;
};

// A message in a person's inbox.
struct Message {
  std::string message_id;
  std::string recipient_id;
  std::string event_id;
  std::string type;
  std::string title;
  std::string body;
  std::string link;
  Time create_time{};
  std::optional<Time> read_time;
  std::string broadcast_id;  // empty unless it came from a broadcast
  // A call-out's message: the call-out and the recipient's answer (read by the inbox list).
  std::optional<CallOut> call_out;
  CallOutReply my_reply = CallOutReply::kUnspecified;
};

// What PublishEvent answers (also to a repeat: the first answer).
struct Published {
  std::string event_id;
  int64_t sequence = 0;
  int messages = 0;
};

struct MarkedRead {
  int marked = 0;
  int unread_count = 0;
};

// What the feed's statement reads: a page of events, and the greatest sequence of every event
// it saw (of any region or type; none when there is no event at all).
struct FeedRows {
  std::vector<Event> events;
  std::optional<int64_t> newest_sequence;
};

// A page of the feed: the events after a cursor, oldest first.
struct FeedPage {
  std::vector<Event> events;
  std::string next_after;
};

// Which messages MarkMessagesRead marks: the ones named, or all created until now.
struct MarkReadRequest {
  std::vector<std::string> message_ids;
  bool all = false;
};

struct FeedRequest {
  std::string region_id;
  std::string after;
  int page_size = 0;
  std::vector<std::string> types;
};

}  // namespace tongxin::notifications
