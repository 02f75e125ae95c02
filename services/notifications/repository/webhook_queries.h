// The statements of WebhookRepository (webhooks and their deliveries), each declared once as a
// typed constant; columns are read by name in webhook_repository.cc and state numbers come from
// the domain's enum. Times travel as microseconds since the epoch, both ways, exactly.
#pragma once

#include <string>

#include "services/common/db.h"
#include "services/notifications/domain/webhook_model.h"

namespace tongxin::notifications {

inline const std::string kPendingSql = SqlInt(DeliveryState::kPending);
inline const std::string kDeliveredSql = SqlInt(DeliveryState::kDelivered);
inline const std::string kDeadSql = SqlInt(DeliveryState::kDead);

// A time column as microseconds (NULL stays NULL), and a microseconds parameter as a time.
inline std::string MicrosOf(const std::string& column) {
  return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
}
inline std::string TimeOf(const std::string& parameter) {
  return "(timestamptz 'epoch' + " + parameter + "::bigint * interval '1 microsecond')";
}

// A webhook (alias `w`) with its counts (both from partial indexes).
inline const std::string kWebhookColumns =
    "w.webhook_id::text AS webhook_id, w.region_id, w.url, w.types, w.created_by, " +
    MicrosOf("w.create_time") + " AS create_micros, " + MicrosOf("w.delete_time") +
    " AS delete_micros, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.webhook_id = "
    "w.webhook_id AND d.state = " +
    kPendingSql +
    ") AS pending_deliveries, (SELECT count(*)::int FROM webhook_deliveries d WHERE "
    "d.webhook_id = w.webhook_id AND d.state = " +
    kDeadSql + ") AS dead_letters";

// A delivery (alias `d`) with its event's type (alias `e`).
inline const std::string kDeliveryColumns =
    "d.delivery_id::text AS delivery_id, d.webhook_id::text AS webhook_id, d.event_id::text AS "
    "event_id, e.type, d.state, d.attempts, d.last_error, " +
    MicrosOf("d.last_attempt_time") + " AS last_attempt_micros, " +
    MicrosOf("d.next_attempt_time") + " AS next_attempt_micros, " + MicrosOf("d.dead_time") +
    " AS dead_micros";

// CreateWebhook stores its own request key: the answer holds the secret, which is never stored,
// so a retry finds the webhook by its key and derives the secret again. A concurrent duplicate
// waits on the key's index entry, then inserts nothing.
inline const Query kWebhookInsert{
    "webhook_insert",
    "INSERT INTO webhooks (webhook_id, region_id, url, types, created_by, request_caller, "
    "request_id, request_fingerprint, create_time) VALUES ($1::uuid, $2, $3, $4::text[], $5, $6, "
    "$7, $8, " +
        TimeOf("$9") + ") ON CONFLICT (request_caller, request_id) DO NOTHING"};
inline const Query kWebhookByRequest{
    "webhook_by_request", "SELECT " + kWebhookColumns +
                              ", w.request_fingerprint FROM webhooks w WHERE w.request_caller = "
                              "$1 AND w.request_id = $2"};
inline const Query kWebhookGet{
    "webhook_get", "SELECT " + kWebhookColumns + " FROM webhooks w WHERE w.webhook_id = $1::uuid"};
// The webhooks of a region and of the regions inside it (ids are digit codes, so a prefix is a
// range), by id.
inline const Query kWebhooksOfRegion{
    "webhooks_of_region",
    "SELECT " + kWebhookColumns +
        " FROM webhooks w WHERE left(w.region_id, length($1)) = $1 "
        "AND ($2 = '' OR w.webhook_id > NULLIF($2, '')::uuid) ORDER BY w.webhook_id LIMIT $3"};
// Deleting stops deliveries: the pending ones go; dead letters stay for the record.
inline const Query kWebhookDelete{
    "webhook_delete", "WITH deleted AS (UPDATE webhooks SET delete_time = " + TimeOf("$2") +
                          " WHERE webhook_id = $1::uuid AND delete_time IS NULL RETURNING "
                          "webhook_id), dropped AS (DELETE FROM webhook_deliveries d USING "
                          "deleted WHERE d.webhook_id = deleted.webhook_id AND d.state = " +
                          kPendingSql + ") SELECT webhook_id::text AS webhook_id FROM deleted"};

// Dead letters, newest first: keyed by (dead_time, delivery_id) descending.
inline const std::string kDeadLetterPage =
    " AND ($2::bigint IS NULL OR (d.dead_time, d.delivery_id) < (" + TimeOf("$2") +
    ", $3::uuid)) ORDER BY d.dead_time DESC, d.delivery_id DESC LIMIT $4";
inline const Query kDeadLettersOfWebhook{
    "dead_letters_of_webhook", "SELECT " + kDeliveryColumns +
                                   " FROM webhook_deliveries d JOIN events e USING (event_id) "
                                   "WHERE d.webhook_id = $1::uuid AND d.state = " +
                                   kDeadSql + kDeadLetterPage};
inline const Query kDeadLettersOfRegion{
    "dead_letters_of_region",
    "SELECT " + kDeliveryColumns +
        " FROM webhook_deliveries d JOIN events e USING (event_id) JOIN webhooks w USING "
        "(webhook_id) WHERE left(w.region_id, length($1)) = $1 AND d.state = " +
        kDeadSql + kDeadLetterPage};
// Replay: dead letters due at $3 with fresh attempts (the named ones, or all of the webhook's).
inline const Query kDeliveriesReplay{
    "deliveries_replay",
    "UPDATE webhook_deliveries SET state = " + kPendingSql +
        ", attempts = 0, dead_time = NULL, next_attempt_time = " + TimeOf("$3") +
        " WHERE webhook_id = $1::uuid AND state = " + kDeadSql +
        " AND (cardinality($2::uuid[]) = 0 OR delivery_id = ANY ($2::uuid[]))"};

// The worker. A delivery whose lease ran out after its last attempt (its worker died sending
// it, again and again) becomes a dead letter rather than being claimed once more.
inline const Query kDeliveriesExhausted{
    "deliveries_exhausted",
    "UPDATE webhook_deliveries SET state = " + kDeadSql + ", dead_time = " + TimeOf("$1") +
        ", last_error = CASE WHEN last_error = '' THEN 'the worker stopped while sending it' "
        "ELSE last_error END WHERE state = " +
        kPendingSql + " AND next_attempt_time <= " + TimeOf("$1") +
        " AND attempts >= $2 RETURNING delivery_id::text AS delivery_id"};
// The claim: due deliveries of live webhooks, locked so that a concurrent worker skips them,
// counted as an attempt and hidden from other workers for the lease ($3 ms); committed at once.
inline const Query kDeliveriesClaim{
    "deliveries_claim",
    "WITH due AS (SELECT d.delivery_id FROM webhook_deliveries d JOIN webhooks w USING "
    "(webhook_id) WHERE d.state = " +
        kPendingSql + " AND d.next_attempt_time <= " + TimeOf("$1") +
        " AND d.attempts < $4 AND w.delete_time IS NULL ORDER BY d.next_attempt_time LIMIT $2 "
        "FOR UPDATE OF d SKIP LOCKED), claimed AS (UPDATE webhook_deliveries d SET attempts = "
        "d.attempts + 1, last_attempt_time = " +
        TimeOf("$1") + ", next_attempt_time = " + TimeOf("$1") +
        " + $3::bigint * interval '1 millisecond' FROM due WHERE d.delivery_id = "
        "due.delivery_id RETURNING d.delivery_id, d.webhook_id, d.event_id, d.attempts) "
        "SELECT c.delivery_id::text AS delivery_id, c.webhook_id::text AS webhook_id, w.url, "
        "c.attempts, e.event_id::text AS event_id, e.sequence, e.type, e.source, e.subject, "
        "e.region_id, " +
        MicrosOf("e.occurred_at") +
        " AS occurred_micros, e.data::text AS data_json FROM claimed c JOIN webhooks w USING "
        "(webhook_id) JOIN events e USING (event_id)"};
// Delivered is a fact, marked even when the lease ran out meanwhile.
inline const Query kDeliveryDelivered{
    "delivery_delivered", "UPDATE webhook_deliveries SET state = " + kDeliveredSql +
                              ", last_error = '', dead_time = NULL WHERE delivery_id = $1::uuid "
                              "AND state <> " +
                              kDeliveredSql};
// A failed attempt: due again at $3, or a dead letter after the last attempt ($4). Only while
// the delivery is still this claim ($5, the attempt it counted).
inline const Query kDeliveryFailed{
    "delivery_failed",
    "UPDATE webhook_deliveries SET last_error = $2, next_attempt_time = " + TimeOf("$3") +
        ", state = CASE WHEN attempts >= $4 THEN " + kDeadSql + " ELSE " + kPendingSql +
        " END, dead_time = CASE WHEN attempts >= $4 THEN last_attempt_time END "
        "WHERE delivery_id = $1::uuid AND state = " +
        kPendingSql + " AND attempts = $5 RETURNING state = " + kDeadSql + " AS dead"};

// What operators watch, read at each scrape (never on the delivery path): dead letters, the
// deliveries waiting and the oldest one's age at $1.
inline const Query kDeliveriesBacklog{
    "deliveries_backlog",
    "SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = " + kDeadSql +
        ")::float8 AS dead, count(*)::float8 AS pending, coalesce(extract(epoch FROM " +
        TimeOf("$1") +
        " - min(create_time)), 0)::float8 AS oldest_s FROM webhook_deliveries "
        "WHERE state = " +
        kPendingSql};

}  // namespace tongxin::notifications
