#include "services/posts/repository/adoption_repository.h"

#include "absl/strings/str_cat.h"

namespace tongxin::posts {
namespace {

constexpr char kAdoptionColumns[] =
    "a.adoption_id::text, a.post_id::text, a.adopter_kind, a.adopter_id, a.adopter_name, "
    "a.party_member, a.status, epoch_micros(a.adopted_at), epoch_micros(a.withdrawn_at), "
    "p.community_id";

constexpr char kLogColumns[] =
    "log_id::text, adoption_id::text, post_id::text, community_id, adopter_id, "
    "service_date::text, hours::float8, summary, photos_before, photos_after, status, "
    "reviewed_by, review_reason, epoch_micros(created_at), epoch_micros(reviewed_at)";

Adoption AdoptionFrom(const pqxx::row& row) {
  Adoption a;
  a.adoption_id = row[0].as<std::string>();
  a.post_id = row[1].as<std::string>();
  a.adopter_kind = static_cast<AdopterKind>(row[2].as<int>());
  a.adopter_id = row[3].as<std::string>();
  a.adopter_name = row[4].as<std::string>();
  a.party_member = row[5].as<bool>();
  a.status = static_cast<AdoptionStatus>(row[6].as<int>());
  a.adopt_time = FromEpochMicros(row[7].as<long long>());
  if (!row[8].is_null()) a.withdraw_time = FromEpochMicros(row[8].as<long long>());
  a.community_id = row[9].as<std::string>();
  return a;
}

ServiceLog LogFrom(const pqxx::row& row) {
  ServiceLog l;
  l.log_id = row[0].as<std::string>();
  l.adoption_id = row[1].as<std::string>();
  l.post_id = row[2].as<std::string>();
  l.community_id = row[3].as<std::string>();
  l.adopter_id = row[4].as<std::string>();
  l.service_date = row[5].as<std::string>();
  l.hours = row[6].as<double>();
  l.summary = row[7].as<std::string>();
  l.photos_before = ParseTextArray(row[8]);
  l.photos_after = ParseTextArray(row[9]);
  l.status = static_cast<LogStatus>(row[10].as<int>());
  l.reviewed_by = row[11].as<std::string>();
  l.review_reason = row[12].as<std::string>();
  l.create_time = FromEpochMicros(row[13].as<long long>());
  if (!row[14].is_null()) l.review_time = FromEpochMicros(row[14].as<long long>());
  return l;
}

std::optional<Adoption> FirstAdoption(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return AdoptionFrom(rows[0]);
}

std::optional<ServiceLog> FirstLog(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return LogFrom(rows[0]);
}

// Newest first; the key is "created_micros|id".
std::string AdoptionKey(const pqxx::row& row) {
  return absl::StrCat(row[7].as<long long>(), "|", row[0].as<std::string>());
}
std::string LogKey(const pqxx::row& row) {
  return absl::StrCat(row[13].as<long long>(), "|", row[0].as<std::string>());
}

}  // namespace

AdoptionRepository::AdoptionRepository(Db& db) {
  const std::string adoption = kAdoptionColumns;
  const std::string log = kLogColumns;
  const std::string join = " FROM adoptions a JOIN posts p USING (post_id) ";
  const std::string page_after =
      "($3 = '' OR (epoch_micros(a.adopted_at), a.adoption_id::text) < "
      "(split_part($3, '|', 1)::bigint, split_part($3, '|', 2)))";
  db.Register({
      {"adopter_lock", "SELECT pg_advisory_xact_lock(hashtext('adopter:' || $1))"},
      {"adoptions_active_count",
       "SELECT count(*)::int FROM adoptions WHERE adopter_id = $1 AND status = 1"},
      {"adoption_insert",
       "WITH a AS (INSERT INTO adoptions (post_id, adopter_kind, adopter_id, adopter_name, "
       "party_member) VALUES ($1::uuid, $2, $3, $4, $5) RETURNING *) SELECT " +
           adoption + " FROM a JOIN posts p USING (post_id)"},
      {"adoption_get", "SELECT " + adoption + join + "WHERE a.adoption_id = $1::uuid"},
      {"adoption_get_for_update",
       "SELECT " + adoption + join + "WHERE a.adoption_id = $1::uuid FOR UPDATE OF a"},
      {"adoption_withdraw",
       "WITH a AS (UPDATE adoptions SET status = 2, withdrawn_at = now() WHERE adoption_id = "
       "$1::uuid AND status = 1 RETURNING *) SELECT " +
           adoption + " FROM a JOIN posts p USING (post_id)"},
      {"adoptions_by_post", "SELECT " + adoption + join +
                                "WHERE a.post_id = $1::uuid AND (NOT $2 OR a.status = 1) "
                                "AND " +
                                page_after +
                                " ORDER BY a.adopted_at DESC, a.adoption_id::text DESC LIMIT $4"},
      {"adoptions_by_adopter",
       "SELECT " + adoption + join +
           "WHERE a.adopter_id = $1 AND (NOT $2 OR a.status = 1) "
           "AND " +
           page_after + " ORDER BY a.adopted_at DESC, a.adoption_id::text DESC LIMIT $4"},
      {"log_insert",
       "INSERT INTO service_logs (adoption_id, post_id, community_id, adopter_id, service_date, "
       "hours, summary, photos_before, photos_after) VALUES ($1::uuid, $2::uuid, $3, $4, "
       "$5::date, $6, $7, $8::text[], $9::text[]) RETURNING " +
           log},
      {"log_get", "SELECT " + log + " FROM service_logs WHERE log_id = $1::uuid"},
      {"log_review",
       "UPDATE service_logs SET status = $2, reviewed_by = $3, review_reason = $4, reviewed_at "
       "= now() WHERE log_id = $1::uuid AND status = 1 RETURNING " +
           log},
      {"logs_by_region",
       "SELECT " + log +
           " FROM service_logs WHERE community_id LIKE $1 || '%' AND ($2 = 0 OR "
           "status = $2) AND ($3 = '' OR (epoch_micros(created_at), log_id::text) < "
           "(split_part($3, '|', 1)::bigint, split_part($3, '|', 2))) ORDER BY created_at DESC, "
           "log_id::text DESC LIMIT $4"},
      {"logs_by_adopter",
       "SELECT " + log +
           " FROM service_logs WHERE adopter_id = $1 AND ($2 = 0 OR status = $2) "
           "AND ($3 = '' OR (epoch_micros(created_at), log_id::text) < (split_part($3, '|', "
           "1)::bigint, split_part($3, '|', 2))) ORDER BY created_at DESC, log_id::text DESC "
           "LIMIT $4"},
  });
  db.RegisterConstraintMessages({
      {"adoptions_once_per_post", "post_id: already adopted by this adopter"},
      {"service_logs_hours_check", "hours: must be more than 0 and at most 24"},
  });
}

absl::Status AdoptionRepository::LockAdopter(Tx& tx, const std::string& adopter_id) {
  tx.exec_prepared("adopter_lock", adopter_id);
  return absl::OkStatus();
}

absl::StatusOr<int> AdoptionRepository::CountActive(Tx& tx, const std::string& adopter_id) {
  return tx.exec_prepared1("adoptions_active_count", adopter_id)[0].as<int>();
}

absl::StatusOr<Adoption> AdoptionRepository::Insert(Tx& tx, const Adoption& a) {
  return AdoptionFrom(tx.exec_prepared1("adoption_insert", a.post_id,
                                        static_cast<int>(a.adopter_kind), a.adopter_id,
                                        a.adopter_name, a.party_member));
}

absl::StatusOr<std::optional<Adoption>> AdoptionRepository::Find(Tx& tx,
                                                                 const std::string& adoption_id,
                                                                 bool lock) {
  return FirstAdoption(
      tx.exec_prepared(lock ? "adoption_get_for_update" : "adoption_get", adoption_id));
}

absl::StatusOr<std::optional<Adoption>> AdoptionRepository::Withdraw(
    Tx& tx, const std::string& adoption_id) {
  return FirstAdoption(tx.exec_prepared("adoption_withdraw", adoption_id));
}

absl::StatusOr<Page<Adoption>> AdoptionRepository::List(Tx& tx, const std::string& post_id,
                                                        const std::string& adopter_id,
                                                        bool active_only, const PageRequest& page) {
  auto rows = post_id.empty() ? tx.exec_prepared("adoptions_by_adopter", adopter_id, active_only,
                                                 page.after, page.page_size + 1)
                              : tx.exec_prepared("adoptions_by_post", post_id, active_only,
                                                 page.after, page.page_size + 1);
  return ReadPage<Adoption>(rows, page.page_size, AdoptionFrom, AdoptionKey);
}

absl::StatusOr<ServiceLog> AdoptionRepository::InsertLog(Tx& tx, const ServiceLog& l) {
  return LogFrom(tx.exec_prepared1(
      "log_insert", l.adoption_id, l.post_id, l.community_id, l.adopter_id, l.service_date, l.hours,
      l.summary, TextArrayLiteral(l.photos_before), TextArrayLiteral(l.photos_after)));
}

absl::StatusOr<std::optional<ServiceLog>> AdoptionRepository::FindLog(Tx& tx,
                                                                      const std::string& log_id) {
  return FirstLog(tx.exec_prepared("log_get", log_id));
}

absl::StatusOr<std::optional<ServiceLog>> AdoptionRepository::Review(Tx& tx,
                                                                     const std::string& log_id,
                                                                     LogStatus status,
                                                                     const std::string& reviewer,
                                                                     const std::string& reason) {
  return FirstLog(
      tx.exec_prepared("log_review", log_id, static_cast<int>(status), reviewer, reason));
}

absl::StatusOr<Page<ServiceLog>> AdoptionRepository::ListLogs(Tx& tx, const std::string& region_id,
                                                              const std::string& adopter_id,
                                                              LogStatus status,
                                                              const PageRequest& page) {
  auto rows = adopter_id.empty()
                  ? tx.exec_prepared("logs_by_region", region_id, static_cast<int>(status),
                                     page.after, page.page_size + 1)
                  : tx.exec_prepared("logs_by_adopter", adopter_id, static_cast<int>(status),
                                     page.after, page.page_size + 1);
  return ReadPage<ServiceLog>(rows, page.page_size, LogFrom, LogKey);
}

}  // namespace tongxin::posts
