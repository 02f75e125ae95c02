// tongxin-volunteer: wiring only. Settings: see services/common/bootstrap.h and README.md.
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
  TX_RETURN_IF_ERROR(runtime->Open());
  auto volunteer = VolunteerService::Create(runtime->db(), runtime->clock(),
                                            VolunteerDeps{runtime->runner(), cipher});
  return runtime->Serve(*volunteer->service());
}

}  // namespace

int main(int argc, char** argv) { return tongxin::ServiceMain("volunteer", argc, argv, Run); }
