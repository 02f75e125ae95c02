// The volunteer service's composition root (see volunteer_service.h).
#include "services/volunteer/volunteer_service.h"

#include <spdlog/spdlog.h>

namespace tongxin::volunteer {
namespace {

constexpr std::chrono::minutes kExportPurgeInterval{5};

}  // namespace

std::unique_ptr<VolunteerService> VolunteerService::Create(Db& db, const Clock& clock,
                                                           const VolunteerDeps& deps,
                                                           VolunteerOptions options) {
  return std::unique_ptr<VolunteerService>(new VolunteerService(db, clock, deps, options));
}

VolunteerService::VolunteerService(Db& db, const Clock& clock, const VolunteerDeps& deps,
                                   VolunteerOptions options)
    : db_(db),
      grid_repository_(db),
      volunteer_repository_(db),
      team_repository_(db),
      record_repository_(db),
      report_repository_(db),
      id_lookup_repository_(db),
      grid_task_repository_(db),
      grid_task_events_(db),
      registration_events_(db),
      certificate_repository_(db),
      export_repository_(db),
      lookups_(grid_repository_, volunteer_repository_),
      hierarchy_(grid_repository_),
      id_lookups_(id_lookup_repository_, volunteer_repository_, deps.cipher, clock,
                  options.id_lookups_per_hour, options.integration_id_lookups_per_hour),
      registration_(volunteer_repository_, lookups_, id_lookups_, registration_events_, deps.cipher,
                    clock),
      reports_(report_repository_, volunteer_repository_, lookups_),
      teams_(team_repository_, lookups_),
      records_(record_repository_, volunteer_repository_, lookups_, clock),
      grid_tasks_(grid_task_repository_, lookups_, id_lookups_, grid_task_events_, clock,
                  options.grid_tasks_per_volunteer_day),
      certificates_(certificate_repository_, grid_repository_, lookups_, clock,
                    std::move(options.certificate_pdf)),
      exports_(export_repository_, deps.cipher, clock, options.exports),
      grpc_(VolunteerDomains{hierarchy_, registration_, reports_, id_lookups_, teams_, records_,
                             grid_tasks_, certificates_, exports_},
            db, deps.runner, deps.cipher),
      outbox_admin_(db, deps.runner),
      // A full batch goes again at once: more exports may be waiting.
      export_purge_(
          "export snapshot purge", kExportPurgeInterval, clock,
          [this](std::chrono::system_clock::time_point now) { return PurgeExportSnapshots(now); },
          RecordExportDomain::kExportPurgeBatch) {}

absl::StatusOr<int> VolunteerService::PurgeExportSnapshots(
    std::chrono::system_clock::time_point now) {
  int purged = 0;
  absl::Status status = db_.Transact({}, [&](Tx& tx) -> absl::Status {
    purged = exports_.PurgeSnapshots(tx, now);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (purged > 0) spdlog::info("forgot the snapshots of {} finished or abandoned exports", purged);
  return purged;
}

}  // namespace tongxin::volunteer
