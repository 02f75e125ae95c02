// The statements of EventRepository, each declared once as a typed constant; columns are read by
// name in event_repository.cc. Times travel as epoch microseconds.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/notifications/domain/webhook_model.h"

namespace tongxin::notifications {

inline std::string MicrosParam(int n) {
  return "to_timestamp($" + std::to_string(n) + "::bigint::float8 / 1000000)";
}

inline const std::string kEventColumns =
    "event_id::text AS event_id, sequence, type, source, subject, region_id, "
    "epoch_micros(occurred_at) AS occurred_micros, data::text AS data_json, "
    "epoch_micros(create_time) AS create_micros";

inline const std::string kMessageColumns =
    "message_id::text AS message_id, recipient_id, event_id::text AS event_id, type, title, body, "
    "link, epoch_micros(create_time) AS create_micros, epoch_micros(read_time) AS read_micros, "
    "coalesce(broadcast_id::text, '') AS broadcast_id";

// ---- events ----

// $1 event_id, $2 type, $3 source, $4 subject, $5 region_id, $6 occurred (micros), $7 data
// (JSON), $8 created (micros). The sequence is taken here, under the feed lock; nothing when
// the event is stored already.
inline const Query kEventInsert{
    "event_insert",
    "INSERT INTO events (event_id, sequence, type, source, subject, region_id, occurred_at, data, "
    "create_time) VALUES ($1::uuid, nextval('event_sequence'), $2, $3, $4, $5, " +
        MicrosParam(6) + ", $7::jsonb, " + MicrosParam(8) +
        ") ON CONFLICT (event_id) DO NOTHING RETURNING " + kEventColumns};
inline const Query kEventGet{"event_get",
                             "SELECT " + kEventColumns + " FROM events WHERE event_id = $1::uuid"};
// How many messages an event made (the answer to a repeated publish).
inline const Query kEventMessageCount{
    "event_message_count", "SELECT count(*)::int AS n FROM messages WHERE event_id = $1::uuid"};

// The feed of region $1 and every region inside it after sequence $2, oldest first, $3 at most;
// $4: only these types (text[]; empty: all). Region ids are digits, so LIKE sees no wildcard.
// Each row also carries newest_sequence, the greatest sequence of all events in the statement's
// snapshot (NULL when there are none); with no event of the feed, one row of NULL event columns
// carries it alone.
inline const Query kFeedList{
    "feed_list",
    "SELECT f.*, newest.newest_sequence FROM (SELECT max(sequence) AS newest_sequence FROM "
    "events) newest LEFT JOIN (SELECT " +
        kEventColumns +
        " FROM events WHERE sequence > $2 AND region_id LIKE $1 || '%' AND "
        "(cardinality($4::text[]) = 0 OR type = ANY($4::text[])) "
        "ORDER BY sequence LIMIT $3) f ON true ORDER BY f.sequence"};

// ---- messages ----

// One message per recipient of event $1 (type $2, created $3 micros, broadcast $4 or ''): the
// arrays $5 recipients, $6 titles, $7 bodies, $8 links, in step. A recipient who has the event's
// message already (a repeat, or a duplicate note) gets none; returns how many were made.
inline const Query kMessagesInsert{
    "messages_insert",
    "WITH made AS (INSERT INTO messages (recipient_id, event_id, type, title, body, link, "
    "create_time, broadcast_id) SELECT n.recipient_id, $1::uuid, $2, n.title, n.body, n.link, " +
        MicrosParam(3) +
        ", nullif($4, '')::uuid FROM unnest($5::text[], $6::text[], $7::text[], $8::text[]) AS "
        "n(recipient_id, title, body, link) ON CONFLICT (recipient_id, event_id) DO NOTHING "
        "RETURNING 1) SELECT count(*)::int AS n FROM made"};

// Recipient $1's inbox, newest first; $2 only unread; after the key ($3 micros, $4 id) unless
// $3 is 0; $5 rows at most. A broadcast's message carries its call-out (place, times, people
// wanted; NULL for an announcement) and the recipient's answer (0: none), joined to the page.
inline const Query kInboxList{
    "inbox_list",
    "SELECT i.*, b.place AS call_out_place, epoch_micros(b.start_time) AS call_out_start_micros, "
    "epoch_micros(b.end_time) AS call_out_end_micros, b.wanted AS call_out_wanted, "
    "coalesce(a.reply, 0) AS my_reply FROM (SELECT " +
        kMessageColumns +
        ", messages.message_id AS message_key, messages.create_time AS create_key, "
        "messages.broadcast_id AS broadcast_key FROM messages WHERE recipient_id = $1 AND "
        "(NOT $2 OR read_time IS NULL) AND ($3::bigint = 0 OR (create_time, message_id) < (" +
        MicrosParam(3) +
        ", $4::uuid)) ORDER BY create_time DESC, message_id DESC LIMIT $5) i "
        "LEFT JOIN broadcasts b ON b.broadcast_id = i.broadcast_key "
        "LEFT JOIN call_out_answers a ON a.broadcast_id = i.broadcast_key AND a.volunteer_id = $1 "
        "ORDER BY i.create_key DESC, i.message_key DESC"};
// Counted on the partial index of unread messages.
inline const Query kInboxUnreadCount{
    "inbox_unread_count",
    "SELECT count(*)::int AS n FROM messages WHERE recipient_id = $1 AND read_time IS NULL"};
// Which of the ids $2 (text[] of UUIDs) are recipient $1's.
inline const Query kInboxOwned{"inbox_owned",
                               "SELECT message_id::text AS message_id FROM messages WHERE "
                               "recipient_id = $1 AND message_id = ANY($2::uuid[])"};
// Recipient $1's messages $2 (text[]) read at $3 (micros), if unread; returns how many.
inline const Query kInboxMarkRead{
    "inbox_mark_read",
    "WITH marked AS (UPDATE messages SET read_time = " + MicrosParam(3) +
        " WHERE recipient_id = $1 AND message_id = ANY($2::uuid[]) AND read_time IS NULL "
        "RETURNING 1) SELECT count(*)::int AS n FROM marked"};
// Every unread message of recipient $1 created until $2 (micros), read at $2.
inline const Query kInboxMarkAllRead{
    "inbox_mark_all_read",
    "WITH marked AS (UPDATE messages SET read_time = " + MicrosParam(2) +
        " WHERE recipient_id = $1 AND read_time IS NULL AND create_time <= " + MicrosParam(2) +
        " RETURNING 1) SELECT count(*)::int AS n FROM marked"};

// ---- retention ----

// At most $2 messages, then events, created before $1 (micros), oldest first.
inline const Query kMessagesPurge{
    "messages_purge",
    "WITH gone AS (DELETE FROM messages WHERE message_id IN (SELECT message_id FROM messages "
    "WHERE create_time < " +
        MicrosParam(1) +
        " ORDER BY create_time LIMIT $2) RETURNING 1) SELECT count(*)::int AS n FROM gone"};
// An event keeps its webhook deliveries (ON DELETE CASCADE), so one that a live webhook still
// has undelivered — a dead letter for an admin to replay, or a replayed one pending again — stays
// until it is delivered; a deleted webhook's letters cannot be replayed and go with their event.
inline const Query kEventsPurge{
    "events_purge",
    "WITH gone AS (DELETE FROM events WHERE event_id IN (SELECT e.event_id FROM events e WHERE "
    "e.create_time < " +
        MicrosParam(1) +
        " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d JOIN webhooks w USING (webhook_id) "
        "WHERE d.event_id = e.event_id AND d.state IN (" +
        SqlInt(DeliveryState::kPending) + ", " + SqlInt(DeliveryState::kDead) +
        ") AND w.delete_time IS NULL) ORDER BY e.create_time LIMIT $2) RETURNING 1) "
        "SELECT count(*)::int AS n FROM gone"};

}  // namespace tongxin::notifications
