// The broadcasts' fan-out: one page of one broadcast's audience per run. Claim the oldest
// broadcast fanning out (a short transaction, leased so that other replicas' runs skip it), ask
// the volunteer service for the page after its stored token (no transaction open meanwhile),
// then deliver it (one transaction: the token moves on and the page's messages are inserted in
// bulk, UNIQUE per recipient and event). A run that dies anywhere leaves the token where the last
// committed page put it; the next run (here or on another replica, once the lease ends) asks for
// the same page again, and messages already made are not made twice. Owned by the composition
// root as a PeriodicJob (a page handled: again at once); tests call RunOnce.
#pragma once

#include <chrono>

#include "absl/status/statusor.h"
#include "services/clients/volunteer_audience.h"
#include "services/common/db.h"
#include "services/notifications/domain/broadcasts_domain.h"

namespace tongxin::notifications {

class BroadcastFanOut {
 public:
  // `audience` null: the service has no volunteer service to ask (a test stack of other
  // areas); every run then fails FAILED_PRECONDITION and nothing is fanned out.
  BroadcastFanOut(Db& db, BroadcastsDomain& domain, const clients::VolunteerAudience* audience,
                  FanOutOptions options);

  // One page of the oldest broadcast fanning out: 1 when a page was handled, 0 when none waits.
  absl::StatusOr<int> RunOnce();

 private:
  Db& db_;
  BroadcastsDomain& domain_;
  const clients::VolunteerAudience* audience_;
  FanOutOptions options_;
};

}  // namespace tongxin::notifications
