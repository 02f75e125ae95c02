#include "services/volunteer/repository/service_record_repository.h"

#include "absl/strings/str_cat.h"

namespace tongxin::volunteer {
namespace {

constexpr char kColumns[] =
    "record_id::text, volunteer_id, hours::float8, service_date::text, organiser, "
    "organiser_region_id, source, coalesce(source_ref, ''), description, recorded_by, "
    "coalesce(corrects_record_id::text, ''), coalesce(correction_reason, ''), "
    "coalesce(superseded_by::text, ''), epoch_micros(created_at)";

ServiceRecord RecordFrom(const pqxx::row& row) {
  ServiceRecord r;
  r.record_id = row[0].as<std::string>();
  r.volunteer_id = row[1].as<std::string>();
  r.hours = row[2].as<double>();
  r.service_date = row[3].as<std::string>();
  r.organiser = row[4].as<std::string>();
  r.organiser_region_id = row[5].as<std::string>();
  r.source = static_cast<ServiceSource>(row[6].as<int>());
  r.source_ref = row[7].as<std::string>();
  r.description = row[8].as<std::string>();
  r.recorded_by = row[9].as<std::string>();
  r.corrects_record_id = row[10].as<std::string>();
  r.correction_reason = row[11].as<std::string>();
  r.superseded_by_record_id = row[12].as<std::string>();
  r.create_time = FromEpochMicros(row[13].as<long long>());
  return r;
}

const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

// Keyset for "newest service date first": the key sorts descending as text.
std::string KeyOf(const pqxx::row& row) {
  return absl::StrCat(row[3].as<std::string>(), "|", row[0].as<std::string>());
}

}  // namespace

ServiceRecordRepository::ServiceRecordRepository(Db& db) {
  const std::string columns = kColumns;
  db.Register({
      {"record_insert",
       "INSERT INTO service_records (volunteer_id, hours, service_date, organiser, "
       "organiser_region_id, source, source_ref, description, recorded_by) "
       "VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9) "
       "ON CONFLICT (source, source_ref) WHERE corrects_record_id IS NULL AND source_ref IS NOT "
       "NULL DO NOTHING RETURNING " +
           columns},
      {"record_by_source", "SELECT " + columns +
                               " FROM service_records WHERE source = $1 AND source_ref = $2 "
                               "AND corrects_record_id IS NULL"},
      {"record_get", "SELECT " + columns + " FROM service_records WHERE record_id = $1::uuid"},
      {"record_get_for_update",
       "SELECT " + columns + " FROM service_records WHERE record_id = $1::uuid FOR UPDATE"},
      {"record_insert_correction",
       "INSERT INTO service_records (volunteer_id, hours, service_date, organiser, "
       "organiser_region_id, source, source_ref, description, recorded_by, corrects_record_id, "
       "correction_reason) VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10::uuid, $11) "
       "RETURNING " +
           columns},
      {"record_supersede",
       "UPDATE service_records SET superseded_by = $2::uuid WHERE record_id = $1::uuid "
       "AND superseded_by IS NULL RETURNING record_id"},
      {"record_list",
       "SELECT " + columns +
           " FROM service_records WHERE volunteer_id = $1 "
           "AND ($2 OR superseded_by IS NULL) "
           "AND ($3 = '' OR (service_date::text, record_id::text) < (split_part($3, '|', 1), "
           "split_part($3, '|', 2))) "
           "ORDER BY service_date DESC, record_id::text DESC LIMIT $4"},
      {"record_totals",
       "SELECT coalesce(sum(hours), 0)::float8, coalesce(sum(hours) FILTER (WHERE source = 4), "
       "0)::float8, coalesce(sum(hours) FILTER (WHERE ($2 = '' OR service_date >= $2::date) AND "
       "($3 = '' OR service_date <= $3::date)), 0)::float8, count(*)::int FROM service_records "
       "WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0"},
      {"record_by_month",
       "SELECT to_char(service_date, 'YYYY-MM'), sum(hours)::float8 FROM service_records "
       "WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0 "
       "AND ($2 = '' OR service_date >= $2::date) AND ($3 = '' OR service_date <= $3::date) "
       "GROUP BY 1 ORDER BY 1"},
      {"record_by_organiser",
       "SELECT organiser, sum(hours)::float8 FROM service_records "
       "WHERE volunteer_id = $1 AND superseded_by IS NULL AND hours > 0 "
       "AND ($2 = '' OR service_date >= $2::date) AND ($3 = '' OR service_date <= $3::date) "
       "GROUP BY 1 ORDER BY 2 DESC, 1"},
      {"record_hours_in_region",
       "SELECT coalesce(sum(r.hours), 0)::float8, count(DISTINCT r.volunteer_id)::int "
       "FROM service_records r JOIN volunteers v USING (volunteer_id) "
       "WHERE v.community_id LIKE $1 || '%' AND r.superseded_by IS NULL AND r.hours > 0 "
       "AND r.service_date >= $2::date AND r.service_date < $3::date"},
  });
  db.RegisterConstraintMessages({
      {"service_records_volunteer_id_fkey", "volunteer_id: no such volunteer"},
      {"service_records_hours_check", "hours: must be more than 0 and at most 24"},
      {"service_records_positive", "hours: must be more than 0"},
  });
}

absl::StatusOr<ServiceRecordRepository::Recorded> ServiceRecordRepository::Record(
    Tx& tx, const ServiceRecord& r) {
  auto rows = tx.exec_prepared("record_insert", r.volunteer_id, r.hours, r.service_date,
                               r.organiser, r.organiser_region_id, static_cast<int>(r.source),
                               NullIfEmpty(r.source_ref), r.description, r.recorded_by);
  if (!rows.empty()) return Recorded{RecordFrom(rows[0]), true};
  auto existing = tx.exec_prepared("record_by_source", static_cast<int>(r.source), r.source_ref);
  if (existing.empty()) return absl::AbortedError("service record conflict; retry");
  return Recorded{RecordFrom(existing[0]), false};
}

absl::StatusOr<std::optional<ServiceRecord>> ServiceRecordRepository::Find(
    Tx& tx, const std::string& record_id, bool lock) {
  auto rows = tx.exec_prepared(lock ? "record_get_for_update" : "record_get", record_id);
  if (rows.empty()) return std::nullopt;
  return RecordFrom(rows[0]);
}

absl::StatusOr<ServiceRecord> ServiceRecordRepository::Correct(Tx& tx, const ServiceRecord& c) {
  auto inserted = RecordFrom(tx.exec_prepared1(
      "record_insert_correction", c.volunteer_id, c.hours, c.service_date, c.organiser,
      c.organiser_region_id, static_cast<int>(c.source), NullIfEmpty(c.source_ref), c.description,
      c.recorded_by, c.corrects_record_id, c.correction_reason));
  if (tx.exec_prepared("record_supersede", c.corrects_record_id, inserted.record_id).empty()) {
    return absl::FailedPreconditionError(
        "record_id: the record was already corrected; correct the newest record");
  }
  return inserted;
}

absl::StatusOr<Page<ServiceRecord>> ServiceRecordRepository::List(Tx& tx,
                                                                  const std::string& volunteer_id,
                                                                  bool include_superseded,
                                                                  const PageRequest& page) {
  auto rows = tx.exec_prepared("record_list", volunteer_id, include_superseded, page.after,
                               page.page_size + 1);
  return ReadPage<ServiceRecord>(rows, page.page_size, RecordFrom, KeyOf);
}

absl::StatusOr<ServiceTotals> ServiceRecordRepository::Totals(Tx& tx,
                                                              const std::string& volunteer_id,
                                                              const std::string& from_date,
                                                              const std::string& to_date) {
  ServiceTotals totals;
  auto sums = tx.exec_prepared1("record_totals", volunteer_id, from_date, to_date);
  totals.total_hours = sums[0].as<double>();
  totals.honour_hours = sums[1].as<double>();
  totals.period_hours = sums[2].as<double>();
  totals.record_count = sums[3].as<int>();
  for (const auto& row : tx.exec_prepared("record_by_month", volunteer_id, from_date, to_date)) {
    totals.by_month.push_back({row[0].as<std::string>(), row[1].as<double>()});
  }
  for (const auto& row :
       tx.exec_prepared("record_by_organiser", volunteer_id, from_date, to_date)) {
    totals.by_organiser.push_back({row[0].as<std::string>(), row[1].as<double>()});
  }
  return totals;
}

absl::StatusOr<RegionServiceHours> ServiceRecordRepository::HoursInRegion(
    Tx& tx, const std::string& region_id, const std::string& from_date,
    const std::string& until_date) {
  auto row = tx.exec_prepared1("record_hours_in_region", region_id, from_date, until_date);
  return RegionServiceHours{row[0].as<double>(), row[1].as<int>()};
}

}  // namespace tongxin::volunteer
