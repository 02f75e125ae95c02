#include "services/notifications/repository/webhook_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/status.h"
#include "services/notifications/repository/event_repository.h"
#include "services/notifications/repository/webhook_queries.h"

namespace tongxin::notifications {
namespace {

std::optional<WebhookTime> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromEpochMicros(field.as<long long>());
}

Webhook WebhookFrom(const pqxx::row& row) {
  Webhook w;
  w.webhook_id = row["webhook_id"].as<std::string>();
  w.region_id = row["region_id"].as<std::string>();
  w.url = row["url"].as<std::string>();
  w.types = ParseTextArray(row["types"]);
  w.created_by = row["created_by"].as<std::string>();
  w.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  w.delete_time = OptionalTime(row["delete_micros"]);
  w.pending_deliveries = row["pending_deliveries"].as<int>();
  w.dead_letters = row["dead_letters"].as<int>();
  return w;
}

WebhookDelivery DeliveryFrom(const pqxx::row& row) {
  WebhookDelivery d;
  d.delivery_id = row["delivery_id"].as<std::string>();
  d.webhook_id = row["webhook_id"].as<std::string>();
  d.event_id = row["event_id"].as<std::string>();
  d.type = row["type"].as<std::string>();
  d.state = static_cast<DeliveryState>(row["state"].as<int>());
  d.attempts = row["attempts"].as<int>();
  d.last_error = row["last_error"].as<std::string>();
  d.last_attempt_time = OptionalTime(row["last_attempt_micros"]);
  d.next_attempt_time = OptionalTime(row["next_attempt_micros"]);
  return d;
}

// A dead letter's key: "<dead micros>|<delivery id>".
std::string DeadLetterKey(const pqxx::row& row) {
  return absl::StrCat(row["dead_micros"].as<long long>(), "|",
                      row["delivery_id"].as<std::string>());
}

struct DeadLetterAfter {
  std::optional<long long> micros;
  std::optional<std::string> delivery_id;
};

absl::StatusOr<DeadLetterAfter> ParseDeadLetterAfter(const std::string& after) {
  if (after.empty()) return DeadLetterAfter{};
  std::pair<std::string, std::string> parts = absl::StrSplit(after, absl::MaxSplits('|', 1));
  long long micros = 0;
  if (!absl::SimpleAtoi(parts.first, &micros) || parts.second.size() != 36) {
    return absl::InvalidArgumentError("page_token: not a token of this list");
  }
  return DeadLetterAfter{micros, parts.second};
}

}  // namespace

WebhookRepository::WebhookRepository(Db& db) {
  db.Register({kWebhookInsert, kWebhookByRequest, kWebhookGet, kWebhooksOfRegion, kWebhookDelete,
               kDeadLettersOfWebhook, kDeadLettersOfRegion, kDeliveriesReplay, kDeliveriesExhausted,
               kDeliveriesClaim, kDeliveryDelivered, kDeliveryFailed, kDeliveriesBacklog});
}

absl::StatusOr<WebhookRecord> WebhookRepository::InsertOnce(Tx& tx, const RequestKey& key,
                                                            const Webhook& webhook) {
  Exec(tx, kWebhookInsert, webhook.webhook_id, webhook.region_id, webhook.url,
       TextArrayLiteral(webhook.types), webhook.created_by, key.caller, key.request_id,
       key.fingerprint, ToEpochMicros(webhook.create_time));
  // A new statement: it sees a concurrent duplicate's row once that committed.
  pqxx::row row = Exec1(tx, kWebhookByRequest, key.caller, key.request_id);
  return WebhookRecord{WebhookFrom(row), row["request_fingerprint"].as<std::string>()};
}

absl::StatusOr<std::optional<Webhook>> WebhookRepository::Find(Tx& tx,
                                                               const std::string& webhook_id) {
  pqxx::result rows = Exec(tx, kWebhookGet, webhook_id);
  if (rows.empty()) return std::nullopt;
  return WebhookFrom(rows[0]);
}

absl::StatusOr<Page<Webhook>> WebhookRepository::ListOfRegion(Tx& tx, const std::string& region_id,
                                                              const PageRequest& page) {
  if (!page.after.empty() && page.after.size() != 36) {
    return absl::InvalidArgumentError("page_token: not a token of this list");
  }
  return ReadPage<Webhook>(Exec(tx, kWebhooksOfRegion, region_id, page.after, page.page_size + 1),
                           page.page_size, WebhookFrom);
}

