// The checks and account handling the domain areas share.
#include "services/points/domain/accounts.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"

namespace tongxin::points {
namespace {

// What RequireAdminInScope says of a region out of scope.
constexpr char kOutOfScope[] = "outside the admin's scope";

}  // namespace

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
  return RequireAdminOfVolunteerHome(tx, caller, volunteer_id);
}

absl::Status Accounts::RequireAdminOfVolunteerHome(Tx& tx, const Principal& caller,
                                                   const std::string& volunteer_id) {
  if (caller.role == Role::kSystem) return absl::OkStatus();
  if (!caller.IsAdmin()) return absl::PermissionDeniedError("only an admin may do this");
  TX_ASSIGN_OR_RETURN(Account account, VolunteerAccountOf(tx, volunteer_id));
  return RequireAdminOfHome(caller, account);
}

absl::Status Accounts::RequireAdminOfHome(const Principal& caller, const Account& account) {
  if (caller.role == Role::kSystem) return absl::OkStatus();
  if (!caller.IsAdmin()) return absl::PermissionDeniedError("only an admin may do this");
  // One answer whether the volunteer is unknown here or lives out of scope, and the same words as
  // a store or region out of scope: nothing tells which, nor where the volunteer lives.
  if (account.community_id.empty()) return absl::PermissionDeniedError(kOutOfScope);
  return RequireAdminInScope(caller, account.community_id);
}

}  // namespace tongxin::points
