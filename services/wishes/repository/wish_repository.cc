#include "services/wishes/repository/wish_repository.h"

#include "absl/strings/str_cat.h"
#include "services/wishes/repository/wish_queries.h"

namespace tongxin::wishes {
namespace {

std::optional<Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromEpochMicros(field.as<long long>());
}

Wish WishFrom(const pqxx::row& row) {
  Wish w;
  w.wish_id = row["wish_id"].as<std::string>();
  w.community_id = row["community_id"].as<std::string>();
  w.grid_id = row["grid_id"].as<std::string>();
  w.category = static_cast<Category>(row["category"].as<int>());
  w.description = row["description"].as<std::string>();
  w.estimated_value = row["estimated_value"].as<int>();
  w.photo_url = row["photo_url"].as<std::string>();
  w.wisher_name_sealed = FromBytea(row["wisher_name_sealed"]);
  w.wisher_name_masked = row["wisher_name_masked"].as<std::string>();
  w.wisher_contact_sealed = FromBytea(row["wisher_contact_sealed"]);
  w.state = static_cast<WishState>(row["state"].as<int>());
  w.claimer_id = row["claimer_id"].as<std::string>();
  w.claimer_name = row["claimer_name"].as<std::string>();
  w.claimer_party_member = row["claimer_party_member"].as<bool>();
  w.claimed_at = OptionalTime(row["claim_micros"]);
  w.claim_deadline = OptionalTime(row["claim_deadline_micros"]);
  w.fulfil_note = row["fulfil_note"].as<std::string>();
  w.fulfil_photo_url = row["fulfil_photo_url"].as<std::string>();
  w.service_hours = row["service_hours"].as<double>();
  w.reason = row["reason"].as<std::string>();
  w.submitted_by = row["submitted_by"].as<std::string>();
  w.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  w.publish_time = OptionalTime(row["publish_micros"]);
  w.confirm_time = OptionalTime(row["confirm_micros"]);
  w.first_claim_time = OptionalTime(row["first_claim_micros"]);
  w.last_claim_time = OptionalTime(row["last_claim_micros"]);
  return w;
}

std::optional<Wish> FirstWish(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return WishFrom(rows[0]);
}

long long MicrosOrZero(const std::optional<Time>& t) { return t ? ToEpochMicros(*t) : 0; }

// Keys: the wall pages by "publish_micros|id", lists by "create_micros|id".
std::string WallKey(const pqxx::row& row) {
  return absl::StrCat(row["publish_micros"].as<long long>(), "|", row["wish_id"].as<std::string>());
}
std::string ListKey(const pqxx::row& row) {
  return absl::StrCat(row["create_micros"].as<long long>(), "|", row["wish_id"].as<std::string>());
}

}  // namespace

WishRepository::WishRepository(Db& db) {
  db.Register({kWishInsert, kWishGet, kWishGetForUpdate, kWishUpdate, kWishEvent, kWishHistory,
               kWishWall, kWishList, kWishExpiredClaims, kClaimerOpenClaims, kClaimerReleases,
               kWishStats});
  db.RegisterConstraintMessages({
      {"wishes_grid_in_community", "grid_id: the grid is not in community_id"},
  });
}

absl::StatusOr<Wish> WishRepository::Insert(Tx& tx, const Wish& w) {
  return WishFrom(Exec1(tx, kWishInsert, w.community_id, w.grid_id, static_cast<int>(w.category),
                        w.description, w.estimated_value, w.photo_url, Bytea(w.wisher_name_sealed),
                        w.wisher_name_masked, Bytea(w.wisher_contact_sealed), w.submitted_by,
                        ToEpochMicros(w.create_time)));
}

absl::StatusOr<std::optional<Wish>> WishRepository::Find(Tx& tx, const std::string& wish_id,
                                                         bool lock) {
  return FirstWish(Exec(tx, lock ? kWishGetForUpdate : kWishGet, wish_id));
}

absl::StatusOr<std::optional<Wish>> WishRepository::Update(Tx& tx, const Wish& w,
                                                           WishState expected) {
  return FirstWish(
      Exec(tx, kWishUpdate, w.wish_id, static_cast<int>(expected), static_cast<int>(w.state),
           w.claimer_id, w.claimer_name, w.claimer_party_member, MicrosOrZero(w.claimed_at),
           MicrosOrZero(w.claim_deadline), w.fulfil_note, w.fulfil_photo_url, w.service_hours,
           w.reason, MicrosOrZero(w.publish_time), MicrosOrZero(w.confirm_time),
           MicrosOrZero(w.first_claim_time), MicrosOrZero(w.last_claim_time)));
}

