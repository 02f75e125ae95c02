// The checks and account handling the domain areas share.
#include "services/points/domain/accounts.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::points {

absl::Status CheckVolunteerId(const std::string& volunteer_id) {
  return CheckText("volunteer_id", volunteer_id, 128);
}

absl::Status CheckStoreRegion(const std::string& field, const std::string& region_id) {
  return CheckStreetOrCommunityId(field, region_id);
}

Accounts::Accounts(LedgerRepository& ledger) : ledger_(ledger) {}

absl::StatusOr<Account> Accounts::VolunteerAccountOf(Tx& tx, const std::string& volunteer_id,
                                                     bool lock) {
  TX_ASSIGN_OR_RETURN(auto account, ledger_.FindAccount(tx, VolunteerAccount(volunteer_id), lock));
  if (account) return *account;
  Account empty;
  empty.account_id = VolunteerAccount(volunteer_id);
  empty.owner_id = volunteer_id;
  return empty;
}

absl::Status Accounts::LockVolunteer(Tx& tx, const std::string& volunteer_id) {
  return ledger_.FindAccount(tx, VolunteerAccount(volunteer_id), true).status();
}

absl::Status Accounts::EnsureRegionAccount(Tx& tx, AccountKind kind, const std::string& region_id) {
  Account account;
  account.kind = kind;
  account.owner_id = region_id;
  account.account_id =
      kind == AccountKind::kIssuing ? IssuingAccount(region_id) : StoreAccount(region_id);
  return ledger_.EnsureAccount(tx, account);
}

absl::Status Accounts::RequireSelfOrAdminOfVolunteer(Tx& tx, const Principal& caller,
                                                     const std::string& volunteer_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  if (caller.role == Role::kVolunteer || caller.role == Role::kSystem) {
    return RequireSelfOrAdminInScope(caller, volunteer_id, "");
  }
  TX_ASSIGN_OR_RETURN(Account account, VolunteerAccountOf(tx, volunteer_id));
  if (account.community_id.empty()) {
    return absl::NotFoundError("volunteer_id: no points account for this volunteer");
  }
  return RequireAdminInScope(caller, account.community_id);
}

}  // namespace tongxin::points
