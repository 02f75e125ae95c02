// Party members' reports to communities (see report_domain.h).
#include "services/volunteer/domain/report_domain.h"

#include "services/common/authz.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/volunteer_status.h"

namespace tongxin::volunteer {

ReportDomain::ReportDomain(ReportRepository& reports, VolunteerRepository& volunteers,
                           Lookups& lookups)
    : reports_(reports), volunteers_(volunteers), lookups_(lookups) {}

absl::Status ReportDomain::CheckMayReport(const Volunteer& v) {
  if (v.political_status != PoliticalStatus::kPartyMember) {
    return absl::FailedPreconditionError("volunteer_id: only party members report to a community");
  }
  TX_RETURN_IF_ERROR(RequireActive(v.status));
  if (!v.reported_community_id.empty()) {
    return absl::AlreadyExistsError("volunteer_id: the party member has already reported");
  }
  return absl::OkStatus();
}

absl::StatusOr<Volunteer> ReportDomain::Report(Tx& tx, const Principal& caller,
                                               const std::string& volunteer_id,
                                               const std::string& community_id) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  TX_RETURN_IF_ERROR(CheckRegionId("community_id", community_id, kCommunityIdLength));
  TX_RETURN_IF_ERROR(RequireSelfIfVolunteer(caller, volunteer_id));
  const bool at_once = ReportConfirmedAtOnce(caller);
  // Reporting someone else: the admin holds the community reported to...
  if (at_once) TX_RETURN_IF_ERROR(RequireAdminInScope(caller, community_id));
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, volunteer_id, /*lock=*/true));
  // ... and the volunteer's home community, whatever the community reported to.
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, v.volunteer_id, v.community_id));
  TX_RETURN_IF_ERROR(lookups_.RequireCommunity(tx, community_id));
  TX_RETURN_IF_ERROR(CheckMayReport(v));
  if (!at_once) {
    if (!v.pending_report_id.empty()) {
      return absl::AlreadyExistsError(
          "volunteer_id: a report is waiting for the community's confirmation");
    }
    TX_RETURN_IF_ERROR(
        reports_.Insert(tx, volunteer_id, community_id, ReportState::kPending, caller.subject, "")
            .status());
  } else if (v.pending_report_id.empty()) {
    TX_RETURN_IF_ERROR(reports_
                           .Insert(tx, volunteer_id, community_id, ReportState::kConfirmed,
                                   caller.subject, caller.subject)
                           .status());
  } else if (v.pending_report_community_id == community_id) {
    // The party member asked for this already: reporting them confirms their request.
    TX_ASSIGN_OR_RETURN(
        bool decided,
        reports_.Decide(tx, v.pending_report_id, ReportDecision::kConfirm, caller.subject, ""));
    if (!decided) return ReportNoLongerPending();
  } else {
    return absl::FailedPreconditionError(
        "volunteer_id: a report to another community is waiting for its confirmation");
  }
  if (at_once) {
    TX_ASSIGN_OR_RETURN(auto reported, volunteers_.Report(tx, volunteer_id, community_id));
    if (!reported) {
      return absl::AlreadyExistsError("volunteer_id: the party member has already reported");
    }
  }
  return lookups_.FindVolunteer(tx, volunteer_id);
}

absl::StatusOr<CommunityReport> ReportDomain::Decide(Tx& tx, const Principal& caller,
                                                     const std::string& report_id,
                                                     ReportDecision decision,
                                                     const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckUuid("report_id", report_id));
  TX_RETURN_IF_ERROR(CheckDecisionReason(decision, reason));
  TX_RETURN_IF_ERROR(RefuseVolunteers(caller));
  TX_ASSIGN_OR_RETURN(auto report, reports_.Find(tx, report_id));
  if (!report) return absl::NotFoundError("report_id: no such report");
  // The community reported to decides; the party member asked it to, so its admins need no
  // scope over where they live.
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, report->community_id));
  TX_RETURN_IF_ERROR(CheckReportTransition(report->state, decision));
  if (decision == ReportDecision::kConfirm) {
    // Locked before the report's conditional UPDATE, in the order Report takes them.
    TX_ASSIGN_OR_RETURN(Volunteer v,
                        lookups_.FindVolunteer(tx, report->volunteer_id, /*lock=*/true));
    TX_RETURN_IF_ERROR(CheckMayReport(v));
  }
  TX_ASSIGN_OR_RETURN(bool decided,
                      reports_.Decide(tx, report_id, decision, caller.subject, reason));
  // Decided meanwhile by someone else: refused the same way.
  if (!decided) return ReportNoLongerPending();
  if (decision == ReportDecision::kConfirm) {
    TX_ASSIGN_OR_RETURN(auto reported,
                        volunteers_.Report(tx, report->volunteer_id, report->community_id));
    if (!reported) {
      return absl::AlreadyExistsError("volunteer_id: the party member has already reported");
    }
  }
  TX_ASSIGN_OR_RETURN(auto decided_report, reports_.Find(tx, report_id));
  if (!decided_report) return absl::NotFoundError("report_id: no such report");
  return *decided_report;
}

absl::StatusOr<Page<CommunityReport>> ReportDomain::List(Tx& tx, const Principal& caller,
                                                         const ReportFilter& filter,
                                                         const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckNumericPageKey(page));
  if (!filter.volunteer_id.empty()) TX_RETURN_IF_ERROR(CheckVolunteerId(filter.volunteer_id));
  if (caller.role == Role::kVolunteer) {
    // A party member follows their own reports: confirmed, or rejected and why.
    if (filter.volunteer_id != caller.subject) {
      return absl::PermissionDeniedError("volunteer_id: a volunteer lists only their own reports");
    }
    if (!filter.region_id.empty()) {
      TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", filter.region_id));
    }
    return reports_.List(tx, filter, page);
  }
  TX_RETURN_IF_ERROR(CheckStreetOrCommunityId("region_id", filter.region_id));
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, filter.region_id));
  return reports_.List(tx, filter, page);
}

}  // namespace tongxin::volunteer
