// volunteer_grpc_test: service certificates (志愿服务证明) on the real service and database:
// issuing (hours by source, masks, one valid per period, once per request id), the PDF read back
// with poppler's pdftotext and rendered byte for byte again, the public verification, listing,
// and the refusals. Their life after issue: grpc_certificates_life_test.cc.
#include <string>

#include "tests/support/pdf_text.h"
#include "tests/volunteer/certificate_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

using tongxin::testing::PdfText;

TEST_F(CertificateTest, IssueSumsCurrentHoursBySourceWithMasksOnly) {
  pb::Volunteer v = VolunteerWithHours("sum");
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  EXPECT_EQ(c.serial().size(), kSerialLength);
  EXPECT_EQ(c.volunteer_id(), v.volunteer_id());
  EXPECT_EQ(c.name_masked(), MaskName(v.name()));
  EXPECT_NE(c.name_masked(), v.name());
  EXPECT_EQ(c.id_number_masked(), v.id_number_masked());
  EXPECT_EQ(c.community_id(), kCommunityA);
  EXPECT_EQ(c.community_name(), "河南路社区");
  EXPECT_EQ(c.period_start(), "2026-05-01");
  EXPECT_EQ(c.period_end(), "2026-06-15");
  // The April record lies outside the period.
  EXPECT_DOUBLE_EQ(c.total_hours(), 7);
  EXPECT_EQ(c.record_count(), 3);
  ASSERT_EQ(c.hours_by_source_size(), 4);
  EXPECT_EQ(c.hours_by_source(0).source(), pb::SERVICE_SOURCE_POST_LOG);
  EXPECT_DOUBLE_EQ(c.hours_by_source(0).hours(), 2.5);
  EXPECT_EQ(c.hours_by_source(1).source(), pb::SERVICE_SOURCE_WISH);
  EXPECT_DOUBLE_EQ(c.hours_by_source(1).hours(), 0);
  EXPECT_DOUBLE_EQ(c.hours_by_source(2).hours(), 3);
  EXPECT_DOUBLE_EQ(c.hours_by_source(3).hours(), 1.5);
  EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_VALID);
  EXPECT_EQ(c.issued_by(), v.volunteer_id());
  // Only masks are stored: the full name appears in no column of the row.
  EXPECT_EQ(Scalar("SELECT count(*) FROM certificates WHERE serial = '" + c.serial() +
                   "' AND strpos(certificates::text, '" + v.name() + "') > 0"),
            "0");
  // An admin in scope of the volunteer's community issues too; for the same period, the
  // certificate already valid (one per period, whatever the request id).
  EXPECT_EQ(MustIssue(AdminA(), v.volunteer_id()).serial(), c.serial());
  pb::Certificate june = MustIssue(AdminA(), v.volunteer_id(), "2026-06-01", "2026-06-15");
  EXPECT_NE(june.serial(), c.serial());
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM certificates WHERE volunteer_id = '" + v.volunteer_id() + "'"),
      "2");
}

TEST_F(CertificateTest, ARetryWithTheSameRequestIdGetsTheSameCertificate) {
  pb::Volunteer v = VolunteerWithHours("retry");
  pb::Certificate first, retry;
  ASSERT_TRUE(
      Issue(Self(v.volunteer_id()), v.volunteer_id(), "2026-05-01", "2026-06-15", &first, "cert-r1")
          .ok());
  clock_->Advance(std::chrono::seconds(1));
  ASSERT_TRUE(
      Issue(Self(v.volunteer_id()), v.volunteer_id(), "2026-05-01", "2026-06-15", &retry, "cert-r1")
          .ok());
  EXPECT_EQ(retry.serial(), first.serial());
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM certificates WHERE volunteer_id = '" + v.volunteer_id() + "'"),
      "1");
}

TEST_F(CertificateTest, OnlyAnActiveVolunteerIsIssuedOne) {
  pb::Volunteer v = VolunteerWithHours("inactive");
  pb::ChangeVolunteerStatusRequest suspend;
  suspend.set_request_id(NextRequestId());
  suspend.set_volunteer_id(v.volunteer_id());
  suspend.set_reason("长期未参加活动");
  pb::Volunteer suspended;
  ASSERT_TRUE(Call(&Stub::SuspendVolunteer, AdminA(), suspend, &suspended).ok());
  pb::Certificate out;
  for (const std::string& token : {Self(v.volunteer_id()), AdminA()}) {
    grpc::Status status = Issue(token, v.volunteer_id(), "2026-05-01", "2026-06-15", &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(status.error_message(),
              "volunteer_id: only an active volunteer is issued a certificate");
  }
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM certificates WHERE volunteer_id = '" + v.volunteer_id() + "'"),
      "0");
}

