// ID-number look-ups and their access log (see id_lookup_domain.h).
#include "services/volunteer/domain/id_lookup_domain.h"

#include "services/common/authz.h"
#include "services/common/idempotency.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/grid_task.h"
#include "services/volunteer/domain/id_lookup.h"
#include "services/volunteer/domain/identity.h"

namespace tongxin::volunteer {

IdLookupDomain::IdLookupDomain(IdLookupRepository& log, VolunteerRepository& volunteers,
                               const PersonalDataCipher& cipher, const Clock& clock,
                               int lookups_per_hour, int integration_lookups_per_hour)
    : log_(log),
      volunteers_(volunteers),
      cipher_(cipher),
      clock_(clock),
      lookups_per_hour_(lookups_per_hour),
      integration_lookups_per_hour_(integration_lookups_per_hour) {}

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

absl::StatusOr<Volunteer> IdLookupDomain::FindReportable(Tx& tx, const Principal& caller,
                                                         const std::string& id_number) {
  IdNumberLookup entry = EntryFor(caller);
  absl::StatusOr<Volunteer> found = [&]() -> absl::StatusOr<Volunteer> {
    TX_RETURN_IF_ERROR(SpendBudget(tx, caller, entry, "id_number"));
    absl::StatusOr<ResidentId> id = ParseResidentId(id_number, ChinaDate(entry.lookup_time));
    if (!id.ok()) return Logged(tx, entry, IdLookupResult::kInvalidArgument, id.status());
    TX_ASSIGN_OR_RETURN(auto hit, volunteers_.FindByIdNumberIndex(
                                      tx, cipher_.BlindIndex("id_number", id->normalized)));
    if (!hit) return Logged(tx, entry, IdLookupResult::kNotFound, IdNumberNotFound());
    entry.volunteer_id = hit->volunteer_id;
    entry.community_id = hit->community_id;
    // Not active is answered as nobody: FAILED_PRECONDITION would tell that the number is
    // registered in the caller's regions.
    if (!GridTaskReportableBy(caller, *hit) || hit->status != VolunteerStatus::kActive) {
      return Logged(tx, entry, IdLookupResult::kOutOfScope, IdNumberNotFound());
    }
    TX_RETURN_IF_ERROR(Logged(tx, entry, IdLookupResult::kFound, absl::OkStatus()));
    return *hit;
  }();
  if (!found.ok()) return RefusalWithRecord(found.status());
  return found;
}

absl::StatusOr<bool> IdLookupDomain::IsIdNumberOf(Tx& tx, const std::string& id_number,
                                                  const std::string& volunteer_id) {
  TX_ASSIGN_OR_RETURN(ResidentId id, ParseResidentId(id_number, ChinaDate(clock_.Now())));
  TX_ASSIGN_OR_RETURN(auto hit, volunteers_.FindByIdNumberIndex(
                                    tx, cipher_.BlindIndex("id_number", id.normalized)));
  return hit && hit->volunteer_id == volunteer_id;
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
  const int limit = caller.role == Role::kIntegration
                        ? integration_lookups_per_hour_
                        : InUseAnswersBudget(caller, lookups_per_hour_);
  absl::Status budget = CheckIdLookupBudget(made, limit, field);
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