absl::Status WishRepository::AddEvent(Tx& tx, const std::string& wish_id, WishState from,
                                      WishState to, const std::string& actor,
                                      const std::string& note, Time at) {
  Exec0(tx, kWishEvent, wish_id, static_cast<int>(from), static_cast<int>(to), actor, note,
        ToEpochMicros(at));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<HistoryEntry>> WishRepository::History(Tx& tx,
                                                                  const std::string& wish_id) {
  std::vector<HistoryEntry> entries;
  for (const auto& row : Exec(tx, kWishHistory, wish_id)) {
    entries.push_back({static_cast<WishState>(row["from_state"].as<int>()),
                       static_cast<WishState>(row["to_state"].as<int>()),
                       row["actor"].as<std::string>(), row["note"].as<std::string>(),
                       FromEpochMicros(row["at_micros"].as<long long>())});
  }
  return entries;
}

absl::StatusOr<Page<Wish>> WishRepository::Wall(Tx& tx, const std::string& region_id,
                                                Category category, const PageRequest& page) {
  auto rows =
      Exec(tx, kWishWall, region_id, static_cast<int>(category), page.after, page.page_size + 1);
  return ReadPage<Wish>(rows, page.page_size, WishFrom, WallKey);
}

absl::StatusOr<Page<Wish>> WishRepository::List(Tx& tx, const std::string& region_id,
                                                WishState state, const std::string& claimer_id,
                                                const PageRequest& page) {
  auto rows = Exec(tx, kWishList, region_id, static_cast<int>(state), claimer_id, page.after,
                   page.page_size + 1);
  return ReadPage<Wish>(rows, page.page_size, WishFrom, ListKey);
}

absl::Status WishRepository::LockClaimer(Tx& tx, const std::string& claimer_id) {
  LockKey(tx, "claimer:" + claimer_id);
  return absl::OkStatus();
}

absl::StatusOr<int> WishRepository::CountOpenClaims(Tx& tx, const std::string& claimer_id) {
  return Exec1(tx, kClaimerOpenClaims, claimer_id)["open"].as<int>();
}

absl::StatusOr<int> WishRepository::CountReleasesSince(Tx& tx, const std::string& volunteer_id,
                                                       Time since) {
  return Exec1(tx, kClaimerReleases, volunteer_id, ToEpochMicros(since))["released"].as<int>();
}

absl::StatusOr<std::vector<Wish>> WishRepository::ExpiredClaims(Tx& tx, Time now, int limit) {
  std::vector<Wish> wishes;
  for (const auto& row : Exec(tx, kWishExpiredClaims, ToEpochMicros(now), limit)) {
    wishes.push_back(WishFrom(row));
  }
  return wishes;
}

absl::StatusOr<Statistics> WishRepository::Stats(Tx& tx, const std::string& region_id) {
  // kWishStats' rows: kind 1 a state's count, 2 a category's, 3 the totals (in that order).
  constexpr int kByState = 1, kByCategory = 2, kTotals = 3;
  Statistics stats;
  stats.region_id = region_id;
  for (const auto& row : Exec(tx, kWishStats, region_id)) {
    const int kind = row["kind"].as<int>();
    if (kind == kByState) {
      stats.by_state.emplace_back(static_cast<WishState>(row["state"].as<int>()),
                                  row["count"].as<int>());
    } else if (kind == kByCategory) {
      stats.by_category.emplace_back(static_cast<Category>(row["category"].as<int>()),
                                     row["count"].as<int>());
    } else if (kind == kTotals) {
      const int published = row["published"].as<int>();
      const int claimed = row["claimed"].as<int>();
      const int confirmed = row["confirmed"].as<int>();
      stats.claim_rate = published == 0 ? 0 : static_cast<double>(claimed) / published;
      stats.fulfilment_rate = claimed == 0 ? 0 : static_cast<double>(confirmed) / claimed;
      stats.median_hours_publish_to_claim = row["median_hours_publish_to_claim"].as<double>();
      stats.median_hours_claim_to_confirm = row["median_hours_claim_to_confirm"].as<double>();
    }
  }
  return stats;
}

}  // namespace tongxin::wishes
