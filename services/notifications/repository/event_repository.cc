#include "services/notifications/repository/event_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/notifications/repository/event_queries.h"

namespace tongxin::notifications {
namespace {

// Every transaction that takes a feed sequence holds this lock from then until it ends.
constexpr char kFeedLock[] = "notifications:feed-sequence";

long long Micros(Time t) { return ToEpochMicros(t); }

Event EventFrom(const pqxx::row& row) {
  Event e;
  e.event_id = row["event_id"].as<std::string>();
  e.sequence = row["sequence"].as<int64_t>();
  e.type = row["type"].as<std::string>();
  e.source = row["source"].as<std::string>();
  e.subject = row["subject"].as<std::string>();
  e.region_id = row["region_id"].as<std::string>();
  e.occurred_at = FromEpochMicros(row["occurred_micros"].as<long long>());
  e.data_json = row["data_json"].as<std::string>();
  e.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return e;
}

Message MessageFrom(const pqxx::row& row) {
  Message m;
  m.message_id = row["message_id"].as<std::string>();
  m.recipient_id = row["recipient_id"].as<std::string>();
  m.event_id = row["event_id"].as<std::string>();
  m.type = row["type"].as<std::string>();
  m.title = row["title"].as<std::string>();
  m.body = row["body"].as<std::string>();
  m.link = row["link"].as<std::string>();
  m.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  if (!row["read_micros"].is_null()) {
    m.read_time = FromEpochMicros(row["read_micros"].as<long long>());
  }
  m.broadcast_id = row["broadcast_id"].as<std::string>();
  // Only the inbox list reads a broadcast's call-out and the reader's answer.
  if (!row["call_out_place"].is_null()) {
    m.call_out = CallOut{row["call_out_place"].as<std::string>(),
                         FromEpochMicros(row["call_out_start_micros"].as<long long>()),
                         FromEpochMicros(row["call_out_end_micros"].as<long long>()),
                         row["call_out_wanted"].as<int>()};
    m.my_reply = static_cast<CallOutReply>(row["my_reply"].as<int>());
  }
  return m;
}

}  // namespace

void LockFeed(Tx& tx) { LockKey(tx, kFeedLock); }

EventRepository::EventRepository(Db& db) {
  db.Register({kEventInsert, kEventGet, kEventMessageCount, kFeedList, kMessagesInsert, kInboxList,
               kInboxUnreadCount, kInboxOwned, kInboxMarkRead, kInboxMarkAllRead, kMessagesPurge,
               kEventsPurge});
}

absl::StatusOr<std::optional<Event>> EventRepository::StoreEvent(Tx& tx, const Event& e, Time now) {
  LockFeed(tx);
  auto rows = Exec(tx, kEventInsert, e.event_id, e.type, e.source, e.subject, e.region_id,
                   Micros(e.occurred_at), e.data_json, Micros(now));
  if (rows.empty()) return std::nullopt;
  return EventFrom(rows[0]);
}

absl::StatusOr<std::optional<Event>> EventRepository::FindEvent(Tx& tx,
                                                                const std::string& event_id) {
  auto rows = Exec(tx, kEventGet, event_id);
  if (rows.empty()) return std::nullopt;
  return EventFrom(rows[0]);
}

absl::StatusOr<int> EventRepository::CountMessages(Tx& tx, const std::string& event_id) {
  return Exec1(tx, kEventMessageCount, event_id)["n"].as<int>();
}

absl::StatusOr<int> EventRepository::InsertMessages(Tx& tx, const std::string& event_id,
                                                    const std::string& type,
                                                    const std::vector<Note>& notes, Time now,
                                                    const std::string& broadcast_id) {
  if (notes.empty()) return 0;
  std::vector<std::string> recipients, titles, bodies, links;
  recipients.reserve(notes.size());
  titles.reserve(notes.size());
  bodies.reserve(notes.size());
  links.reserve(notes.size());
  for (const Note& note : notes) {
    recipients.push_back(note.recipient_id);
    titles.push_back(note.title);
    bodies.push_back(note.body);
    links.push_back(note.link);
  }
  return Exec1(tx, kMessagesInsert, event_id, type, Micros(now), broadcast_id,
               TextArrayLiteral(recipients), TextArrayLiteral(titles), TextArrayLiteral(bodies),
               TextArrayLiteral(links))["n"]
      .as<int>();
}

absl::StatusOr<FeedRows> EventRepository::ListFeed(Tx& tx, const std::string& region_id,
                                                   int64_t after, int limit,
                                                   const std::vector<std::string>& types) {
  FeedRows feed;
  for (const auto& row : Exec(tx, kFeedList, region_id, after, limit, TextArrayLiteral(types))) {
    if (!row["newest_sequence"].is_null()) {
      feed.newest_sequence = row["newest_sequence"].as<int64_t>();
    }
    if (!row["event_id"].is_null()) feed.events.push_back(EventFrom(row));
  }
  return feed;
}

absl::StatusOr<Page<Message>> EventRepository::ListInbox(Tx& tx, const std::string& recipient_id,
                                                         bool unread_only,
                                                         const PageRequest& page) {
  long long after_micros = 0;
  std::string after_id = "00000000-0000-0000-0000-000000000000";
  if (!page.after.empty()) {
    std::vector<std::string> parts = absl::StrSplit(page.after, '|');
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &after_micros) || after_micros <= 0) {
      return absl::InvalidArgumentError("page_token: not a token of this list");
    }
    after_id = parts[1];
  }
  auto rows =
      Exec(tx, kInboxList, recipient_id, unread_only, after_micros, after_id, page.page_size + 1);
  return ReadPage<Message>(rows, page.page_size, MessageFrom, [](const pqxx::row& row) {
    return absl::StrCat(row["create_micros"].as<long long>(), "|",
                        row["message_id"].as<std::string>());
  });
}

absl::StatusOr<int> EventRepository::UnreadCount(Tx& tx, const std::string& recipient_id) {
  return Exec1(tx, kInboxUnreadCount, recipient_id)["n"].as<int>();
}

absl::StatusOr<std::vector<std::string>> EventRepository::OwnedMessages(
    Tx& tx, const std::string& recipient_id, const std::vector<std::string>& message_ids) {
  std::vector<std::string> owned;
  for (const auto& row : Exec(tx, kInboxOwned, recipient_id, TextArrayLiteral(message_ids))) {
    owned.push_back(row["message_id"].as<std::string>());
  }
  return owned;
}

absl::StatusOr<int> EventRepository::MarkRead(Tx& tx, const std::string& recipient_id,
                                              const std::vector<std::string>& message_ids,
                                              Time now) {
  return Exec1(tx, kInboxMarkRead, recipient_id, TextArrayLiteral(message_ids), Micros(now))["n"]
      .as<int>();
}

absl::StatusOr<int> EventRepository::MarkAllRead(Tx& tx, const std::string& recipient_id,
                                                 Time now) {
  return Exec1(tx, kInboxMarkAllRead, recipient_id, Micros(now))["n"].as<int>();
}

absl::StatusOr<int> EventRepository::PurgeMessages(Tx& tx, Time cutoff, int limit) {
  return Exec1(tx, kMessagesPurge, Micros(cutoff), limit)["n"].as<int>();
}

absl::StatusOr<int> EventRepository::PurgeEvents(Tx& tx, Time cutoff, int limit) {
  return Exec1(tx, kEventsPurge, Micros(cutoff), limit)["n"].as<int>();
}

}  // namespace tongxin::notifications
