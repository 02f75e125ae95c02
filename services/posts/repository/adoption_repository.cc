#include "services/posts/repository/adoption_repository.h"

#include "absl/strings/str_cat.h"
#include "services/posts/repository/adoption_queries.h"

namespace tongxin::posts {
namespace {

std::optional<Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromEpochMicros(field.as<long long>());
}

Adoption AdoptionFrom(const pqxx::row& row) {
  Adoption a;
  a.adoption_id = row["adoption_id"].as<std::string>();
  a.post_id = row["post_id"].as<std::string>();
  a.adopter_kind = static_cast<AdopterKind>(row["adopter_kind"].as<int>());
  a.adopter_id = row["adopter_id"].as<std::string>();
  a.adopter_name = row["adopter_name"].as<std::string>();
  a.party_member = row["party_member"].as<bool>();
  a.status = static_cast<AdoptionStatus>(row["status"].as<int>());
  a.adopt_time = FromEpochMicros(row["adopt_micros"].as<long long>());
  a.withdraw_time = OptionalTime(row["withdraw_micros"]);
  a.community_id = row["community_id"].as<std::string>();
  return a;
}

ServiceLog LogFrom(const pqxx::row& row) {
  ServiceLog l;
  l.log_id = row["log_id"].as<std::string>();
  l.adoption_id = row["adoption_id"].as<std::string>();
  l.post_id = row["post_id"].as<std::string>();
  l.community_id = row["community_id"].as<std::string>();
  l.adopter_id = row["adopter_id"].as<std::string>();
  l.service_date = row["service_date"].as<std::string>();
  l.hours = row["hours"].as<double>();
  l.summary = row["summary"].as<std::string>();
  l.photos_before = ParseTextArray(row["photos_before"]);
  l.photos_after = ParseTextArray(row["photos_after"]);
  l.status = static_cast<LogStatus>(row["status"].as<int>());
  l.reviewed_by = row["reviewed_by"].as<std::string>();
  l.review_reason = row["review_reason"].as<std::string>();
  l.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  l.review_time = OptionalTime(row["review_micros"]);
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

// Newest first; the page keys are "adopt_micros|adoption_id" and "create_micros|log_id".
std::string AdoptionKey(const pqxx::row& row) {
  return absl::StrCat(row["adopt_micros"].as<long long>(), "|",
                      row["adoption_id"].as<std::string>());
}
std::string LogKey(const pqxx::row& row) {
  return absl::StrCat(row["create_micros"].as<long long>(), "|", row["log_id"].as<std::string>());
}

}  // namespace

AdoptionRepository::AdoptionRepository(Db& db) {
  db.Register({kAdoptionsActiveCount, kAdoptionInsert, kAdoptionGet, kAdoptionGetForUpdate,
               kAdoptionWithdraw, kAdoptionsByPost, kAdoptionsByAdopter, kLogInsert, kLogGet,
               kLogReview, kLogsByRegion, kLogsByAdopter});
  db.RegisterConstraintMessages({
      {"adoptions_once_per_post", "post_id: already adopted by this adopter"},
      {"service_logs_hours_check", "hours: must be more than 0 and at most 24"},
  });
}

absl::Status AdoptionRepository::LockAdopter(Tx& tx, const std::string& adopter_id) {
  LockKey(tx, "adopter:" + adopter_id);
  return absl::OkStatus();
}

absl::StatusOr<int> AdoptionRepository::CountActive(Tx& tx, const std::string& adopter_id) {
  return Exec1(tx, kAdoptionsActiveCount, adopter_id)["active"].as<int>();
}

absl::StatusOr<Adoption> AdoptionRepository::Insert(Tx& tx, const Adoption& a) {
  return AdoptionFrom(Exec1(tx, kAdoptionInsert, a.post_id, static_cast<int>(a.adopter_kind),
                            a.adopter_id, a.adopter_name, a.party_member,
                            ToEpochMicros(a.adopt_time)));
}

absl::StatusOr<std::optional<Adoption>> AdoptionRepository::Find(Tx& tx,
                                                                 const std::string& adoption_id,
                                                                 bool lock) {
  return FirstAdoption(Exec(tx, lock ? kAdoptionGetForUpdate : kAdoptionGet, adoption_id));
}

absl::StatusOr<std::optional<Adoption>> AdoptionRepository::Withdraw(Tx& tx,
                                                                     const std::string& adoption_id,
                                                                     Time at) {
  return FirstAdoption(Exec(tx, kAdoptionWithdraw, adoption_id, ToEpochMicros(at)));
}

absl::StatusOr<Page<Adoption>> AdoptionRepository::List(Tx& tx, const std::string& post_id,
                                                        const std::string& adopter_id,
                                                        bool active_only, const PageRequest& page) {
  auto rows =
      post_id.empty()
          ? Exec(tx, kAdoptionsByAdopter, adopter_id, active_only, page.after, page.page_size + 1)
          : Exec(tx, kAdoptionsByPost, post_id, active_only, page.after, page.page_size + 1);
  return ReadPage<Adoption>(rows, page.page_size, AdoptionFrom, AdoptionKey);
}

absl::StatusOr<ServiceLog> AdoptionRepository::InsertLog(Tx& tx, const ServiceLog& l) {
  return LogFrom(Exec1(tx, kLogInsert, l.adoption_id, l.post_id, l.community_id, l.adopter_id,
                       l.service_date, l.hours, l.summary, TextArrayLiteral(l.photos_before),
                       TextArrayLiteral(l.photos_after)));
}

absl::StatusOr<std::optional<ServiceLog>> AdoptionRepository::FindLog(Tx& tx,
                                                                      const std::string& log_id) {
  return FirstLog(Exec(tx, kLogGet, log_id));
}

absl::StatusOr<std::optional<ServiceLog>> AdoptionRepository::Review(Tx& tx,
                                                                     const std::string& log_id,
                                                                     LogStatus status,
                                                                     const std::string& reviewer,
                                                                     const std::string& reason) {
  return FirstLog(Exec(tx, kLogReview, log_id, static_cast<int>(status), reviewer, reason));
}

absl::StatusOr<Page<ServiceLog>> AdoptionRepository::ListLogs(Tx& tx, const std::string& region_id,
                                                              const std::string& adopter_id,
                                                              LogStatus status,
                                                              const PageRequest& page) {
  auto rows = adopter_id.empty() ? Exec(tx, kLogsByRegion, region_id, static_cast<int>(status),
                                        page.after, page.page_size + 1)
                                 : Exec(tx, kLogsByAdopter, adopter_id, static_cast<int>(status),
                                        page.after, page.page_size + 1);
  return ReadPage<ServiceLog>(rows, page.page_size, LogFrom, LogKey);
}

}  // namespace tongxin::posts
