// Reports' SQL (see report_repository.h and report_queries.h).
#include "services/volunteer/repository/report_repository.h"

#include "services/volunteer/repository/report_queries.h"

namespace tongxin::volunteer {
namespace {

CommunityReport ReportFrom(const pqxx::row& row) {
  CommunityReport r;
  r.report_id = row["report_id"].as<std::string>();
  r.volunteer_id = row["volunteer_id"].as<std::string>();
  r.volunteer_name = row["volunteer_name"].as<std::string>();
  r.party_branch = row["party_branch"].as<std::string>();
  r.community_id = row["community_id"].as<std::string>();
  r.state = static_cast<ReportState>(row["state"].as<int>());
  r.requested_by = row["requested_by"].as<std::string>();
  r.decided_by = row["decided_by"].as<std::string>();
  r.reason = row["reason"].as<std::string>();
  r.create_time = FromEpochMicros(row["create_micros"].as<long long>());
  if (!row["decide_micros"].is_null()) {
    r.decide_time = FromEpochMicros(row["decide_micros"].as<long long>());
  }
  return r;
}

}  // namespace

ReportRepository::ReportRepository(Db& db) {
  db.Register({kReportInsert, kReportGet, kReportDecide, kReportList});
  db.RegisterConstraintMessages({
      {"community_reports_one_pending",
       "volunteer_id: a report is waiting for the community's confirmation"},
      {"community_reports_community_id_fkey", "community_id: no such community"},
      {"community_reports_volunteer_id_fkey", "volunteer_id: no such volunteer"},
      {"community_reports_rejected_reason", "reason: required to reject a report"},
  });
}

absl::StatusOr<std::string> ReportRepository::Insert(Tx& tx, const std::string& volunteer_id,
                                                     const std::string& community_id,
                                                     ReportState state,
                                                     const std::string& requested_by,
                                                     const std::string& decided_by) {
  const char* decider = state == ReportState::kPending ? nullptr : decided_by.c_str();
  return Exec1(tx, kReportInsert, volunteer_id, community_id, static_cast<int>(state), requested_by,
               decider)[0]
      .as<std::string>();
}

absl::StatusOr<std::optional<CommunityReport>> ReportRepository::Find(
    Tx& tx, const std::string& report_id) {
  auto rows = Exec(tx, kReportGet, report_id);
  if (rows.empty()) return std::nullopt;
  return ReportFrom(rows[0]);
}

absl::StatusOr<bool> ReportRepository::Decide(Tx& tx, const std::string& report_id,
                                              ReportDecision decision,
                                              const std::string& decided_by,
                                              const std::string& reason) {
  const ReportTransition& transition = TransitionFor(decision);
  return !Exec(tx, kReportDecide, report_id, static_cast<int>(transition.from),
               static_cast<int>(transition.to), decided_by, reason)
              .empty();
}

absl::StatusOr<Page<CommunityReport>> ReportRepository::List(Tx& tx, const ReportFilter& filter,
                                                             const PageRequest& page) {
  auto rows = Exec(tx, kReportList, filter.region_id, static_cast<int>(filter.state),
                   page.after.empty() ? std::string("0") : page.after, page.page_size + 1,
                   filter.volunteer_id);
  return ReadPage<CommunityReport>(rows, page.page_size, ReportFrom);  // keyed by seq
}

}  // namespace tongxin::volunteer
