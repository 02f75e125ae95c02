// The certificate tests' fixture (volunteer_grpc_test): a volunteer with hours in two months,
// and the certificate RPCs called as a given caller.
#pragma once

#include <string>

#include "services/volunteer/domain/certificate.h"
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {

class CertificateTest : public VolunteerGrpcTest {
 protected:
  // A volunteer of community A with, dated 2026-06-01, 2.5 h of post log (the posts service),
  // 3 h of activity and 1.5 h of honour hours (admin A), and 4 h of activity on 2026-04-01.
  // `id_number`, when given, gets the full ID number the volunteer registered with.
  static pb::Volunteer VolunteerWithHours(const std::string& tag,
                                          std::string* id_number = nullptr) {
    pb::RegisterVolunteerRequest person = NewPerson(kCommunityA);
    if (id_number != nullptr) *id_number = person.id_number();
    pb::Volunteer v = MustRegister(person);
    auto record = [&](double hours, pb::ServiceSource source, const std::string& ref,
                      const std::string& date, const std::string& token) {
      auto request = ServiceRequest(v.volunteer_id(), hours, source, ref);
      request.set_request_id(NextRequestId());
      request.set_service_date(date);
      pb::ServiceRecord out;
      grpc::Status status = Call(&Stub::RecordService, token, request, &out);
      EXPECT_TRUE(status.ok()) << status.error_message();
      return out;
    };
    record(2.5, pb::SERVICE_SOURCE_POST_LOG, "cert-log-" + tag, "2026-06-01", System());
    record(3, pb::SERVICE_SOURCE_ACTIVITY, "", "2026-06-01", AdminA());
    record(1.5, pb::SERVICE_SOURCE_HONOUR, "", "2026-06-01", AdminA());
    record(4, pb::SERVICE_SOURCE_ACTIVITY, "", "2026-04-01", AdminA());
    return v;
  }

  static grpc::Status Issue(const std::string& token, const std::string& volunteer_id,
                            const std::string& start, const std::string& end, pb::Certificate* out,
                            const std::string& request_id = "") {
    pb::IssueCertificateRequest request;
    request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
    request.set_volunteer_id(volunteer_id);
    request.set_period_start(start);
    request.set_period_end(end);
    return Call(&Stub::IssueCertificate, token, request, out);
  }

  static pb::Certificate MustIssue(const std::string& token, const std::string& volunteer_id,
                                   const std::string& start = "2026-05-01",
                                   const std::string& end = "2026-06-15") {
    pb::Certificate certificate;
    grpc::Status status = Issue(token, volunteer_id, start, end, &certificate);
    EXPECT_TRUE(status.ok()) << status.error_message();
    clock_->Advance(std::chrono::seconds(1));  // the next one is issued later
    return certificate;
  }

  static grpc::Status Verify(const std::string& serial, pb::CertificateVerification* out,
                             const std::string& token = "") {
    pb::VerifyCertificateRequest request;
    request.set_serial(serial);
    return Call(&Stub::VerifyCertificate, token, request, out);
  }

  static grpc::Status Revoke(const std::string& token, const std::string& serial,
                             const std::string& reason, pb::Certificate* out) {
    pb::RevokeCertificateRequest request;
    request.set_request_id(NextRequestId());
    request.set_serial(serial);
    request.set_reason(reason);
    return Call(&Stub::RevokeCertificate, token, request, out);
  }

  static std::string Pdf(const std::string& token, const std::string& serial) {
    pb::GetCertificatePdfRequest request;
    request.set_serial(serial);
    pb::CertificatePdf pdf;
    grpc::Status status = Call(&Stub::GetCertificatePdf, token, request, &pdf);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(pdf.content_type(), "application/pdf");
    EXPECT_EQ(pdf.filename(), "volunteer-certificate-" + serial + ".pdf");
    return pdf.data();
  }
};

}  // namespace tongxin::volunteer::grpc_tests
