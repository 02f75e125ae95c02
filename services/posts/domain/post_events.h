// What the posts domain tells other services, as a port it owns: the domain says what happened
// inside its transaction; events.cc (OutboxPostEvents) turns that into outbox events. So the
// domain knows neither the outbox nor the other services' request messages.
#pragma once

#include "services/common/db.h"
#include "services/posts/domain/model.h"

namespace tongxin::posts {

// A reviewed log with what its effects need to say: the adoption (who, party member) and the
// post (its type and title, the organiser).
struct ReviewedLog {
  ServiceLog log;
  Adoption adoption;
  Post post;
};
using ApprovedLog = ReviewedLog;

class PostEvents {
 public:
  virtual ~PostEvents() = default;
  // A service log was approved in `tx`: the adopter is told, and for a volunteer (`earns`) its
  // hours and points are due, exactly once (a unit's service is its own record).
  virtual void LogApproved(Tx& tx, const ReviewedLog& approved, bool earns) = 0;
  // A service log was rejected in `tx` (the reason is in the log): the adopter is told.
  virtual void LogRejected(Tx& tx, const ReviewedLog& rejected) = 0;
  // An adoption ended in `tx` (withdrawn by its adopter or an admin): the adopter is told.
  virtual void AdoptionEnded(Tx& tx, const Adoption& adoption, const Post& post) = 0;
};

}  // namespace tongxin::posts
