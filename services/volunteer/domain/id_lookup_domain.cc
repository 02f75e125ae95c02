// ID-number look-ups and their access log (see id_lookup_domain.h).
#include "services/volunteer/domain/id_lookup_domain.h"

#include "services/common/authz.h"
#include "services/common/idempotency.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/id_lookup.h"
#include "services/volunteer/domain/identity.h"

namespace tongxin::volunteer {

IdLookupDomain::IdLookupDomain(IdLookupRepository& log, VolunteerRepository& volunteers,
                               const PersonalDataCipher& cipher, const Clock& clock,
                               int lookups_per_hour)
    : log_(log),
      volunteers_(volunteers),
      cipher_(cipher),
      clock_(clock),
      lookups_per_hour_(lookups_per_hour) {}

absl::Status IdLookupDomain::Logged(Tx& tx, IdNumberLookup& entry, IdLookupResult result,
                                    absl::Status answer) {
  entry.result = result;
  log_.Insert(tx, entry);
  return answer;
}

absl::StatusOr<Volunteer> IdLookupDomain::Find(Tx& tx, const Principal& caller,
                                               const std::string& id_number) {
  TX_RETURN_IF_ERROR(RefuseVolunteers(caller));
  IdNumberLookup entry = EntryFor(caller);
  TX_RETURN_IF_ERROR(SpendBudget(tx, caller, entry, "id_number"));
  absl::StatusOr<ResidentId> id = ParseResidentId(id_number, ChinaDate(entry.lookup_time));
  if (!id.ok()) return Logged(tx, entry, IdLookupResult::kInvalidArgument, id.status());
  TX_ASSIGN_OR_RETURN(auto found, volunteers_.FindByIdNumberIndex(
                                      tx, cipher_.BlindIndex("id_number", id->normalized)));
  if (!found) return Logged(tx, entry, IdLookupResult::kNotFound, IdNumberNotFound());
  entry.volunteer_id = found->volunteer_id;
  entry.community_id = found->community_id;
  if (!RequireAdminInScope(caller, found->community_id).ok()) {
    return Logged(tx, entry, IdLookupResult::kOutOfScope, IdNumberNotFound());
  }
  TX_RETURN_IF_ERROR(Logged(tx, entry, IdLookupResult::kFound, absl::OkStatus()));
  return *found;
}

absl::StatusOr<Volunteer> IdLookupDomain::FindInCallersScope(Tx& tx, const Principal& caller,
                                                             const std::string& id_number) {
  IdNumberLookup entry = EntryFor(caller);
  TX_ASSIGN_OR_RETURN(ResidentId id, ParseResidentId(id_number, ChinaDate(entry.lookup_time)));
  TX_ASSIGN_OR_RETURN(auto found, volunteers_.FindByIdNumberIndex(
                                      tx, cipher_.BlindIndex("id_number", id.normalized)));
  if (!found || !caller.InScope(found->community_id)) return IdNumberNotFound();
  entry.volunteer_id = found->volunteer_id;
  entry.community_id = found->community_id;
  TX_RETURN_IF_ERROR(Logged(tx, entry, IdLookupResult::kFound, absl::OkStatus()));
  return *found;
}

IdNumberLookup IdLookupDomain::EntryFor(const Principal& caller) const {
  IdNumberLookup entry;
  entry.caller = caller.subject;
  entry.caller_role = std::string(RoleName(caller.role));
  entry.caller_scope = caller.scope;
  entry.lookup_time = clock_.Now();
  return entry;
}

absl::Status IdLookupDomain::SpendBudget(Tx& tx, const Principal& caller, IdNumberLookup& entry,
                                         std::string_view field) {
  if (!IdLookupsLimited(caller)) return absl::OkStatus();
  // Held until the transaction ends, after this caller's answer is logged: parallel requests
  // of one caller are counted one after another.
  log_.LockCaller(tx, caller.subject);
  const int made = log_.CountSince(tx, caller.subject, entry.lookup_time - kIdLookupWindow);
  absl::Status budget =
      CheckIdLookupBudget(made, InUseAnswersBudget(caller, lookups_per_hour_), field);
  if (budget.ok()) return budget;
  return Logged(tx, entry, IdLookupResult::kRateLimited, budget);
}

absl::Status IdLookupDomain::CheckInUseBudget(Tx& tx, const Principal& caller,
                                              std::string_view field) {
  IdNumberLookup entry = EntryFor(caller);
  absl::Status budget = SpendBudget(tx, caller, entry, field);
  return budget.ok() ? budget : RefusalWithRecord(budget);
}

absl::Status IdLookupDomain::InUse(Tx& tx, const Principal& caller, IdLookupResult result,
                                   const Volunteer& hit) {
  IdNumberLookup entry = EntryFor(caller);
  entry.volunteer_id = hit.volunteer_id;
  entry.community_id = hit.community_id;
  return RefusalWithRecord(Logged(tx, entry, result, IdentifierInUse(result)));
}

absl::StatusOr<Page<IdNumberLookup>> IdLookupDomain::List(Tx& tx, const Principal& caller,
                                                          const IdLookupFilter& filter,
                                                          const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", filter.region_id));
  TX_RETURN_IF_ERROR(CheckText("caller", filter.caller, 128, /*required=*/false));
  TX_RETURN_IF_ERROR(CheckNumericPageKey(page));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, filter.region_id));
  TX_ASSIGN_OR_RETURN(Page<IdNumberLookup> entries, log_.List(tx, filter, page));
  for (auto& entry : entries.items) entry = AsSeenFromRegion(std::move(entry), filter.region_id);
  return entries;
}

}  // namespace tongxin::volunteer
