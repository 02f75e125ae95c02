// What the posts domain tells other services, as a port it owns: the domain says what happened
// inside its transaction; events.cc (OutboxPostEvents) turns that into outbox events. So the
// domain knows neither the outbox nor the other services' request messages.
#pragma once

#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// An approved log with what its effects need to say: the adoption (who, party member) and the
// post (its type and title, the organiser).
struct ApprovedLog {
  ServiceLog log;
  Adoption adoption;
  Post post;
};

class PostEvents {
 public:
  virtual ~PostEvents() = default;
  // A volunteer's service log was approved in `tx`: its hours and points are due, exactly once.
  virtual void LogApproved(Tx& tx, const ApprovedLog& approved) = 0;
};

}  // namespace tongxin::posts