absl::StatusOr<bool> WebhookRepository::MarkDeleted(Tx& tx, const std::string& webhook_id,
                                                    WebhookTime at) {
  // An event being stored (V0002's trigger) may have made a pending delivery for this webhook
  // that the delete's statement cannot see yet; it would stay pending for ever. With the feed
  // lock no event is in flight: the statement sees every delivery made so far, and events
  // stored after it see the webhook deleted.
  LockFeed(tx);
  return !Exec(tx, kWebhookDelete, webhook_id, ToEpochMicros(at)).empty();
}

absl::StatusOr<Page<WebhookDelivery>> WebhookRepository::DeadLettersOfWebhook(
    Tx& tx, const std::string& webhook_id, const PageRequest& page) {
  TX_ASSIGN_OR_RETURN(DeadLetterAfter after, ParseDeadLetterAfter(page.after));
  return ReadPage<WebhookDelivery>(Exec(tx, kDeadLettersOfWebhook, webhook_id, after.micros,
                                        after.delivery_id, page.page_size + 1),
                                   page.page_size, DeliveryFrom, DeadLetterKey);
}

absl::StatusOr<Page<WebhookDelivery>> WebhookRepository::DeadLettersOfRegion(
    Tx& tx, const std::string& region_id, const PageRequest& page) {
  TX_ASSIGN_OR_RETURN(DeadLetterAfter after, ParseDeadLetterAfter(page.after));
  return ReadPage<WebhookDelivery>(Exec(tx, kDeadLettersOfRegion, region_id, after.micros,
                                        after.delivery_id, page.page_size + 1),
                                   page.page_size, DeliveryFrom, DeadLetterKey);
}

absl::StatusOr<int> WebhookRepository::Replay(Tx& tx, const std::string& webhook_id,
                                              const std::vector<std::string>& delivery_ids,
                                              WebhookTime due) {
  return static_cast<int>(
      Exec(tx, kDeliveriesReplay, webhook_id, TextArrayLiteral(delivery_ids), ToEpochMicros(due))
          .affected_rows());
}

absl::StatusOr<int> WebhookRepository::ExpireExhausted(Tx& tx, WebhookTime now, int max_attempts) {
  return static_cast<int>(Exec(tx, kDeliveriesExhausted, ToEpochMicros(now), max_attempts).size());
}

absl::StatusOr<std::vector<ClaimedDelivery>> WebhookRepository::Claim(
    Tx& tx, WebhookTime now, std::chrono::milliseconds lease, int limit, int max_attempts) {
  std::vector<ClaimedDelivery> claimed;
  for (const auto& row : Exec(tx, kDeliveriesClaim, ToEpochMicros(now), limit,
                              static_cast<long long>(lease.count()), max_attempts)) {
    ClaimedDelivery c;
    c.delivery_id = row["delivery_id"].as<std::string>();
    c.webhook_id = row["webhook_id"].as<std::string>();
    c.url = row["url"].as<std::string>();
    c.attempts = row["attempts"].as<int>();
    c.event.event_id = row["event_id"].as<std::string>();
    c.event.sequence = row["sequence"].as<long long>();
    c.event.type = row["type"].as<std::string>();
    c.event.source = row["source"].as<std::string>();
    c.event.subject = row["subject"].as<std::string>();
    c.event.region_id = row["region_id"].as<std::string>();
    c.event.occurred_at = FromEpochMicros(row["occurred_micros"].as<long long>());
    c.event.data_json = row["data_json"].as<std::string>();
    claimed.push_back(std::move(c));
  }
  return claimed;
}

absl::Status WebhookRepository::MarkDelivered(Tx& tx, const std::string& delivery_id) {
  Exec(tx, kDeliveryDelivered, delivery_id);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<bool>> WebhookRepository::MarkFailed(Tx& tx,
                                                                  const ClaimedDelivery& delivery,
                                                                  const std::string& error,
                                                                  WebhookTime next_attempt,
                                                                  int max_attempts) {
  pqxx::result rows = Exec(tx, kDeliveryFailed, delivery.delivery_id, error,
                           ToEpochMicros(next_attempt), max_attempts, delivery.attempts);
  if (rows.empty()) return std::nullopt;
  return rows[0]["dead"].as<bool>();
}

absl::StatusOr<DeliveryBacklog> WebhookRepository::Backlog(Tx& tx, WebhookTime now) {
  pqxx::row row = Exec1(tx, kDeliveriesBacklog, ToEpochMicros(now));
  return DeliveryBacklog{row["dead"].as<double>(), row["pending"].as<double>(),
                         row["oldest_s"].as<double>()};
}

}  // namespace tongxin::notifications
