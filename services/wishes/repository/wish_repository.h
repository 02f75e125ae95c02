// The wish aggregate and its history. The only code that runs their SQL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db.h"
#include "services/wishes/domain/model.h"

namespace tongxin::wishes {

class WishRepository {
 public:
  explicit WishRepository(Db& db);

  absl::StatusOr<Wish> Insert(Tx& tx, const Wish& wish);
  absl::StatusOr<std::optional<Wish>> Find(Tx& tx, const std::string& wish_id, bool lock = false);
  // Writes the changeable fields of `wish` if its state is still `expected`; nullopt otherwise.
  absl::StatusOr<std::optional<Wish>> Update(Tx& tx, const Wish& wish, WishState expected);
  absl::Status AddEvent(Tx& tx, const std::string& wish_id, WishState from, WishState to,
                        const std::string& actor, const std::string& note, Time at);
  absl::StatusOr<std::vector<HistoryEntry>> History(Tx& tx, const std::string& wish_id);
  // Published wishes, oldest first.
  absl::StatusOr<Page<Wish>> Wall(Tx& tx, const std::string& region_id, Category category,
                                  const PageRequest& page);
  absl::StatusOr<Page<Wish>> List(Tx& tx, const std::string& region_id, WishState state,
                                  const std::string& claimer_id, const PageRequest& page);
  // Serialises one claimer's claims (a transaction-scoped advisory lock), so the limits are
  // counted against everything that claimer committed.
  absl::Status LockClaimer(Tx& tx, const std::string& claimer_id);
  // Wishes the claimer holds: CLAIMED or FULFILLED.
  absl::StatusOr<int> CountOpenClaims(Tx& tx, const std::string& claimer_id);
  // Releases the volunteer made of their own claims after `since`.
  absl::StatusOr<int> CountReleasesSince(Tx& tx, const std::string& volunteer_id, Time since);
  // Claims past their deadline, locked (SKIP LOCKED: replicas share the work).
  absl::StatusOr<std::vector<Wish>> ExpiredClaims(Tx& tx, Time now, int limit);
  absl::StatusOr<Statistics> Stats(Tx& tx, const std::string& region_id);
};

}  // namespace tongxin::wishes
