#include "services/wishes/repository/wish_repository.h"

#include "absl/strings/str_cat.h"

namespace tongxin::wishes {
namespace {

constexpr char kColumns[] =
    "wish_id::text, community_id, coalesce(grid_id, ''), category, description, "
    "estimated_value, photo_url, wisher_name_sealed, wisher_name_masked, wisher_contact_sealed, "
    "state, coalesce(claimer_id, ''), claimer_name, claimer_party_member, "
    "epoch_micros(claimed_at), epoch_micros(claim_deadline), fulfil_note, fulfil_photo_url, "
    "service_hours::float8, reason, submitted_by, epoch_micros(created_at), "
    "epoch_micros(published_at), epoch_micros(confirmed_at)";

std::optional<Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromEpochMicros(field.as<long long>());
}

Wish WishFrom(const pqxx::row& row) {
  Wish w;
  w.wish_id = row[0].as<std::string>();
  w.community_id = row[1].as<std::string>();
  w.grid_id = row[2].as<std::string>();
  w.category = row[3].as<int>();
  w.description = row[4].as<std::string>();
  w.estimated_value = row[5].as<int>();
  w.photo_url = row[6].as<std::string>();
  w.wisher_name_sealed = FromBytea(row[7]);
  w.wisher_name_masked = row[8].as<std::string>();
  w.wisher_contact_sealed = FromBytea(row[9]);
  w.state = static_cast<WishState>(row[10].as<int>());
  w.claimer_id = row[11].as<std::string>();
  w.claimer_name = row[12].as<std::string>();
  w.claimer_party_member = row[13].as<bool>();
  w.claimed_at = OptionalTime(row[14]);
  w.claim_deadline = OptionalTime(row[15]);
  w.fulfil_note = row[16].as<std::string>();
  w.fulfil_photo_url = row[17].as<std::string>();
  w.service_hours = row[18].as<double>();
  w.reason = row[19].as<std::string>();
  w.submitted_by = row[20].as<std::string>();
  w.create_time = FromEpochMicros(row[21].as<long long>());
  w.publish_time = OptionalTime(row[22]);
  w.confirm_time = OptionalTime(row[23]);
  return w;
}

std::optional<Wish> FirstWish(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return WishFrom(rows[0]);
}

long long MicrosOrZero(const std::optional<Time>& t) { return t ? ToEpochMicros(*t) : 0; }

// Keys: the wall pages by "published_micros|id", lists by "created_micros|id".
std::string WallKey(const pqxx::row& row) {
  return absl::StrCat(row[22].as<long long>(), "|", row[0].as<std::string>());
}
std::string ListKey(const pqxx::row& row) {
  return absl::StrCat(row[21].as<long long>(), "|", row[0].as<std::string>());
}

}  // namespace

