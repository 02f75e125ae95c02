// The wishes service's domain logic: who may move a wish along its life (wish.h holds the life
// itself), in which order the checks run, the limits on one volunteer's claims, what each person
// may see of the wisher (wisher_access.h) and the log of every showing, and when a confirmation
// tells other services (WishEvents). It calls the repositories inside the transaction it is
// given; no SQL, no gRPC.
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
#include "services/wishes/repository/access_log_repository.h"
#include "services/wishes/repository/wish_repository.h"

namespace tongxin::wishes {

struct WishesOptions {
  int value_cap_yuan = 500;
  std::chrono::hours claim_time_limit{24 * 7};
  // Claimed or fulfilled wishes one volunteer may hold (--max_open_claims).
  int max_open_claims = 3;
  // A volunteer's own releases within a day after which they claim nothing until the first is a
  // day old (--max_claim_releases_per_day).
  int max_claim_releases_per_day = 3;
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
  WishesDomain(WishRepository& wishes, AccessLogRepository& access_log, WishEvents& events,
               const PersonalDataCipher& cipher, const Clock& clock, WishesOptions options = {});

  // Every answer to a change is presented for its caller (Present): never the wisher's name or
  // contact (the answers are stored for replays), the submitter's account only for those who
  // may see it.
  absl::StatusOr<Wish> Submit(Tx& tx, const Principal& caller, const Submission& in);
  // The one read that shows the wisher's name and contact, to those entitled (WisherAccess),
  // each time written to the access log in the same transaction.
  absl::StatusOr<Wish> Get(Tx& tx, const Principal& caller, const std::string& wish_id);
  absl::StatusOr<Wish> Review(Tx& tx, const Principal& caller, const std::string& wish_id,
                              bool approve, const std::string& reason);
  absl::StatusOr<Page<Wish>> Wall(Tx& tx, const Principal& caller, const std::string& region_id,
                                  Category category, const PageRequest& page);
  // Lists show no wisher's name or contact (GetWish does, logged).
  absl::StatusOr<Page<Wish>> List(Tx& tx, const Principal& caller, const std::string& region_id,
                                  WishState state, const std::string& claimer_id,
                                  const PageRequest& page);
  // Checks that need no database, before the volunteer service is asked.
  absl::Status CheckClaimCaller(const Principal& caller, const std::string& volunteer_id);
  // A volunteer claims for themself, an admin for a volunteer of their scope; one claimer's
  // claims queue (advisory lock), then the open claims and their recent releases are counted.
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
  // The showings of wishers' names and contacts in `region_id`, newest first (admins in scope).
  absl::StatusOr<Page<AccessEntry>> AccessLog(Tx& tx, const Principal& caller,
                                              const std::string& region_id,
                                              const std::string& wish_id,
                                              const std::string& reader_id,
                                              const PageRequest& page);

 private:
  absl::StatusOr<Wish> Load(Tx& tx, const std::string& wish_id, bool lock);
  absl::StatusOr<Wish> TakeClaim(Tx& tx, const Principal& caller, const Wish& wish,
                                 const Claimer& claimer);
  // Moves `wish` (as loaded, locked) to its new values and records the transition at `at`: the
  // instant the transition used (a claim's time on the wish is its event's).
  absl::StatusOr<Wish> Move(Tx& tx, const Wish& before, Wish after, const std::string& actor,
                            const std::string& note, Time at);
  // What `caller` may see of the wish's people in an answer: never the wisher's name or contact,
  // the submitter's account only if SeesSubmitter.
  Wish Present(const Principal& caller, Wish wish) const;

  WishRepository& wishes_;
  AccessLogRepository& access_log_;
  WishEvents& events_;
  const PersonalDataCipher& cipher_;
  const Clock& clock_;
  WishesOptions options_;
};

}  // namespace tongxin::wishes
