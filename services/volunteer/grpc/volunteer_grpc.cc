// The volunteer service's gRPC layer: its construction and the frame of logged reads. The RPC
// bodies are in volunteer_grpc_<area>.cc, the conversions in mapping.cc.
#include "services/volunteer/grpc/volunteer_grpc.h"

namespace tongxin::volunteer {

VolunteerGrpc::VolunteerGrpc(const VolunteerDomains& domains, Db& db, const RpcRunner& runner,
                             const PersonalDataCipher& cipher)
    : RpcHandlers(db, runner, &cipher, pb::VolunteerService::service_full_name()),
      runner_for_logged_(runner),
      hierarchy_(domains.hierarchy),
      registration_(domains.registration),
      reports_(domains.reports),
      id_lookups_(domains.id_lookups),
      teams_(domains.teams),
      records_(domains.records),
      grid_tasks_(domains.grid_tasks),
      certificates_(domains.certificates),
      exports_(domains.exports) {}

VolunteerGrpc::Reactor* VolunteerGrpc::Logged(
    Ctx* context, const char* method, std::function<absl::Status(const CallContext&, Tx&)> work) {
  return runner_for_logged_.Run(context, method, "",
                                [this, work = std::move(work)](const CallContext& call) {
                                  absl::Status answer;
                                  // The transaction commits the log row even when the answer is an
                                  // error; it is retried whole on a serialization failure, so
                                  // `work` starts from scratch each time.
                                  absl::Status committed = db_.Transact(call.tx(), [&](Tx& tx) {
                                    answer = work(call, tx);
                                    return absl::OkStatus();
                                  });
                                  return committed.ok() ? answer : committed;
                                });
}

}  // namespace tongxin::volunteer
