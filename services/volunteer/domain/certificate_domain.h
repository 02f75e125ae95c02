// Service certificates (志愿服务证明): the volunteer's community certifies the hours of all the
// volunteer's current records in the period, whoever organised them. Issuing (an active volunteer
// only; one valid certificate per period) freezes what the certificate says (masked name and ID
// number, the issuing community, period, hours by source) in its row; the PDF is rendered from
// that row alone, for a valid certificate only. The volunteer themself or an admin in scope of
// their community issues and lists; the volunteer or an admin in scope of the issuing community
// reads, and such an admin revokes with a reason; anyone may verify a serial and learns only what
// the paper shows. Knows neither SQL nor gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/db.h"
#include "services/volunteer/domain/certificate.h"
#include "services/volunteer/domain/certificate_pdf.h"
#include "services/volunteer/domain/lookups.h"
#include "services/volunteer/repository/certificate_repository.h"
#include "services/volunteer/repository/grid_repository.h"

namespace tongxin::volunteer {

struct CertificateFile {
  std::string content_type;
  std::string data;
  std::string filename;
};

class CertificateDomain {
 public:
  CertificateDomain(CertificateRepository& certificates, GridRepository& grids, Lookups& lookups,
                    const Clock& clock, CertificatePdfOptions pdf);

  // The valid certificate of the period if there is one, else a new one. FAILED_PRECONDITION
  // when the volunteer is not active or the period holds no current record of theirs.
  absl::StatusOr<Certificate> Issue(Tx& tx, const Principal& caller,
                                    const std::string& volunteer_id,
                                    const std::string& period_start, const std::string& period_end);
  absl::StatusOr<Certificate> Get(Tx& tx, const Principal& caller, const std::string& serial);
  // The certificate's PDF, rendered from its row (no transaction needed: call it after Get);
  // FAILED_PRECONDITION naming serial unless the certificate is valid.
  absl::StatusOr<CertificateFile> Pdf(const Certificate& certificate) const;
  absl::StatusOr<Page<Certificate>> List(Tx& tx, const Principal& caller,
                                         const std::string& volunteer_id, const PageRequest& page);
  // Only a valid certificate (FAILED_PRECONDITION otherwise); reason 1..200 characters.
  absl::StatusOr<Certificate> Revoke(Tx& tx, const Principal& caller, const std::string& serial,
                                     const std::string& reason);
  // Anyone: the certificate, of which the gRPC layer shows only what is printed on it.
  absl::StatusOr<Certificate> Verify(Tx& tx, const std::string& serial);

  const CertificatePdfOptions& pdf_options() const { return pdf_; }

 private:
  // NOT_FOUND "serial: no such certificate" after the serial's form is checked.
  absl::StatusOr<Certificate> Find(Tx& tx, const std::string& typed_serial);

  CertificateRepository& certificates_;
  GridRepository& grids_;
  Lookups& lookups_;
  const Clock& clock_;
  const CertificatePdfOptions pdf_;
};

}  // namespace tongxin::volunteer