WishRepository::WishRepository(Db& db) {
  const std::string columns = kColumns;
  auto micros = [](int n) {
    return absl::StrCat("to_timestamp(nullif($", n, "::bigint, 0)::float8 / 1000000)");
  };
  db.Register({
      {"wish_insert",
       "INSERT INTO wishes (community_id, grid_id, category, description, estimated_value, "
       "photo_url, wisher_name_sealed, wisher_name_masked, wisher_contact_sealed, state, "
       "submitted_by, created_at) VALUES ($1, nullif($2, ''), $3, $4, $5, $6, $7, $8, $9, 1, "
       "$10, " +
           micros(11) + ") RETURNING " + columns},
      {"wish_get", "SELECT " + columns + " FROM wishes WHERE wish_id = $1::uuid"},
      {"wish_get_for_update",
       "SELECT " + columns + " FROM wishes WHERE wish_id = $1::uuid FOR UPDATE"},
      {"wish_update",
       "UPDATE wishes SET state = $3, claimer_id = nullif($4, ''), claimer_name = $5, "
       "claimer_party_member = $6, claimed_at = " +
           micros(7) + ", claim_deadline = " + micros(8) +
           ", fulfil_note = $9, fulfil_photo_url = $10, service_hours = $11, "
           "reason = $12, published_at = " +
           micros(13) + ", confirmed_at = " + micros(14) +
           " WHERE wish_id = $1::uuid AND state = $2 RETURNING " + columns},
      {"wish_event",
       "INSERT INTO wish_events (wish_id, from_state, to_state, actor, note, at) VALUES "
       "($1::uuid, $2, $3, $4, $5, " +
           micros(6) + ")"},
      {"wish_history",
       "SELECT from_state, to_state, actor, note, epoch_micros(at) FROM wish_events WHERE "
       "wish_id = $1::uuid ORDER BY event_id"},
      {"wish_wall",
       "SELECT " + columns +
           " FROM wishes WHERE state = 2 AND community_id = left($1, 12) AND "
           "(length($1) <> 15 OR grid_id = $1) AND ($2 = 0 OR category = $2) AND ($3 = '' OR "
           "(epoch_micros(published_at), wish_id::text) > (split_part($3, '|', 1)::bigint, "
           "split_part($3, '|', 2))) ORDER BY published_at, wish_id::text LIMIT $4"},
      {"wish_list",
       "SELECT " + columns +
           " FROM wishes WHERE community_id LIKE left($1, 12) || '%' AND "
           "(length($1) <> 15 OR grid_id = $1) AND ($2 = 0 OR state = $2) AND ($3 = '' OR "
           "claimer_id = $3) AND ($4 = '' OR (epoch_micros(created_at), wish_id::text) > "
           "(split_part($4, '|', 1)::bigint, split_part($4, '|', 2))) ORDER BY created_at, "
           "wish_id::text LIMIT $5"},
      {"wish_expired_claims",
       "SELECT " + columns + " FROM wishes WHERE state = 4 AND claim_deadline <= " + micros(1) +
           " ORDER BY claim_deadline LIMIT $2 FOR UPDATE SKIP LOCKED"},
      {"wish_stats_state",
       "SELECT state, count(*)::int FROM wishes WHERE community_id LIKE $1 || '%' GROUP BY 1 "
       "ORDER BY 1"},
      {"wish_stats_category",
       "SELECT category, count(*)::int FROM wishes WHERE community_id LIKE $1 || '%' GROUP BY 1 "
       "ORDER BY 1"},
      // Rates over wishes ever published; medians over the first claim and the confirmation.
      {"wish_stats_times",
       "WITH w AS (SELECT wish_id, published_at, confirmed_at, (SELECT min(at) FROM wish_events "
       "e WHERE e.wish_id = wishes.wish_id AND e.to_state = 4 AND e.from_state = 2) AS "
       "first_claim, "
       "(SELECT max(at) FROM wish_events e WHERE e.wish_id = wishes.wish_id AND e.to_state = 4 "
       "AND e.from_state = 2) AS last_claim "
       "FROM wishes WHERE community_id LIKE $1 || '%' AND published_at IS NOT NULL) SELECT "
       "count(*)::int, count(first_claim)::int, count(confirmed_at)::int, coalesce("
       "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_claim - "
       "published_at) / 3600), 0)::float8, coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER "
       "BY extract(epoch FROM confirmed_at - last_claim) / 3600) FILTER (WHERE confirmed_at IS "
       "NOT NULL), 0)::float8 FROM w"},
  });
  db.RegisterConstraintMessages({
      {"wishes_grid_in_community", "grid_id: the grid is not in community_id"},
  });
}

absl::StatusOr<Wish> WishRepository::Insert(Tx& tx, const Wish& w) {
  return WishFrom(tx.exec_prepared1(
      "wish_insert", w.community_id, w.grid_id, w.category, w.description, w.estimated_value,
      w.photo_url, Bytea(w.wisher_name_sealed), w.wisher_name_masked,
      Bytea(w.wisher_contact_sealed), w.submitted_by, ToEpochMicros(w.create_time)));
}

