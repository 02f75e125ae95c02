// What the domain areas share, written once: the field checks they all make, and the ledger's
// accounts as the areas see them — a volunteer's account (empty when they never earned), a
// region's issuing or store account, the volunteer row lock every posting takes first, and who
// may see a volunteer's points or act for them (admins of their home community: the account's).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/db.h"
#include "services/points/domain/model.h"
#include "services/points/repository/ledger_repository.h"

namespace tongxin::points {

absl::Status CheckVolunteerId(const std::string& volunteer_id);
// A store (and a set of earning rules, a leaderboard, a round) belongs to a community or street.
absl::Status CheckStoreRegion(const std::string& field, const std::string& region_id);

class Accounts {
 public:
  explicit Accounts(LedgerRepository& ledger);

  // The volunteer's account; one who never earned anything has an empty one (not stored).
  absl::StatusOr<Account> VolunteerAccountOf(Tx& tx, const std::string& volunteer_id,
                                             bool lock = false);
  // Locks the volunteer's account row if it exists. Every posting that touches a volunteer locks
  // them first, so postings never deadlock with each other.
  absl::Status LockVolunteer(Tx& tx, const std::string& volunteer_id);
  // A community's issuing account or a community's or street's store account, created if missing.
  absl::Status EnsureRegionAccount(Tx& tx, AccountKind kind, const std::string& region_id);
  // The volunteer themself, the system, or an admin in scope of the volunteer's home community
  // (their account's). An admin asking about a volunteer without an account hears the same
  // refusal as one out of scope.
  absl::Status RequireSelfOrAdminOfVolunteer(Tx& tx, const Principal& caller,
                                             const std::string& volunteer_id);
  // An admin acting for a volunteer (redeeming or cancelling for them) needs scope over the
  // volunteer's home community as well as over the store: PERMISSION_DENIED otherwise, naming
  // nothing about the volunteer (the same for a volunteer without an account). The system passes.
  absl::Status RequireAdminOfVolunteerHome(Tx& tx, const Principal& caller,
                                           const std::string& volunteer_id);
  // The same for the volunteer's account already read.
  static absl::Status RequireAdminOfHome(const Principal& caller, const Account& account);

 private:
  LedgerRepository& ledger_;
};

}  // namespace tongxin::points
