// The national service-record export's SQL (see record_export_repository.h and
// record_export_queries.h).
#include "services/volunteer/repository/record_export_repository.h"

#include <limits>

#include "services/volunteer/repository/record_export_queries.h"

namespace tongxin::volunteer {
namespace {

ServiceRecordExport ExportFrom(const pqxx::row& row) {
  ServiceRecordExport e;
  e.export_id = row["export_id"].as<std::string>();
  e.caller = row["caller"].as<std::string>();
  e.caller_role = row["caller_role"].as<std::string>();
  e.region_id = row["region_id"].as<std::string>();
  e.period_start = row["period_start"].as<std::string>();
  e.period_end = row["period_end"].as<std::string>();
  e.as_of = FromEpochMicros(row["as_of_micros"].as<long long>());
  e.start_time = FromEpochMicros(row["started_micros"].as<long long>());
  e.last_page_time = FromEpochMicros(row["last_page_micros"].as<long long>());
  e.rows_served = row["rows_served"].as<int>();
  e.pages = row["pages"].as<int>();
  e.rows_total = row["rows_total"].as<int>();
  if (long long finished = row["finished_micros"].as<long long>(); finished != 0) {
    e.finish_time = FromEpochMicros(finished);
  }
  e.snapshot_purged = row["snapshot_purged"].as<bool>();
  return e;
}

ExportedRecord ExportedFrom(const pqxx::row& row) {
  ExportedRecord r;
  r.record_id = row["record_id"].as<std::string>();
  r.record_reference = row["record_reference"].as<std::string>();
  r.volunteer_id = row["volunteer_id"].as<std::string>();
  r.community_id = row["community_id"].as<std::string>();
  r.volunteer_name = row["volunteer_name"].as<std::string>();
  r.id_number_sealed = FromBytea(row["id_number_sealed"]);
  r.organiser = row["organiser"].as<std::string>();
  r.source = static_cast<ServiceSource>(row["source"].as<int>());
  r.service_date = row["service_date"].as<std::string>();
  r.place_region_id = row["organiser_region_id"].as<std::string>();
  r.place_name = row["place_name"].as<std::string>();
  r.description = row["description"].as<std::string>();
  r.hours = row["hours"].as<double>();
  r.corrected = row["corrected"].as<bool>();
  return r;
}

}  // namespace

RecordExportRepository::RecordExportRepository(Db& db) {
  db.Register({kExportInsert, kExportSnapshotVolunteers, kExportPage, kExportCountPage,
               kExportLogReveals, kExportCountRows, kExportResume, kExportPurgeSnapshots,
               kExportList});
}

ServiceRecordExport RecordExportRepository::Start(Tx& tx, const ServiceRecordExport& e,
                                                  long long settle_micros) {
  ServiceRecordExport started =
      ExportFrom(Exec1(tx, kExportInsert, e.caller, e.caller_role, e.region_id, e.period_start,
                       e.period_end, settle_micros, ToEpochMicros(e.start_time)));
  Exec0(tx, kExportSnapshotVolunteers, started.export_id, e.region_id, e.period_start,
        e.period_end);
  return ExportFrom(Exec1(tx, kExportCountRows, started.export_id));
}

absl::StatusOr<ServiceRecordExport> RecordExportRepository::Resume(Tx& tx,
                                                                   const std::string& export_id) {
  auto rows = Exec(tx, kExportResume, export_id);
  if (rows.empty()) return absl::NotFoundError("page_token: no such export");
  return ExportFrom(rows[0]);
}

std::vector<ExportedRecord> RecordExportRepository::Records(Tx& tx, const ServiceRecordExport& e,
                                                            const ExportKey& after, int limit) {
  std::vector<ExportedRecord> records;
  for (const auto& row :
       Exec(tx, kExportPage, e.export_id, after.service_date, after.record_id, limit)) {
    records.push_back(ExportedFrom(row));
  }
  return records;
}

absl::StatusOr<ServiceRecordExport> RecordExportRepository::CountPage(Tx& tx,
                                                                      const std::string& export_id,
                                                                      int rows, bool last,
                                                                      Time now) {
  auto counted = Exec(tx, kExportCountPage, export_id, rows, ToEpochMicros(now), last);
  if (counted.empty()) return absl::NotFoundError("page_token: no such export");
  return ExportFrom(counted[0]);
}

int RecordExportRepository::PurgeSnapshots(Tx& tx, Time last_page_before, int limit) {
  return Exec1(tx, kExportPurgeSnapshots, ToEpochMicros(last_page_before), limit)["purged"]
      .as<int>();
}

void RecordExportRepository::LogReveals(Tx& tx, const IdNumberLookup& entry,
                                        const std::vector<std::string>& volunteer_ids,
                                        const std::vector<std::string>& community_ids) {
  if (volunteer_ids.empty()) return;
  Exec0(tx, kExportLogReveals, entry.caller, entry.caller_role,
        TextArrayLiteral(entry.caller_scope), ToEpochMicros(entry.lookup_time),
        TextArrayLiteral(volunteer_ids), TextArrayLiteral(community_ids));
}

absl::StatusOr<tongxin::Page<ServiceRecordExport>> RecordExportRepository::List(
    Tx& tx, const std::string& region_id, const PageRequest& page) {
  const std::string before =
      page.after.empty() ? std::to_string(std::numeric_limits<long long>::max()) : page.after;
  auto rows = Exec(tx, kExportList, region_id, before, page.page_size + 1);
  return ReadPage<ServiceRecordExport>(rows, page.page_size, ExportFrom);  // keyed by seq
}

}  // namespace tongxin::volunteer
