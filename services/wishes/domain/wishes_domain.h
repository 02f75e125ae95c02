// The wishes service's domain logic: who may move a wish along its life (wish.h holds the life
// itself), in which order the checks run, what each person may see of the wisher, and when a
// confirmation tells other services (WishEvents). It calls the repository inside the transaction
// it is given; no SQL, no gRPC.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/clients/volunteer_directory.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/wishes/domain/model.h"
#include "services/wishes/domain/wish.h"
#include "services/wishes/domain/wish_events.h"
#include "services/wishes/repository/wish_repository.h"

namespace tongxin::wishes {

struct WishesOptions {
  int value_cap_yuan = 500;
  std::chrono::hours claim_time_limit{24 * 7};
};

struct Submission {
  std::string community_id;
  std::string grid_id;
  Category category = Category::kUnspecified;
  std::string description;
  int estimated_value = 0;
  std::string photo_url;
  std::string wisher_name;
  std::string wisher_contact;
  std::string wisher_title;  // 女士 / 先生, optional
};

class WishesDomain {
 public:
  WishesDomain(WishRepository& wishes, WishEvents& events, const PersonalDataCipher& cipher,
               const Clock& clock, WishesOptions options = {});

  absl::StatusOr<Wish> Submit(Tx& tx, const Principal& caller, const Submission& in);
  absl::StatusOr<Wish> Get(Tx& tx, const Principal& caller, const std::string& wish_id);
  absl::StatusOr<Wish> Review(Tx& tx, const Principal& caller, const std::string& wish_id,
                              bool approve, const std::string& reason);
  absl::StatusOr<Page<Wish>> Wall(Tx& tx, const Principal& caller, const std::string& region_id,
                                  Category category, const PageRequest& page);
  absl::StatusOr<Page<Wish>> List(Tx& tx, const Principal& caller, const std::string& region_id,
                                  WishState state, const std::string& claimer_id,
                                  const PageRequest& page);
  // Checks that need no database, before the volunteer service is asked.
  absl::Status CheckClaimCaller(const Principal& caller, const std::string& volunteer_id);
  absl::StatusOr<Wish> Claim(Tx& tx, const Principal& caller, const std::string& wish_id,
                             const clients::VolunteerInfo& volunteer);
  // An admin in scope claims for a co-building unit.
  absl::StatusOr<Wish> ClaimForUnit(Tx& tx, const Principal& caller, const std::string& wish_id,
                                    const std::string& unit_name);
  absl::StatusOr<Wish> Release(Tx& tx, const Principal& caller, const std::string& wish_id);
  absl::StatusOr<Wish> Fulfil(Tx& tx, const Principal& caller, const std::string& wish_id,
                              const std::string& note, const std::string& photo_url,
                              double service_hours);
  // A confirmation tells WishEvents in the same transaction (a volunteer's points and hours
  // leave exactly once; a unit's service is its own record).
  absl::StatusOr<Wish> Confirm(Tx& tx, const Principal& caller, const std::string& wish_id,
                               bool confirm, const std::string& reason);
  absl::StatusOr<Wish> Withdraw(Tx& tx, const Principal& caller, const std::string& wish_id);
  absl::StatusOr<Wish> Cancel(Tx& tx, const Principal& caller, const std::string& wish_id,
                              const std::string& reason);
  // Claims past their time limit back on the wall, at most kExpiredClaimsBatch of them.
  absl::StatusOr<int> ReleaseExpiredClaims(Tx& tx, const Principal& caller);
  static constexpr int kExpiredClaimsBatch = 500;
  absl::StatusOr<std::vector<HistoryEntry>> History(Tx& tx, const Principal& caller,
                                                    const std::string& wish_id);
  absl::StatusOr<Statistics> Stats(Tx& tx, const Principal& caller, const std::string& region_id);

 private:
  absl::StatusOr<Wish> Load(Tx& tx, const std::string& wish_id, bool lock);
  absl::StatusOr<Wish> TakeClaim(Tx& tx, const Principal& caller, const Wish& wish,
                                 const Claimer& claimer);
  // Moves `wish` (as loaded, locked) to its new values and records the transition.
  absl::StatusOr<Wish> Move(Tx& tx, const Wish& before, Wish after, const std::string& actor,
                            const std::string& note);
  // What a reader may see: the wisher's name and contact only for the claimer holding the claim,
  // the resident who submitted it and admins in scope. Mutations answer without them (their
  // answers are stored for replays); readers get them through Get and List, checked each time.
  Wish Present(const Principal& caller, Wish wish) const;

  WishRepository& wishes_;
  WishEvents& events_;
  const PersonalDataCipher& cipher_;
  const Clock& clock_;
  WishesOptions options_;
};

}  // namespace tongxin::wishes
