// Service records, summaries and region statistics (see service_record_domain.h).
#include "services/volunteer/domain/service_record_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/service_record.h"

namespace tongxin::volunteer {

ServiceRecordDomain::ServiceRecordDomain(ServiceRecordRepository& records,
                                         VolunteerRepository& volunteers, Lookups& lookups,
                                         const Clock& clock)
    : records_(records), volunteers_(volunteers), lookups_(lookups), clock_(clock) {}

absl::StatusOr<ServiceRecord> ServiceRecordDomain::RecordService(Tx& tx, const Principal& caller,
                                                                 const ServiceEntry& in) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(in.volunteer_id));
  TX_ASSIGN_OR_RETURN(double hours, CheckServiceHours(in.hours, ZeroHours::kRefused));
  TX_RETURN_IF_ERROR(CheckDate("service_date", in.service_date, true));
  // Dates of service are civil dates in China Standard Time.
  if (in.service_date > ChinaDate(clock_.Now())) {
    return absl::InvalidArgumentError("service_date: must not be in the future");
  }
  TX_RETURN_IF_ERROR(CheckText("organiser", in.organiser, 100));
  TX_RETURN_IF_ERROR(CheckAnyRegionId("organiser_region_id", in.organiser_region_id));
  TX_RETURN_IF_ERROR(CheckText("description", in.description, 500, false));
  TX_RETURN_IF_ERROR(CheckText("source_ref", in.source_ref, 128, false));
  if (in.source == ServiceSource::kUnspecified) {
    return absl::InvalidArgumentError("source: required");
  }
  const bool from_service = RecordedByItsService(in.source);
  if (from_service && in.source_ref.empty()) {
    return absl::InvalidArgumentError("source_ref: required for post logs and wishes");
  }
  // Post logs and wishes arrive from the posts and wishes services; admins record activities
  // they organised and honour hours, inside their own scope.
  if (caller.role != Role::kSystem) {
    if (from_service) {
      return absl::PermissionDeniedError("post logs and wishes are recorded by their services");
    }
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, in.organiser_region_id));
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, in.volunteer_id));
  if (caller.role != Role::kSystem) {
    TX_RETURN_IF_ERROR(RequireAdminInScope(caller, v.community_id));
  }
  ServiceRecord record;
  record.volunteer_id = in.volunteer_id;
  record.hours = hours;
  record.service_date = in.service_date;
  record.organiser = in.organiser;
  record.organiser_region_id = in.organiser_region_id;
  record.source = in.source;
  record.source_ref = in.source_ref;
  record.description = in.description;
  record.recorded_by = caller.subject;
  TX_ASSIGN_OR_RETURN(auto recorded, records_.Record(tx, record));
  if (!recorded.inserted && recorded.record.volunteer_id != in.volunteer_id) {
    return absl::AlreadyExistsError("source_ref: already recorded for another volunteer");
  }
  return recorded.record;
}

absl::StatusOr<ServiceRecord> ServiceRecordDomain::CorrectServiceRecord(
    Tx& tx, const Principal& caller, const std::string& record_id, double hours,
    const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckUuid("record_id", record_id));
  TX_ASSIGN_OR_RETURN(double corrected_hours, CheckServiceHours(hours, ZeroHours::kAllowed));
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  TX_RETURN_IF_ERROR(RefuseVolunteers(caller));
  TX_ASSIGN_OR_RETURN(auto old, records_.Find(tx, record_id, /*lock=*/true));
  if (!old) return absl::NotFoundError("record_id: no such service record");
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, old->volunteer_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, v.community_id));
  TX_RETURN_IF_ERROR(CheckCorrectable(*old));
  ServiceRecord correction = *old;
  correction.hours = corrected_hours;
  correction.recorded_by = caller.subject;
  correction.corrects_record_id = old->record_id;
  correction.correction_reason = reason;
  return records_.Correct(tx, correction);
}

absl::StatusOr<Page<ServiceRecord>> ServiceRecordDomain::ListServiceRecords(
    Tx& tx, const Principal& caller, const std::string& volunteer_id, bool include_superseded,
    const PageRequest& page) {
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.VolunteerVisibleTo(tx, caller, volunteer_id));
  return records_.List(tx, v.volunteer_id, include_superseded, page);
}

absl::StatusOr<ServiceSummary> ServiceRecordDomain::GetServiceSummary(
    Tx& tx, const Principal& caller, const std::string& volunteer_id, const std::string& from_date,
    const std::string& to_date) {
  TX_RETURN_IF_ERROR(CheckDate("from_date", from_date, false));
  TX_RETURN_IF_ERROR(CheckDate("to_date", to_date, false));
  if (!from_date.empty() && !to_date.empty() && from_date > to_date) {
    return absl::InvalidArgumentError("to_date: must not be before from_date");
  }
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.VolunteerVisibleTo(tx, caller, volunteer_id));
  TX_ASSIGN_OR_RETURN(ServiceTotals totals,
                      records_.Totals(tx, v.volunteer_id, from_date, to_date));
  ServiceSummary summary{std::move(v), std::move(totals), 0, 0};
  summary.star_level = StarLevel(summary.totals.total_hours);
  summary.next_star_hours = HoursToNextStar(summary.totals.total_hours);
  return summary;
}

absl::StatusOr<RegionStatistics> ServiceRecordDomain::GetRegionStatistics(
    Tx& tx, const Principal& caller, const std::string& region_id, const std::string& month) {
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", region_id));
  RegionStatistics statistics;
  statistics.region_id = region_id;
  TX_ASSIGN_OR_RETURN(statistics.month, MonthOrCurrent("month", month, clock_.Now()));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, region_id));
  ChinaMonthSpan span = MonthSpanInChina(statistics.month);
  TX_ASSIGN_OR_RETURN(statistics.volunteers, volunteers_.CountInRegion(tx, region_id));
  TX_ASSIGN_OR_RETURN(statistics.service,
                      records_.HoursInRegion(tx, region_id, span.first_day, span.next_first_day));
  return statistics;
}

}  // namespace tongxin::volunteer
