// The volunteer service's gRPC layer: its construction. The RPC bodies are in
// volunteer_grpc_<area>.cc, the conversions in mapping.cc.
#include "services/volunteer/grpc/volunteer_grpc.h"

namespace tongxin::volunteer {

VolunteerGrpc::VolunteerGrpc(const VolunteerDomains& domains, Db& db, const RpcRunner& runner,
                             const PersonalDataCipher& cipher)
    : RpcHandlers(db, runner, &cipher),
      hierarchy_(domains.hierarchy),
      registration_(domains.registration),
      teams_(domains.teams),
      records_(domains.records) {}

}  // namespace tongxin::volunteer
