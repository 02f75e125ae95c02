// A service record's rules, without a database: how many hours a record may hold, which sources
// arrive from other services, its one change of life (current → superseded by exactly one
// correction) and the stars its hours earn.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/volunteer/domain/model.h"

namespace tongxin::volunteer {

// A record holds more than 0 and at most 24 hours; a correction may set 0 (the service did not
// take place). Hours are kept to two decimals: 0.25 h is a quarter of an hour, 0.001 h a typo.
enum class ZeroHours { kRefused, kAllowed };
absl::StatusOr<double> CheckServiceHours(double hours, ZeroHours zero);

// Post logs and wishes are recorded by the posts and wishes services, under their source_ref;
// activities and honour hours by admins.
bool RecordedByItsService(ServiceSource source);

// A record is current until its correction supersedes it; only a current record is corrected
// (the newest of its line), and only once: the repository's conditional UPDATE refuses a second
// supersession with the same error.
inline bool IsCurrent(const ServiceRecord& record) {
  return record.superseded_by_record_id.empty();
}
absl::Status CheckCorrectable(const ServiceRecord& record);
// FAILED_PRECONDITION "record_id: the record was already corrected; correct the newest record".
absl::Status AlreadyCorrected();

// Star level from cumulative hours of current records, honour hours included:
// 100/300/600/1000/1500 h give 1..5.
int StarLevel(double total_hours);
// Hours still needed for the next star; 0 at five stars.
double HoursToNextStar(double total_hours);

}  // namespace tongxin::volunteer
