// The volunteer service's requests against its database: each account that registered itself
// is there once if its request was answered, at most once if the answer never came, never if it
// was refused (an ID number registered already always is); an admitted volunteer is active and
// one never admitted still pending; each report is there as often as the history allows, a
// confirmed one confirmed, and a volunteer counts as reported exactly when a report of theirs is.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/audit/checks.h"

namespace tongxin::audit {
namespace {

using ReadOnly =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

// Volunteer status and report state numbers (the protos' and migrations' own).
constexpr int kPending = 1, kActive = 2, kReportConfirmed = 2, kReportRejected = 3;

struct AccountRow {
  int status = 0;
  std::string reported_community;
};

}  // namespace

long long Checker::VolunteerModel(pqxx::connection& volunteer, const std::vector<Record>& history) {
  long long before = facts_;
  std::map<std::string, AccountRow> accounts;
  std::map<std::string, std::map<std::string, int>> reports_of;  // volunteer → report → state
  ReadOnly tx(volunteer);
  for (const auto& row : tx.exec_params(
           "SELECT volunteer_id, status, coalesce(reported_community_id, '') FROM volunteers "
           "WHERE community_id = $1",
           world_.community)) {
    accounts[row[0].as<std::string>()] = {row[1].as<int>(), row[2].as<std::string>()};
  }
  for (const auto& row :
       tx.exec_params("SELECT volunteer_id, report_id::text, state FROM community_reports WHERE "
                      "community_id = $1",
                      world_.community)) {
    reports_of[row[0].as<std::string>()][row[1].as<std::string>()] = row[2].as<int>();
  }
  tx.commit();

  std::map<std::string, Tally> registrations, admissions, reports;
  std::map<std::string, std::string> confirmed;  // report → volunteer, confirmations answered
  std::set<std::string> confirmations_sent;      // volunteers with a confirmation ok or unknown
  for (const auto& r : history) {
    // A duplicate is never registered, whatever its answer: counted as refused.
    if (r.op == Op::kRegister) {
      registrations[r.volunteer_id].Add(r.duplicate ? Outcome::kFailed : r.outcome);
    }
    if (r.op == Op::kApproveVolunteer) admissions[r.volunteer_id].Add(r.outcome);
    if (r.op == Op::kReport) reports[r.volunteer_id].Add(r.outcome);
    if (r.op == Op::kConfirmReport && r.outcome == Outcome::kOk) {
      confirmed[r.report_id] = r.volunteer_id;
    }
    if (r.op == Op::kConfirmReport && r.outcome != Outcome::kFailed) {
      confirmations_sent.insert(r.volunteer_id);
    }
  }
  for (const auto& [account, tally] : registrations) {
    Bounded("registrations of account " + account, tally, accounts.count(account));
  }
  for (const auto& [account, tally] : admissions) {
    ++facts_;
    auto it = accounts.find(account);
    const int status = it == accounts.end() ? 0 : it->second.status;
    const bool fits = tally.ok > 0 ? status == kActive
                                   : status == kPending || (tally.unknown > 0 && status == kActive);
    if (!fits) {
      Fail(absl::StrCat("volunteer ", account, " is in status ", status, " after admissions ok ",
                        tally.ok, ", unknown ", tally.unknown, ", failed ", tally.failed));
    }
  }
  // Accounts registered in the run and never admitted are still pending.
  for (const auto& [account, tally] : registrations) {
    auto it = accounts.find(account);
    if (it == accounts.end() || admissions.count(account)) continue;
    ++facts_;
    if (it->second.status != kPending) {
      Fail(absl::StrCat("volunteer ", account, " was never admitted but is in status ",
                        it->second.status));
    }
  }
  for (const auto& [account, tally] : reports) {
    auto it = reports_of.find(account);
    Bounded("reports of volunteer " + account, tally,
            it == reports_of.end() ? 0 : static_cast<long long>(it->second.size()));
  }
  for (const auto& [report, account] : confirmed) {
    ++facts_;
    auto it = reports_of[account].find(report);
    if (it == reports_of[account].end() || it->second != kReportConfirmed) {
      Fail(absl::StrCat("report ", report, " of ", account, " was confirmed but is not"));
    }
  }
  // No report was decided that no request decided: confirmed only after a confirmation was
  // sent, never rejected (the workload rejects none).
  for (const auto& [account, states] : reports_of) {
    if (!registrations.count(account)) continue;
    for (const auto& [report, state] : states) {
      ++facts_;
      if ((state == kReportConfirmed && !confirmations_sent.count(account)) ||
          state == kReportRejected) {
        Fail(absl::StrCat("report ", report, " of ", account, " is in state ", state,
                          " though no request decided it so"));
      }
    }
  }
  // Reported exactly when a report is confirmed (only the run's own accounts report).
  for (const auto& [account, row] : accounts) {
    if (!registrations.count(account)) continue;
    ++facts_;
    bool any_confirmed = false;
    for (const auto& [report, state] : reports_of[account]) {
      any_confirmed = any_confirmed || state == kReportConfirmed;
    }
    if (any_confirmed != (row.reported_community == world_.community)) {
      Fail(absl::StrCat("volunteer ", account, " reported to '", row.reported_community, "' with ",
                        any_confirmed ? "a" : "no", " confirmed report"));
    }
  }
  return facts_ - before;
}

}  // namespace tongxin::audit