absl::StatusOr<std::optional<Wish>> WishRepository::Find(Tx& tx, const std::string& wish_id,
                                                         bool lock) {
  return FirstWish(tx.exec_prepared(lock ? "wish_get_for_update" : "wish_get", wish_id));
}

absl::StatusOr<std::optional<Wish>> WishRepository::Update(Tx& tx, const Wish& w,
                                                           WishState expected) {
  return FirstWish(tx.exec_prepared(
      "wish_update", w.wish_id, static_cast<int>(expected), static_cast<int>(w.state), w.claimer_id,
      w.claimer_name, w.claimer_party_member, MicrosOrZero(w.claimed_at),
      MicrosOrZero(w.claim_deadline), w.fulfil_note, w.fulfil_photo_url, w.service_hours, w.reason,
      MicrosOrZero(w.publish_time), MicrosOrZero(w.confirm_time)));
}

absl::Status WishRepository::AddEvent(Tx& tx, const std::string& wish_id, WishState from,
                                      WishState to, const std::string& actor,
                                      const std::string& note, Time at) {
  tx.exec_prepared0("wish_event", wish_id, static_cast<int>(from), static_cast<int>(to), actor,
                    note, ToEpochMicros(at));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<HistoryEntry>> WishRepository::History(Tx& tx,
                                                                  const std::string& wish_id) {
  std::vector<HistoryEntry> entries;
  for (const auto& row : tx.exec_prepared("wish_history", wish_id)) {
    entries.push_back({static_cast<WishState>(row[0].as<int>()),
                       static_cast<WishState>(row[1].as<int>()), row[2].as<std::string>(),
                       row[3].as<std::string>(), FromEpochMicros(row[4].as<long long>())});
  }
  return entries;
}

absl::StatusOr<Page<Wish>> WishRepository::Wall(Tx& tx, const std::string& region_id, int category,
                                                const PageRequest& page) {
  auto rows = tx.exec_prepared("wish_wall", region_id, category, page.after, page.page_size + 1);
  return ReadPage<Wish>(rows, page.page_size, WishFrom, WallKey);
}

absl::StatusOr<Page<Wish>> WishRepository::List(Tx& tx, const std::string& region_id,
                                                WishState state, const std::string& claimer_id,
                                                const PageRequest& page) {
  auto rows = tx.exec_prepared("wish_list", region_id, static_cast<int>(state), claimer_id,
                               page.after, page.page_size + 1);
  return ReadPage<Wish>(rows, page.page_size, WishFrom, ListKey);
}

absl::StatusOr<std::vector<Wish>> WishRepository::ExpiredClaims(Tx& tx, Time now, int limit) {
  std::vector<Wish> wishes;
  for (const auto& row : tx.exec_prepared("wish_expired_claims", ToEpochMicros(now), limit)) {
    wishes.push_back(WishFrom(row));
  }
  return wishes;
}

absl::StatusOr<Statistics> WishRepository::Stats(Tx& tx, const std::string& region_id) {
  Statistics stats;
  stats.region_id = region_id;
  for (const auto& row : tx.exec_prepared("wish_stats_state", region_id)) {
    stats.by_state.emplace_back(row[0].as<int>(), row[1].as<int>());
  }
  for (const auto& row : tx.exec_prepared("wish_stats_category", region_id)) {
    stats.by_category.emplace_back(row[0].as<int>(), row[1].as<int>());
  }
  auto t = tx.exec_prepared1("wish_stats_times", region_id);
  int published = t[0].as<int>(), claimed = t[1].as<int>(), confirmed = t[2].as<int>();
  stats.claim_rate = published == 0 ? 0 : static_cast<double>(claimed) / published;
  stats.fulfilment_rate = claimed == 0 ? 0 : static_cast<double>(confirmed) / claimed;
  stats.median_hours_publish_to_claim = t[3].as<double>();
  stats.median_hours_claim_to_confirm = t[4].as<double>();
  return stats;
}

}  // namespace tongxin::wishes