TEST_F(CertificateTest, ThePdfShowsTheMasksAndTheSerialAndRendersTheSameBytesAgain) {
  std::string id_number;
  pb::Volunteer v = VolunteerWithHours("pdf", &id_number);
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  std::string pdf = Pdf(Self(v.volunteer_id()), c.serial());
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  std::string text = PdfText(pdf);
  EXPECT_NE(text.find("志愿服务证明"), std::string::npos) << text;
  EXPECT_NE(text.find(FormatSerial(c.serial())), std::string::npos) << text;
  EXPECT_NE(text.find("7.00"), std::string::npos) << text;
  EXPECT_NE(text.find(c.name_masked()), std::string::npos) << text;
  EXPECT_NE(text.find(c.id_number_masked()), std::string::npos) << text;
  EXPECT_NE(text.find("河南路社区"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string(tongxin::testing::kTestVerifyUrl) + "/verify/" + c.serial()),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find(v.name()), std::string::npos) << text;
  EXPECT_EQ(text.find(v.volunteer_id()), std::string::npos) << text;
  EXPECT_EQ(text.find(id_number), std::string::npos) << text;
  // Rendered again from the stored row, by another caller, later: the same bytes.
  clock_->Advance(std::chrono::minutes(5));
  EXPECT_TRUE(Pdf(AdminA(), c.serial()) == pdf);
  // The PDF's dates are the issue time's, never the render's.
  EXPECT_NE(pdf.find("/CreationDate (D:20260615"), std::string::npos) << "creation date";
}

