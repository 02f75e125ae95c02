// tongxin-volunteer: wiring only. Settings: see services/common/bootstrap.h and README.md; also
// id_lookups_per_hour (30): FindVolunteerByIdNumber calls per admin and hour; verify_url
// ($TONGXIN_VERIFY_URL): the public site's root that certificates' QR codes point at, required
// outside a development run (which defaults to http://127.0.0.1:8080, scripts/up's gateway);
// certificate_font_file and certificate_font_index: a CJK TrueType font (Debian's
// fonts-wqy-zenhei), tried once at start-up (the service refuses to start when it cannot render).
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
  TX_ASSIGN_OR_RETURN(bool development, IsDevelopmentRun(runtime->config()));
  options.certificate_pdf.verify_url_base = runtime->config().String(
      "verify_url", development ? std::string_view(kDevelopmentVerifyUrl) : std::string_view());
  TX_RETURN_IF_ERROR(CheckVerifyUrl(options.certificate_pdf.verify_url_base));
  options.certificate_pdf.font_file =
      runtime->config().String("certificate_font_file", kDefaultCertificateFont);
  TX_ASSIGN_OR_RETURN(options.certificate_pdf.font_index,
                      runtime->config().Int("certificate_font_index", 0));
  // A font that cannot render stops the service now, not at the first download.
  TX_RETURN_IF_ERROR(CheckCertificateFont(options.certificate_pdf));
  TX_RETURN_IF_ERROR(runtime->Open());
  auto volunteer = VolunteerService::Create(runtime->db(), runtime->clock(),
                                            VolunteerDeps{runtime->runner(), cipher}, options);
  return runtime->Serve({volunteer->service(), volunteer->outbox_admin()});
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("volunteer", argc, argv, Run); }
