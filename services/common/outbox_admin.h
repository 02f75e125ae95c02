// The outbox's dead letters for admins: tongxin.outbox.v1.OutboxAdminService, served beside its
// own service by every service with an outbox (volunteer, posts, wishes), each on its own
// database. An admin sees and retries the dead letters of the regions in their scope (the
// system: all); a volunteer nothing. The payload is never read here: it may carry personal data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/common/db.h"
#include "services/common/pagination.h"
#include "services/common/rpc_handlers.h"
#include "tongxin/outbox/v1/outbox.grpc.pb.h"

namespace tongxin {

struct DeadLetter {
  std::string event_id;
  std::string destination;
  std::string method;
  int attempts = 0;
  std::string last_error;
  TimePoint create_time;
  std::optional<TimePoint> dead_time;  // none once retried
  std::string region_id;
};

// The dead letters' statements (SQL only here).
class DeadLetterRepository {
 public:
  explicit DeadLetterRepository(Db& db);
  // Dead letters whose region starts with one of `region_prefixes` (none given: every one), by
  // the order they were written.
  Page<DeadLetter> List(Tx& tx, const std::vector<std::string>& region_prefixes,
                        const PageRequest& page) const;
  // The dead letter `event_id`, locked; none when there is no such event or it is not dead.
  std::optional<DeadLetter> FindLocked(Tx& tx, const std::string& event_id) const;
  // Due again now, attempts back to 0, no longer dead.
  DeadLetter Revive(Tx& tx, const std::string& event_id) const;
};

class OutboxAdminGrpc final : public outbox::v1::OutboxAdminService::CallbackService,
                              private RpcHandlers {
 public:
  OutboxAdminGrpc(Db& db, const RpcRunner& runner);

  Reactor* ListDeadLetters(Ctx* context, const outbox::v1::ListDeadLettersRequest* request,
                           outbox::v1::ListDeadLettersResponse* response) override;
  Reactor* RetryDeadLetter(Ctx* context, const outbox::v1::RetryDeadLetterRequest* request,
                           outbox::v1::DeadLetter* response) override;

 private:
  DeadLetterRepository dead_letters_;
};

}  // namespace tongxin
