// The workload's volunteer requests: accounts registering themselves (a few with an ID number
// registered already, which must be refused), admitted by the street's admin, and party members
// among them reporting to their community (到社区报到), confirmed by the admin. The checks
// (checks_volunteer.cc) find each account's row by its subject, known even when the answer
// never came.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/audit/client.h"
#include "tests/audit/setup.h"

namespace tongxin::audit {

namespace vpb = volunteer::v1;

namespace {

// Each client registers persons person_base + 100 + 50 × index + k, k < kRegistrationsPerClient
// (setup's volunteers are below + 100; runs are 1,000 persons apart: main.cc holds --clients and
// --volunteers to that).
constexpr int kRegistrationsPerClient = 50;

// The run's tag is mixed in: two runs of one seed on one stack (audit_test.sh's planted run) make
// the same choices, and their accounts must still differ.
std::string NewSubject(std::mt19937_64& rng, const std::string& run) {
  std::uniform_int_distribution<uint64_t> bits;
  uint64_t high = bits(rng) ^ std::hash<std::string>{}(run), low = bits(rng);
  return absl::StrFormat("%08x-%04x-4%03x-a%03x-%012x", high >> 32, (high >> 16) & 0xffff,
                         high & 0xfff, low >> 52, low & 0xffffffffffffULL);
}

}  // namespace

void Client::Register() {
  const bool duplicate = !registered_id_numbers_.empty() && Chance(0.15);
  if (!duplicate && registrations_ >= kRegistrationsPerClient) {
    return Award(Pick(world_.volunteers), Uniform(1, 8));
  }
  const int person = world_.person_base + 100 + 50 * index_ + registrations_;
  Record record;
  record.op = Op::kRegister;
  record.request_id = NextRequestId();
  record.volunteer_id = NewSubject(rng_, world_.run);
  record.duplicate = duplicate;
  const bool party = Chance(0.5);
  vpb::RegisterVolunteerRequest request;
  request.set_request_id(record.request_id);
  request.set_name(absl::StrCat("审计新人", index_, "号", registrations_));
  request.set_id_number(duplicate ? Pick(registered_id_numbers_) : IdNumber(person));
  request.set_phone(absl::StrFormat("136%08d", person));
  request.set_community_id(world_.community);
  request.set_political_status(party ? vpb::POLITICAL_STATUS_PARTY_MEMBER
                                     : vpb::POLITICAL_STATUS_MASSES);
  if (party) request.set_party_branch("审计社区第一党支部");
  if (!duplicate) ++registrations_;
  const std::string token = world_.mint_volunteer_token(record.volunteer_id);
  vpb::Volunteer volunteer;
  Call(record, token, true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->RegisterVolunteer(context, request, &volunteer)
                   : stubs_.volunteer->RegisterVolunteer(context, request, &volunteer);
  });
  if (duplicate && record.outcome == Outcome::kOk) {
    Wrong(record, "an ID number registered already was accepted: " + volunteer.ShortDebugString());
  } else if (!duplicate && record.outcome == Outcome::kFailed) {
    Wrong(record, absl::StrCat("a new person was refused: ", record.message));
  }
  const bool registered = !duplicate && record.outcome == Outcome::kOk;
  if (registered) {
    registered_id_numbers_.push_back(request.id_number());
    if (volunteer.volunteer_id() != record.volunteer_id ||
        volunteer.status() != vpb::VOLUNTEER_STATUS_PENDING) {
      Wrong(record,
            "a self-registration is not the account's, pending: " + volunteer.ShortDebugString());
    }
  }
  Keep(std::move(record));
  if (!registered) return;

  Record admit;
  admit.op = Op::kApproveVolunteer;
  admit.request_id = NextRequestId();
  admit.volunteer_id = volunteer.volunteer_id();
  vpb::ChangeVolunteerStatusRequest approve;
  approve.set_request_id(admit.request_id);
  approve.set_volunteer_id(admit.volunteer_id);
  Call(admit, world_.admin_token, true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->ApproveVolunteer(context, approve, &volunteer)
                   : stubs_.volunteer->ApproveVolunteer(context, approve, &volunteer);
  });
  if (admit.outcome == Outcome::kOk) {
    if (volunteer.status() != vpb::VOLUNTEER_STATUS_ACTIVE) {
      Wrong(admit, "an admitted volunteer is not active: " + volunteer.ShortDebugString());
    }
    if (party) party_recruits_.push_back({admit.volunteer_id, token});
  }
  Keep(std::move(admit));
}

void Client::Report() {
  HeldRecruit recruit = Take(party_recruits_);
  Record record;
  record.op = Op::kReport;
  record.request_id = NextRequestId();
  record.volunteer_id = recruit.volunteer_id;
  vpb::ReportToCommunityRequest request;
  request.set_request_id(record.request_id);
  request.set_volunteer_id(recruit.volunteer_id);
  request.set_community_id(world_.community);
  vpb::Volunteer volunteer;
  Call(record, recruit.token, true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->ReportToCommunity(context, request, &volunteer)
                   : stubs_.volunteer->ReportToCommunity(context, request, &volunteer);
  });
  const bool reported = record.outcome == Outcome::kOk;
  if (reported && (volunteer.pending_report_id().empty() ||
                   volunteer.pending_report_community_id() != world_.community)) {
    Wrong(record, "a report is not waiting for the community: " + volunteer.ShortDebugString());
  }
  record.report_id = volunteer.pending_report_id();
  Keep(std::move(record));
  if (!reported) return;

  Record confirm;
  confirm.op = Op::kConfirmReport;
  confirm.request_id = NextRequestId();
  confirm.volunteer_id = recruit.volunteer_id;
  confirm.report_id = volunteer.pending_report_id();
  vpb::ConfirmReportRequest decide;
  decide.set_request_id(confirm.request_id);
  decide.set_report_id(confirm.report_id);
  vpb::CommunityReport report;
  Call(confirm, world_.admin_token, true, [&](bool gateway, grpc::ClientContext* context) {
    return gateway ? stubs_.gateway->ConfirmReport(context, decide, &report)
                   : stubs_.volunteer->ConfirmReport(context, decide, &report);
  });
  if (confirm.outcome == Outcome::kOk && (report.state() != vpb::REPORT_STATE_CONFIRMED ||
                                          report.volunteer_id() != recruit.volunteer_id)) {
    Wrong(confirm, "a confirmed report is not: " + report.ShortDebugString());
  }
  Keep(std::move(confirm));
}

}  // namespace tongxin::audit