TEST_F(CertificateTest, VerifyIsPublicAndTellsOnlyWhatThePaperShows) {
  pb::Volunteer v = VolunteerWithHours("verify");
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::CertificateVerification seen;
  // No token at all; typed in lower case with the printed dashes.
  std::string typed = FormatSerial(c.serial());
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  grpc::Status status = Verify(typed, &seen);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(seen.serial(), c.serial());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_VALID);
  EXPECT_EQ(seen.name_masked(), c.name_masked());
  EXPECT_EQ(seen.id_number_masked(), c.id_number_masked());
  EXPECT_EQ(seen.community_name(), "河南路社区");
  EXPECT_DOUBLE_EQ(seen.total_hours(), 7);
  std::string everything = seen.SerializeAsString();
  EXPECT_EQ(everything.find(v.volunteer_id()), std::string::npos);
  EXPECT_EQ(everything.find(v.name()), std::string::npos);
  EXPECT_EQ(everything.find(v.phone_masked()), std::string::npos);

  // Unknown (a well-formed serial nobody was given) and mistyped serials.
  std::string unknown = "0000000000000000";
  unknown.push_back(SerialCheckCharacter(unknown));
  EXPECT_EQ(Verify(unknown, &seen).error_code(), grpc::StatusCode::NOT_FOUND);
  std::string mistyped = c.serial();
  mistyped[3] = mistyped[3] == 'A' ? 'B' : 'A';
  status = Verify(mistyped, &seen);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("serial", 0), 0u);
  // A token that is sent must still be a real one.
  EXPECT_EQ(Verify(c.serial(), &seen, "not-a-token").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Revoked: the same facts, and the status says so.
  pb::Certificate revoked;
  ASSERT_TRUE(Revoke(AdminA(), c.serial(), "时长登记有误", &revoked).ok());
  ASSERT_TRUE(Verify(c.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_REVOKED);
  EXPECT_EQ(seen.SerializeAsString().find("时长登记有误"), std::string::npos);
}

TEST_F(CertificateTest, IssueRefusesBadInputNamingTheField) {
  pb::Volunteer v = VolunteerWithHours("refuse");
  pb::Volunteer neighbour = MustRegister(NewPerson(kCommunityA));
  pb::Certificate out;
  auto issue = [&](const std::string& token, const std::string& id, const std::string& start,
                   const std::string& end) { return Issue(token, id, start, end, &out); };
  grpc::Status status = issue(AdminA(), v.volunteer_id(), "2026-06-01", "2026-05-01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("period_end", 0), 0u) << status.error_message();
  status = issue(AdminA(), v.volunteer_id(), "2026-02-30", "2026-05-01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("period_start", 0), 0u) << status.error_message();
  status = issue(AdminA(), v.volunteer_id(), "2026-06-01", "2026-06-16");  // tomorrow
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("period_end", 0), 0u) << status.error_message();
  // Five years at most (any five calendar years fit), not a lifetime from 1900.
  status = issue(AdminA(), v.volunteer_id(), "1900-01-01", "2026-06-01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("period_start", 0), 0u) << status.error_message();
  status = issue(AdminA(), v.volunteer_id(), "2021-06-14", "2026-06-15");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("period_start", 0), 0u) << status.error_message();
  status = issue(AdminA(), "nobody", "2026-05-01", "2026-06-01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message().rfind("volunteer_id", 0), 0u) << status.error_message();
  EXPECT_EQ(issue(Self(neighbour.volunteer_id()), v.volunteer_id(), "2026-05-01", "2026-06-01")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(issue(AdminB(), v.volunteer_id(), "2026-05-01", "2026-06-01").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(issue("", v.volunteer_id(), "2026-05-01", "2026-06-01").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  status = issue(AdminA(), neighbour.volunteer_id(), "2026-05-01", "2026-06-01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Scalar("SELECT count(*) FROM certificates WHERE volunteer_id IN ('" + v.volunteer_id() +
                   "', '" + neighbour.volunteer_id() + "')"),
            "0");
  // Exactly five calendar years (2021-06-16 to 2026-06-15, 1826 days) is allowed.
  EXPECT_TRUE(issue(AdminA(), v.volunteer_id(), "2021-06-16", "2026-06-15").ok());
}

TEST_F(CertificateTest, ListAndGetAreForTheVolunteerAndAdminsInScope) {
  pb::Volunteer v = VolunteerWithHours("list");
  pb::Volunteer neighbour = MustRegister(NewPerson(kCommunityA));
  std::vector<std::string> serials;
  // Three periods (one valid certificate per period).
  for (const char* start : {"2026-05-01", "2026-05-02", "2026-05-03"}) {
    serials.push_back(MustIssue(AdminA(), v.volunteer_id(), start).serial());
  }
  pb::ListCertificatesRequest list;
  list.set_volunteer_id(v.volunteer_id());
  list.set_page_size(2);
  pb::ListCertificatesResponse page;
  ASSERT_TRUE(Call(&Stub::ListCertificates, Self(v.volunteer_id()), list, &page).ok());
  ASSERT_EQ(page.certificates_size(), 2);
  EXPECT_EQ(page.certificates(0).serial(), serials[2]);  // newest first
  EXPECT_EQ(page.certificates(1).serial(), serials[1]);
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(Call(&Stub::ListCertificates, AdminA(), list, &page).ok());
  ASSERT_EQ(page.certificates_size(), 1);
  EXPECT_EQ(page.certificates(0).serial(), serials[0]);
  EXPECT_TRUE(page.next_page_token().empty());
  list.set_page_token("bm90LWEta2V5");
  EXPECT_EQ(Call(&Stub::ListCertificates, AdminA(), list, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  list.clear_page_token();
  EXPECT_EQ(Call(&Stub::ListCertificates, AdminB(), list, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ListCertificates, Self(neighbour.volunteer_id()), list, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  pb::GetCertificateRequest get;
  get.set_serial(serials[0]);
  pb::Certificate got;
  ASSERT_TRUE(Call(&Stub::GetCertificate, Self(v.volunteer_id()), get, &got).ok());
  EXPECT_EQ(got.volunteer_id(), v.volunteer_id());
  EXPECT_EQ(Call(&Stub::GetCertificate, Self(neighbour.volunteer_id()), get, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::GetCertificatePdfRequest pdf;
  pdf.set_serial(serials[0]);
  pb::CertificatePdf file;
  EXPECT_EQ(Call(&Stub::GetCertificatePdf, AdminB(), pdf, &file).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetCertificatePdf, "", pdf, &file).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
