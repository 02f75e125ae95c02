// Finding a volunteer by the full resident ID number, and the access log of every such
// look-up (id_lookup.h has the rules). Knows neither SQL nor gRPC.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/crypto.h"
#include "services/common/db.h"
#include "services/volunteer/domain/id_lookup.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/id_lookup_repository.h"
#include "services/volunteer/repository/volunteer_repository.h"

namespace tongxin::volunteer {

class IdLookupDomain {
 public:
  // `lookups_per_hour`: each admin's budget; `integration_lookups_per_hour`: each integration
  // client's (ReportGridTask by ID number). The system role is not counted.
  IdLookupDomain(IdLookupRepository& log, VolunteerRepository& volunteers,
                 const PersonalDataCipher& cipher, const Clock& clock, int lookups_per_hour,
                 int integration_lookups_per_hour = kDefaultIntegrationIdLookupsPerHour);

  // Writes the look-up's access-log row in `tx` whatever it answers (volunteers, refused by
  // role, look up nothing): the caller commits `tx` even when the answer is an error.
  absl::StatusOr<Volunteer> Find(Tx& tx, const Principal& caller, const std::string& id_number);
  // For a report by an outside system (ReportGridTask): the active volunteer with `id_number`
  // whom the caller may report (GridTaskReportableBy). Counted against the caller's budget and
  // logged in `tx` whatever it answers, like Find; every refusal is a RefusalWithRecord, so `tx`
  // commits its row. Nobody, somebody out of scope and somebody not active are the same
  // NOT_FOUND naming id_number (logged as kNotFound, kOutOfScope, kOutOfScope): the answer tells
  // the client nothing about who is registered. A malformed number is INVALID_ARGUMENT.
  absl::StatusOr<Volunteer> FindReportable(Tx& tx, const Principal& caller,
                                           const std::string& id_number);
  // Whether `id_number` is the ID number of `volunteer_id`: a repeat report compared with the
  // first. It tells the client only whether it names whom it named before, so it is neither
  // logged nor counted. A malformed number is INVALID_ARGUMENT.
  absl::StatusOr<bool> IsIdNumberOf(Tx& tx, const std::string& id_number,
                                    const std::string& volunteer_id);
  absl::StatusOr<Page<IdNumberLookup>> List(Tx& tx, const Principal& caller,
                                            const IdLookupFilter& filter, const PageRequest& page);

  // Before a registration or phone change may answer that `field` is in use: the caller's
  // budget of such answers (id_lookup.h). Holds the caller's lock until `tx` ends; a refusal is
  // logged in `tx` and returned as a RefusalWithRecord, so `tx` commits its row.
  absl::Status CheckInUseBudget(Tx& tx, const Principal& caller, std::string_view field);
  // ALREADY_EXISTS for `field` in use by `hit`, logged in `tx` (a RefusalWithRecord).
  absl::Status InUse(Tx& tx, const Principal& caller, IdLookupResult result, const Volunteer& hit);

 private:
  IdNumberLookup EntryFor(const Principal& caller) const;
  // The caller's budget of look-ups in the window (id_lookup.h), under the caller's lock until
  // `tx` ends; a refusal is RESOURCE_EXHAUSTED naming `field`, with `entry` logged.
  absl::Status SpendBudget(Tx& tx, const Principal& caller, IdNumberLookup& entry,
                           std::string_view field);
  // The answer to `entry`'s look-up, once its row is written.
  absl::Status Logged(Tx& tx, IdNumberLookup& entry, IdLookupResult result, absl::Status answer);

  IdLookupRepository& log_;
  VolunteerRepository& volunteers_;
  const PersonalDataCipher& cipher_;
  const Clock& clock_;
  int lookups_per_hour_;
  int integration_lookups_per_hour_;
};

}  // namespace tongxin::volunteer
