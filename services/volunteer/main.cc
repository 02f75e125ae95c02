// tongxin-volunteer: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// id_lookups_per_hour (30): FindVolunteerByIdNumber calls per admin and hour; export_settle_ms
// (10000): the national export's snapshot margin; export_max_rows (50000): more rows in one
// export are refused at its first page (record_export_domain.h).
#include "services/common/bootstrap.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/volunteer/volunteer_service.h"

namespace {

absl::Status Run(int argc, char** argv) {
  using namespace tongxin;
  using namespace tongxin::volunteer;
  TX_ASSIGN_OR_RETURN(auto runtime,
                      ServiceRuntime::Load("volunteer", argc, argv, "127.0.0.1:50051"));
  TX_ASSIGN_OR_RETURN(PersonalDataCipher cipher, runtime->Cipher());
  VolunteerOptions options;
  TX_ASSIGN_OR_RETURN(options.id_lookups_per_hour,
                      runtime->config().Int("id_lookups_per_hour", kDefaultIdLookupsPerHour));
  if (options.id_lookups_per_hour < 1) {
    return absl::InvalidArgumentError("id_lookups_per_hour: must be at least 1");
  }
  TX_ASSIGN_OR_RETURN(
      int export_settle_ms,
      runtime->config().Int("export_settle_ms", static_cast<int>(options.exports.settle.count())));
  if (export_settle_ms < 0)
    return absl::InvalidArgumentError("export_settle_ms: must not be negative");
  options.exports.settle = std::chrono::milliseconds(export_settle_ms);
  TX_ASSIGN_OR_RETURN(options.exports.max_rows,
                      runtime->config().Int("export_max_rows", options.exports.max_rows));
  if (options.exports.max_rows < 1) {
    return absl::InvalidArgumentError("export_max_rows: must be at least 1");
  }
  TX_RETURN_IF_ERROR(runtime->Open());
  auto volunteer = VolunteerService::Create(runtime->db(), runtime->clock(),
                                            VolunteerDeps{runtime->runner(), cipher}, options);
  volunteer->export_purge().CountRunsIn(runtime->metrics());
  volunteer->export_purge().Start();
  return runtime->Serve({volunteer->service(), volunteer->outbox_admin()},
                        [&] { volunteer->export_purge().Stop(); });
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("volunteer", argc, argv, Run); }
