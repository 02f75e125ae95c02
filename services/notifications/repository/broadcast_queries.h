// The statements of BroadcastRepository, each declared once as a typed constant; columns are read
// by name in broadcast_repository.cc. Times travel as epoch microseconds (MicrosParam).
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/notifications/domain/broadcast_model.h"
#include "services/notifications/repository/event_queries.h"

namespace tongxin::notifications {

// A broadcast `b` with its live counts, read in the same statement: recipients are the stored
// count once delivered, the messages made so far while fanning out; the answers are counted on
// call_out_answers_newest.
inline const std::string kBroadcastColumns =
    "b.broadcast_id::text AS broadcast_id, b.region_id, b.kind, b.title, b.body, "
    "b.party_members_only, b.team_id, b.grid_id, b.place, epoch_micros(b.start_time) AS "
    "start_micros, epoch_micros(b.end_time) AS end_micros, b.wanted, b.sender_id, "
    "b.event_id::text AS event_id, b.state, b.fanout_page_token, "
    "epoch_micros(b.create_time) AS create_micros, "
    "CASE WHEN b.state = " +
    SqlInt(BroadcastState::kDelivered) +
    " THEN b.recipient_count ELSE (SELECT count(*)::int FROM messages m "
    "WHERE m.broadcast_id = b.broadcast_id) END AS recipients, "
    "(SELECT count(*)::int FROM call_out_answers a WHERE a.broadcast_id = b.broadcast_id "
    "AND a.reply = " +
    SqlInt(CallOutReply::kComing) +
    ") AS coming, "
    "(SELECT count(*)::int FROM call_out_answers a WHERE a.broadcast_id = b.broadcast_id "
    "AND a.reply = " +
    SqlInt(CallOutReply::kCannot) + ") AS cannot";

// $1 id, $2 region, $3 kind, $4 title, $5 body, $6 party members only, $7 team, $8 grid,
// $9 place (NULL for an announcement), $10/$11 start/end (micros, NULL likewise), $12 wanted,
// $13 sender, $14 event id, $15 created (micros).
inline const Query kBroadcastInsert{
    "broadcast_insert",
    "INSERT INTO broadcasts (broadcast_id, region_id, kind, title, body, party_members_only, "
    "team_id, grid_id, place, start_time, end_time, wanted, sender_id, event_id, create_time) "
    "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, " +
        MicrosParam(10) + ", " + MicrosParam(11) + ", $12, $13, $14::uuid, " + MicrosParam(15) +
        ")"};
inline const Query kBroadcastGet{
    "broadcast_get",
    "SELECT " + kBroadcastColumns + " FROM broadcasts b WHERE b.broadcast_id = $1::uuid"};
// The broadcasts of region $1 and the regions inside it ([$1, $1 || '~']: ids are digits,
// COLLATE "C"), newest first, after the key ($2 micros, $3 id) unless $2 is 0; $4 rows.
inline const Query kBroadcastList{
    "broadcast_list", "SELECT " + kBroadcastColumns +
                          " FROM broadcasts b WHERE b.region_id BETWEEN $1 AND $1 || '~' "
                          "AND ($2::bigint = 0 OR (b.create_time, b.broadcast_id) < (" +
                          MicrosParam(2) +
                          ", $3::uuid)) ORDER BY b.create_time DESC, b.broadcast_id DESC LIMIT $4"};

// ---- the fan-out ----

// Claims the oldest broadcast still fanning out whose lease (if any) ended before $1 (micros),
// leased until $2 (micros), skipping one another replica holds locked.
inline const Query kBroadcastClaimFanOut{
    "broadcast_claim_fan_out",
    "UPDATE broadcasts b SET fanout_lease_until = " + MicrosParam(2) +
        " WHERE b.broadcast_id = (SELECT broadcast_id FROM broadcasts WHERE state = " +
        SqlInt(BroadcastState::kFanningOut) + " AND (fanout_lease_until IS NULL OR " +
        "fanout_lease_until < " + MicrosParam(1) +
        ") ORDER BY create_time LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + kBroadcastColumns};
// Moves broadcast $1's fan-out from page token $2 to $3 (delivered at $4 micros when $3 is '');
// nothing when another run moved it first (the page is then someone else's).
inline const Query kBroadcastAdvance{
    "broadcast_advance",
    "UPDATE broadcasts SET fanout_page_token = $3, fanout_lease_until = NULL, "
    "state = CASE WHEN $3 = '' THEN " +
        SqlInt(BroadcastState::kDelivered) + " ELSE state END, deliver_time = CASE WHEN $3 = '' " +
        "THEN " + MicrosParam(4) +
        " END WHERE broadcast_id = $1::uuid AND state = " + SqlInt(BroadcastState::kFanningOut) +
        " AND fanout_page_token = $2 RETURNING broadcast_id::text AS broadcast_id"};
// A delivered broadcast's recipients, counted once its last page is in.
inline const Query kBroadcastCountRecipients{
    "broadcast_count_recipients",
    "UPDATE broadcasts SET recipient_count = (SELECT count(*) FROM messages m WHERE "
    "m.broadcast_id = $1::uuid) WHERE broadcast_id = $1::uuid RETURNING recipient_count"};

// ---- call-out answers ----

// Recipient $2 answers call-out $1 with $3 at $4 (micros), or changes the answer: only while the
// call-out has not ended and only with the broadcast's inbox message. Nothing otherwise (the
// domain then says why).
inline const Query kAnswerUpsert{
    "call_out_answer_upsert",
    "INSERT INTO call_out_answers (broadcast_id, volunteer_id, reply, answer_time) "
    "SELECT b.broadcast_id, $2, $3, " +
        MicrosParam(4) + " FROM broadcasts b WHERE b.broadcast_id = $1::uuid AND b.kind = " +
        SqlInt(BroadcastKind::kCallOut) + " AND b.end_time > " + MicrosParam(4) +
        " AND EXISTS (SELECT 1 FROM messages m WHERE m.broadcast_id = b.broadcast_id AND "
        "m.recipient_id = $2) "
        "ON CONFLICT (broadcast_id, volunteer_id) DO UPDATE SET reply = excluded.reply, "
        "answer_time = excluded.answer_time "
        "RETURNING broadcast_id::text AS broadcast_id, volunteer_id, reply, "
        "epoch_micros(answer_time) AS answer_micros"};
// Whether $2 has broadcast $1's inbox message.
inline const Query kBroadcastIsRecipient{
    "broadcast_is_recipient",
    "SELECT EXISTS (SELECT 1 FROM messages WHERE broadcast_id = $1::uuid AND recipient_id = $2) "
    "AS recipient"};
// Call-out $1's answers, newest first; $2 only this reply (0: all); after the key ($3 micros,
// $4 volunteer) unless $3 is 0; $5 rows.
inline const Query kAnswerList{
    "call_out_answer_list",
    "SELECT broadcast_id::text AS broadcast_id, volunteer_id, reply, epoch_micros(answer_time) "
    "AS answer_micros FROM call_out_answers WHERE broadcast_id = $1::uuid AND ($2 = 0 OR reply "
    "= $2) AND ($3::bigint = 0 OR (answer_time, volunteer_id) < (" +
        MicrosParam(3) + ", $4)) ORDER BY answer_time DESC, volunteer_id DESC LIMIT $5"};

}  // namespace tongxin::notifications
