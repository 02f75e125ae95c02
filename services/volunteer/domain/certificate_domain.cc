// Issuing, reading, revoking and verifying service certificates (see certificate_domain.h).
#include "services/volunteer/domain/certificate_domain.h"

#include "absl/strings/str_cat.h"
#include "services/common/authz.h"
#include "services/common/crypto.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/volunteer/domain/checks.h"
#include "services/volunteer/domain/identity.h"

namespace tongxin::volunteer {
namespace {

// The page key "issue_micros|serial" (certificate_queries.h) is digits, a bar and a serial, so
// no token reaches SQL as a bad number.
absl::Status CheckPageKey(const PageRequest& page) {
  if (page.after.empty()) return absl::OkStatus();
  size_t bar = page.after.find('|');
  if (bar == 0 || bar == std::string::npos || bar > 18 ||
      page.after.find_first_not_of("0123456789") != bar ||
      page.after.size() - bar - 1 != kSerialLength) {
    return absl::InvalidArgumentError("page_token: not a token this list gave");
  }
  return absl::OkStatus();
}

}  // namespace

CertificateDomain::CertificateDomain(CertificateRepository& certificates, GridRepository& grids,
                                     Lookups& lookups, const Clock& clock,
                                     CertificatePdfOptions pdf)
    : certificates_(certificates),
      grids_(grids),
      lookups_(lookups),
      clock_(clock),
      pdf_(std::move(pdf)) {}

absl::StatusOr<Certificate> CertificateDomain::Issue(Tx& tx, const Principal& caller,
                                                     const std::string& volunteer_id,
                                                     const std::string& period_start,
                                                     const std::string& period_end) {
  TX_RETURN_IF_ERROR(CheckVolunteerId(volunteer_id));
  const Time now = clock_.Now();
  TX_RETURN_IF_ERROR(CheckCertificatePeriod(period_start, period_end, ChinaDate(now)));
  TX_RETURN_IF_ERROR(lookups_.VolunteerVisibleTo(tx, caller, volunteer_id).status());
  // Locked: a correction of this volunteer's records waits for the certificate, or the
  // certificate waits for the correction (migration V0009's trigger takes the same row).
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.FindVolunteer(tx, volunteer_id, /*lock=*/true));
  // Only an approved, serving volunteer is certified (not one pending, suspended or gone).
  if (v.status != VolunteerStatus::kActive) {
    return absl::FailedPreconditionError(
        "volunteer_id: only an active volunteer is issued a certificate");
  }
  // Asking again for the same period gives the certificate already valid for it (one per
  // period: the index certificates_one_valid_per_period), not another row.
  TX_ASSIGN_OR_RETURN(auto existing,
                      certificates_.FindValid(tx, v.volunteer_id, period_start, period_end));
  if (existing) return *existing;
  TX_ASSIGN_OR_RETURN(auto community, grids_.FindCommunity(tx, v.community_id));
  if (!community) return absl::NotFoundError("community_id: no such community");
  TX_ASSIGN_OR_RETURN(auto hours,
                      certificates_.HoursBySource(tx, v.volunteer_id, period_start, period_end));
  Certificate c;
  for (size_t i = 0; i < kCertificateSources.size(); ++i) {
    c.hours_by_source[i].source = kCertificateSources[i];
  }
  for (const SourceHours& line : hours) {
    for (CertificateHours& out : c.hours_by_source) {
      if (out.source == line.source) out.hours = line.hours;
    }
    c.record_count += line.records;
  }
  if (c.record_count == 0) {
    return absl::FailedPreconditionError(
        "period_start: no service is recorded for the volunteer in this period");
  }
  c.serial = MakeSerial(RandomBytes(10));
  c.volunteer_id = v.volunteer_id;
  c.name_masked = MaskName(v.name);
  c.id_number_masked = v.id_number_masked;  // stored masked (identity.h: first 2, last 2)
  c.community_id = v.community_id;
  c.community_name = community->name;
  c.period_start = period_start;
  c.period_end = period_end;
  // Whole seconds: the PDF's creation date and printed date come from it.
  c.issue_time = std::chrono::time_point_cast<std::chrono::seconds>(now);
  c.issued_by = caller.subject;
  return certificates_.Insert(tx, c);
}

absl::StatusOr<Certificate> CertificateDomain::Find(Tx& tx, const std::string& typed_serial) {
  TX_ASSIGN_OR_RETURN(std::string serial, NormalizeSerial(typed_serial));
  TX_ASSIGN_OR_RETURN(auto certificate, certificates_.Find(tx, serial));
  if (!certificate) return absl::NotFoundError("serial: no such certificate");
  return *certificate;
}

absl::StatusOr<Certificate> CertificateDomain::Get(Tx& tx, const Principal& caller,
                                                   const std::string& serial) {
  TX_ASSIGN_OR_RETURN(Certificate c, Find(tx, serial));
  // The volunteer, or an admin in scope of the community that issued it (the volunteer may have
  // moved since: the paper is still that community's).
  TX_RETURN_IF_ERROR(RequireSelfOrAdminInScope(caller, c.volunteer_id, c.community_id));
  return c;
}

absl::StatusOr<CertificateFile> CertificateDomain::Pdf(const Certificate& c) const {
  // A revoked or superseded paper is not handed out again as if it held.
  if (c.status != CertificateStatus::kValid) {
    return absl::FailedPreconditionError(
        absl::StrCat("serial: only a valid certificate is downloaded (this one is ",
                     c.status == CertificateStatus::kRevoked ? "revoked" : "superseded", ")"));
  }
  TX_ASSIGN_OR_RETURN(std::string pdf, RenderCertificatePdf(c, pdf_));
  return CertificateFile{"application/pdf", std::move(pdf),
                         "volunteer-certificate-" + c.serial + ".pdf"};
}

absl::StatusOr<Page<Certificate>> CertificateDomain::List(Tx& tx, const Principal& caller,
                                                          const std::string& volunteer_id,
                                                          const PageRequest& page) {
  TX_RETURN_IF_ERROR(CheckPageKey(page));
  TX_ASSIGN_OR_RETURN(Volunteer v, lookups_.VolunteerVisibleTo(tx, caller, volunteer_id));
  return certificates_.List(tx, v.volunteer_id, page);
}

absl::StatusOr<Certificate> CertificateDomain::Revoke(Tx& tx, const Principal& caller,
                                                      const std::string& serial,
                                                      const std::string& reason) {
  TX_RETURN_IF_ERROR(CheckText("reason", reason, 200));
  TX_RETURN_IF_ERROR(RefuseVolunteers(caller));
  TX_ASSIGN_OR_RETURN(Certificate c, Find(tx, serial));
  // The issuing community's admins (or those above it), wherever the volunteer lives now.
  TX_RETURN_IF_ERROR(RequireAdminInScope(caller, c.community_id));
  TX_ASSIGN_OR_RETURN(auto revoked, certificates_.Revoke(tx, c.serial, reason, caller.subject));
  if (!revoked) {
    return absl::FailedPreconditionError(
        "serial: only a valid certificate can be revoked (this one is revoked or superseded)");
  }
  return *revoked;
}

absl::StatusOr<Certificate> CertificateDomain::Verify(Tx& tx, const std::string& serial) {
  return Find(tx, serial);
}

}  // namespace tongxin::volunteer
