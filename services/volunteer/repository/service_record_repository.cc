// The service record aggregate's SQL (see service_record_repository.h and
// service_record_queries.h).
#include "services/volunteer/repository/service_record_repository.h"

#include "absl/strings/str_cat.h"
#include "services/volunteer/domain/service_record.h"
#include "services/volunteer/repository/service_record_queries.h"

namespace tongxin::volunteer {
namespace {

ServiceRecord RecordFrom(const pqxx::row& row) {
  ServiceRecord r;
  r.record_id = row["record_id"].as<std::string>();
  r.volunteer_id = row["volunteer_id"].as<std::string>();
  r.hours = row["hours"].as<double>();
  r.service_date = row["service_date"].as<std::string>();
  r.organiser = row["organiser"].as<std::string>();
  r.organiser_region_id = row["organiser_region_id"].as<std::string>();
  r.source = static_cast<ServiceSource>(row["source"].as<int>());
  r.source_ref = row["source_ref"].as<std::string>();
  r.description = row["description"].as<std::string>();
  r.recorded_by = row["recorded_by"].as<std::string>();
  r.corrects_record_id = row["corrects_record_id"].as<std::string>();
  r.correction_reason = row["correction_reason"].as<std::string>();
  r.superseded_by_record_id = row["superseded_by"].as<std::string>();
  r.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  return r;
}

const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

// Keyset for "newest service date first": the key sorts descending as text.
std::string KeyOf(const pqxx::row& row) {
  return absl::StrCat(row["service_date"].as<std::string>(), "|",
                      row["record_id"].as<std::string>());
}

}  // namespace

ServiceRecordRepository::ServiceRecordRepository(Db& db) {
  db.Register({kRecordInsert, kRecordBySource, kRecordGet, kRecordGetForUpdate,
               kRecordInsertCorrection, kRecordSupersede, kRecordList, kRecordTotals,
               kRecordByMonth, kRecordByOrganiser, kRecordHoursInRegion});
  db.RegisterConstraintMessages({
      {"service_records_volunteer_id_fkey", "volunteer_id: no such volunteer"},
      {"service_records_hours_check", "hours: must be more than 0 and at most 24"},
      {"service_records_positive", "hours: must be more than 0"},
  });
}

absl::StatusOr<ServiceRecordRepository::Recorded> ServiceRecordRepository::Record(
    Tx& tx, const ServiceRecord& r) {
  auto rows = Exec(tx, kRecordInsert, r.volunteer_id, r.hours, r.service_date, r.organiser,
                   r.organiser_region_id, static_cast<int>(r.source), NullIfEmpty(r.source_ref),
                   r.description, r.recorded_by);
  if (!rows.empty()) return Recorded{RecordFrom(rows[0]), true};
  auto existing = Exec(tx, kRecordBySource, static_cast<int>(r.source), r.source_ref);
  if (existing.empty()) return absl::AbortedError("service record conflict; retry");
  return Recorded{RecordFrom(existing[0]), false};
}

absl::StatusOr<std::optional<ServiceRecord>> ServiceRecordRepository::Find(
    Tx& tx, const std::string& record_id, bool lock) {
  auto rows = Exec(tx, lock ? kRecordGetForUpdate : kRecordGet, record_id);
  if (rows.empty()) return std::nullopt;
  return RecordFrom(rows[0]);
}

absl::StatusOr<ServiceRecord> ServiceRecordRepository::Correct(Tx& tx, const ServiceRecord& c) {
  auto inserted = RecordFrom(
      Exec1(tx, kRecordInsertCorrection, c.volunteer_id, c.hours, c.service_date, c.organiser,
            c.organiser_region_id, static_cast<int>(c.source), NullIfEmpty(c.source_ref),
            c.description, c.recorded_by, c.corrects_record_id, c.correction_reason));
  if (Exec(tx, kRecordSupersede, c.corrects_record_id, inserted.record_id).empty()) {
    // Corrected meanwhile: the record's life allows one supersession only.
    return AlreadyCorrected();
  }
  return inserted;
}

absl::StatusOr<Page<ServiceRecord>> ServiceRecordRepository::List(Tx& tx,
                                                                  const std::string& volunteer_id,
                                                                  bool include_superseded,
                                                                  const PageRequest& page) {
  auto rows =
      Exec(tx, kRecordList, volunteer_id, include_superseded, page.after, page.page_size + 1);
  return ReadPage<ServiceRecord>(rows, page.page_size, RecordFrom, KeyOf);
}

absl::StatusOr<ServiceTotals> ServiceRecordRepository::Totals(Tx& tx,
                                                              const std::string& volunteer_id,
                                                              const std::string& from_date,
                                                              const std::string& to_date) {
  ServiceTotals totals;
  auto sums = Exec1(tx, kRecordTotals, volunteer_id, from_date, to_date);
  totals.total_hours = sums["total_hours"].as<double>();
  totals.honour_hours = sums["honour_hours"].as<double>();
  totals.period_hours = sums["period_hours"].as<double>();
  totals.record_count = sums["record_count"].as<int>();
  for (const auto& row : Exec(tx, kRecordByMonth, volunteer_id, from_date, to_date)) {
    totals.by_month.push_back({row["month"].as<std::string>(), row["hours"].as<double>()});
  }
  for (const auto& row : Exec(tx, kRecordByOrganiser, volunteer_id, from_date, to_date)) {
    totals.by_organiser.push_back({row["organiser"].as<std::string>(), row["hours"].as<double>()});
  }
  return totals;
}

absl::StatusOr<RegionServiceHours> ServiceRecordRepository::HoursInRegion(
    Tx& tx, const std::string& region_id, const std::string& from_date,
    const std::string& until_date) {
  auto row = Exec1(tx, kRecordHoursInRegion, region_id, from_date, until_date);
  return RegionServiceHours{row["hours"].as<double>(), row["volunteers"].as<int>()};
}

}  // namespace tongxin::volunteer
