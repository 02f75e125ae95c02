// tongxin-volunteer: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// id_lookups_per_hour (30): FindVolunteerByIdNumber calls per admin and hour;
// integration_id_lookups_per_hour (1000): ReportGridTask look-ups by ID number per integration
// client and hour; grid_tasks_per_volunteer_day (20): grid tasks credited to a volunteer per China
// day; points_target (127.0.0.1:50054): where the outbox sends a reported grid task's points;
// notifications_target (127.0.0.1:50056): where it tells of approved registrations;
// verify_url ($TONGXIN_VERIFY_URL): the public site's root that certificates' QR codes point at,
// required outside a development run (which defaults to http://127.0.0.1:8080, scripts/up's
// gateway); certificate_font_file and certificate_font_index: a CJK TrueType font (Debian's
// fonts-wqy-zenhei), tried once at start-up (the service refuses to start when it cannot
// render); export_settle_ms (10000): the national export's snapshot margin;
// export_max_rows (50000): more rows in one export are refused at its first page
// (record_export_domain.h).
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/bootstrap.h"
#include "services/common/outbox.h"
#include "services/common/service_runtime.h"
#include "services/common/status.h"
#include "services/volunteer/volunteer_service.h"
#include "tongxin/notifications/v1/notifications.grpc.pb.h"

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
  TX_ASSIGN_OR_RETURN(options.integration_id_lookups_per_hour,
                      runtime->config().Int("integration_id_lookups_per_hour",
                                            kDefaultIntegrationIdLookupsPerHour));
  TX_ASSIGN_OR_RETURN(
      options.grid_tasks_per_volunteer_day,
      runtime->config().Int("grid_tasks_per_volunteer_day", kDefaultGridTasksPerVolunteerDay));
  if (options.id_lookups_per_hour < 1 || options.integration_id_lookups_per_hour < 1 ||
      options.grid_tasks_per_volunteer_day < 1) {
    return absl::InvalidArgumentError(
        "id_lookups_per_hour, integration_id_lookups_per_hour and grid_tasks_per_volunteer_day: "
        "must be at least 1");
  }
  const std::string points_target = runtime->config().String("points_target", "127.0.0.1:50054");
  const std::string notifications_target =
      runtime->config().String("notifications_target", "127.0.0.1:50056");
  // The outbox's relay signs its calls as this service: with ES256 that needs
  // jwt_signing_key_file (and the points service listing its public key). Without a relay
  // reported grid tasks' points would never be paid and the outbox's backlog never exported, so
  // only a development run may start without one.
  TX_ASSIGN_OR_RETURN(const bool development, IsDevelopmentRun(runtime->config()));
  options.certificate_pdf.verify_url_base = runtime->config().String(
      "verify_url", development ? std::string_view(kDevelopmentVerifyUrl) : std::string_view());
  TX_RETURN_IF_ERROR(CheckVerifyUrl(options.certificate_pdf.verify_url_base));
  options.certificate_pdf.font_file =
      runtime->config().String("certificate_font_file", kDefaultCertificateFont);
  TX_ASSIGN_OR_RETURN(options.certificate_pdf.font_index,
                      runtime->config().Int("certificate_font_index", 0));
  const bool relays = runtime->SystemTokens().ok();
  if (!relays && !development) {
    return absl::FailedPreconditionError(absl::StrCat(
        runtime->SystemTokens().status().message(),
        " (the volunteer service's outbox pays reported grid tasks' points; only a --development "
        "run may start without it)"));
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
  // A font that cannot render stops the service now, not at the first download.
  TX_RETURN_IF_ERROR(CheckCertificateFont(options.certificate_pdf));
  TX_RETURN_IF_ERROR(runtime->Open());
  if (relays) {
    auto points = grpc::CreateChannel(points_target, grpc::InsecureChannelCredentials());
    auto notifications =
        grpc::CreateChannel(notifications_target, grpc::InsecureChannelCredentials());
    TX_RETURN_IF_ERROR(
        runtime
            ->StartOutboxRelay(
                {{DestinationOf<points::v1::PointsService>(), points},
                 {DestinationOf<notifications::v1::NotificationsService>(), notifications}})
            .status());
  } else {
    spdlog::warn(
        "no jwt_signing_key_file (a --development run): grid tasks' points wait in the outbox "
        "until the volunteer service can sign its calls to the points service");
  }
  auto volunteer = VolunteerService::Create(runtime->db(), runtime->clock(),
                                            VolunteerDeps{runtime->runner(), cipher}, options);
  volunteer->export_purge().CountRunsIn(runtime->metrics());
  volunteer->export_purge().Start();
  return runtime->Serve({volunteer->service(), volunteer->outbox_admin()},
                        [&] { volunteer->export_purge().Stop(); });
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("volunteer", argc, argv, Run); }
