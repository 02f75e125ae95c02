// The volunteer service assembled: THE composition root. It owns the repositories, the domain
// areas and the gRPC layer; main.cc and every test stack build the service only through Create.
#pragma once

#include <memory>

#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/common/outbox_admin.h"
#include "services/common/periodic_job.h"
#include "services/common/server.h"
#include "services/volunteer/domain/certificate_domain.h"
#include "services/volunteer/domain/grid_task_domain.h"
#include "services/volunteer/domain/hierarchy_domain.h"
#include "services/volunteer/domain/id_lookup.h"
#include "services/volunteer/domain/id_lookup_domain.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/domain/record_export_domain.h"
#include "services/volunteer/domain/registration_domain.h"
#include "services/volunteer/domain/report_domain.h"
#include "services/volunteer/domain/service_record_domain.h"
#include "services/volunteer/domain/team_domain.h"
#include "services/volunteer/events.h"
#include "services/volunteer/grpc/volunteer_grpc.h"
#include "services/volunteer/repository/certificate_repository.h"
#include "services/volunteer/repository/grid_repository.h"
#include "services/volunteer/repository/grid_task_repository.h"
#include "services/volunteer/repository/id_lookup_repository.h"
#include "services/volunteer/repository/record_export_repository.h"
#include "services/volunteer/repository/report_repository.h"
#include "services/volunteer/repository/service_record_repository.h"
#include "services/volunteer/repository/team_repository.h"
#include "services/volunteer/repository/volunteer_repository.h"

namespace tongxin::volunteer {

// What the service takes from outside its database; each must outlive the service.
struct VolunteerDeps {
  const RpcRunner& runner;
  // Seals personal data, keys its blind indexes and the idempotency fingerprints.
  const PersonalDataCipher& cipher;
};

// The service's settings, read by main.cc.
struct VolunteerOptions {
  // FindVolunteerByIdNumber calls each admin may make in any hour (--id_lookups_per_hour).
  int id_lookups_per_hour = kDefaultIdLookupsPerHour;
  // The certificates' font and the public verify URL's root (--verify_url, certificate_font_file).
  CertificatePdfOptions certificate_pdf;
  // ReportGridTask look-ups by ID number each integration client may make in any hour
  // (--integration_id_lookups_per_hour).
  int integration_id_lookups_per_hour = kDefaultIntegrationIdLookupsPerHour;
  // Grid tasks credited to one volunteer per China day of completion
  // (--grid_tasks_per_volunteer_day).
  int grid_tasks_per_volunteer_day = kDefaultGridTasksPerVolunteerDay;
  // The national export's snapshot margin (--export_settle_ms) and row cap (--export_max_rows),
  // record_export_domain.h.
  RecordExportOptions exports;
};

class VolunteerService {
 public:
  static std::unique_ptr<VolunteerService> Create(Db& db, const Clock& clock,
                                                  const VolunteerDeps& deps,
                                                  VolunteerOptions options = {});
  VolunteerService(const VolunteerService&) = delete;
  VolunteerService& operator=(const VolunteerService&) = delete;

  // To add to a ServiceHost or a TestServer.
  grpc::Service* service() { return &grpc_; }
  // The outbox's dead letters for admins (tongxin.outbox.v1), served beside service().
  grpc::Service* outbox_admin() { return &outbox_admin_; }

  HierarchyDomain& hierarchy() { return hierarchy_; }
  RegistrationDomain& registration() { return registration_; }
  ReportDomain& reports() { return reports_; }
  IdLookupDomain& id_lookups() { return id_lookups_; }
  TeamDomain& teams() { return teams_; }
  ServiceRecordDomain& records() { return records_; }
  GridTaskDomain& grid_tasks() { return grid_tasks_; }
  CertificateDomain& certificates() { return certificates_; }
  RecordExportDomain& exports() { return exports_; }
  // Forgets the snapshots of exports whose page tokens have all expired: main starts it,
  // tests call RunOnce with their clock.
  PeriodicJob& export_purge() { return export_purge_; }

 private:
  VolunteerService(Db& db, const Clock& clock, const VolunteerDeps& deps, VolunteerOptions options);
  absl::StatusOr<int> PurgeExportSnapshots(std::chrono::system_clock::time_point now);

  // Declaration order is construction order: repositories, then what reads them.
  Db& db_;
  GridRepository grid_repository_;
  VolunteerRepository volunteer_repository_;
  TeamRepository team_repository_;
  ServiceRecordRepository record_repository_;
  ReportRepository report_repository_;
  IdLookupRepository id_lookup_repository_;
  GridTaskRepository grid_task_repository_;
  OutboxGridTaskEvents grid_task_events_;         // a reported task's points (points.Award)
  OutboxRegistrationEvents registration_events_;  // an approval, told to the notifications
  CertificateRepository certificate_repository_;
  RecordExportRepository export_repository_;
  Lookups lookups_;
  HierarchyDomain hierarchy_;
  IdLookupDomain id_lookups_;
  RegistrationDomain registration_;
  ReportDomain reports_;
  TeamDomain teams_;
  ServiceRecordDomain records_;
  GridTaskDomain grid_tasks_;
  CertificateDomain certificates_;
  RecordExportDomain exports_;
  VolunteerGrpc grpc_;
  OutboxAdminGrpc outbox_admin_;
  PeriodicJob export_purge_;  // last: its thread stops before the members above go
};

}  // namespace tongxin::volunteer
