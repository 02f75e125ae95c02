// A party member's report to a community (到社区报到): the party member asks, an admin in scope
// of the community (or the system) confirms or rejects; an admin in scope of both the community
// and the volunteer's home community (or the system) reporting someone confirms at once. Only a
// confirmed report sets the volunteer's reported_community_id, which the posts service reads
// for its adoption check. Knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/db.h"
#include "services/volunteer/domain/community_report.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/domain/model.h"
#include "services/volunteer/repository/report_repository.h"
#include "services/volunteer/repository/volunteer_repository.h"

namespace tongxin::volunteer {

class ReportDomain {
 public:
  ReportDomain(ReportRepository& reports, VolunteerRepository& volunteers, Lookups& lookups);

  // The volunteer with their pending report, or reported when confirmed at once.
  absl::StatusOr<Volunteer> Report(Tx& tx, const Principal& caller, const std::string& volunteer_id,
                                   const std::string& community_id);
  absl::StatusOr<CommunityReport> Decide(Tx& tx, const Principal& caller,
                                         const std::string& report_id, ReportDecision decision,
                                         const std::string& reason);
  absl::StatusOr<Page<CommunityReport>> List(Tx& tx, const Principal& caller,
                                             const ReportFilter& filter, const PageRequest& page);

 private:
  // The party member may report: a party member, active, not reported yet.
  static absl::Status CheckMayReport(const Volunteer& v);

  ReportRepository& reports_;
  VolunteerRepository& volunteers_;
  Lookups& lookups_;
};

}  // namespace tongxin::volunteer
