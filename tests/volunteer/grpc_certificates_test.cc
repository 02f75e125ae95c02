// volunteer_grpc_test: service certificates (志愿服务证明) on the real service and database:
// issuing (hours by source, masks, once per request id), the PDF read back with poppler's
// pdftotext and rendered byte for byte again, the public verification, revoking, superseding by a
// correction, listing, and the refusals.
#include <string>

#include "services/volunteer/domain/certificate.h"
#include "tests/support/pdf_text.h"
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

using tongxin::testing::PdfText;

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

TEST_F(CertificateTest, ARevokeRetriedWithTheSameRequestIdGetsTheFirstAnswer) {
  pb::Volunteer v = VolunteerWithHours("revoke-retry");
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::RevokeCertificateRequest request;
  request.set_request_id("cert-revoke-r1");
  request.set_serial(c.serial());
  request.set_reason("时长登记有误");
  pb::Certificate first, retry;
  ASSERT_TRUE(Call(&Stub::RevokeCertificate, AdminA(), request, &first).ok());
  clock_->Advance(std::chrono::seconds(1));
  // Not FAILED_PRECONDITION ("already revoked"): the first answer again.
  grpc::Status status = Call(&Stub::RevokeCertificate, AdminA(), request, &retry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(retry.status(), pb::CERTIFICATE_STATUS_REVOKED);
  // A new request id is a new revocation: refused, the certificate is no longer valid.
  request.set_request_id("cert-revoke-r2");
  EXPECT_EQ(Call(&Stub::RevokeCertificate, AdminA(), request, &retry).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(CertificateTest, OnlyAValidCertificatesPdfIsHandedOut) {
  pb::Volunteer v = VolunteerWithHours("pdf-valid");
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::Certificate revoked;
  ASSERT_TRUE(Revoke(AdminA(), c.serial(), "时长登记有误", &revoked).ok());
  pb::GetCertificatePdfRequest request;
  request.set_serial(c.serial());
  pb::CertificatePdf file;
  grpc::Status status = Call(&Stub::GetCertificatePdf, Self(v.volunteer_id()), request, &file);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message().rfind("serial", 0), 0u) << status.error_message();
  EXPECT_NE(status.error_message().find("revoked"), std::string::npos) << status.error_message();
  EXPECT_TRUE(file.data().empty());
  // Its facts are still read (the list shows it as revoked).
  pb::GetCertificateRequest get;
  get.set_serial(c.serial());
  pb::Certificate got;
  ASSERT_TRUE(Call(&Stub::GetCertificate, Self(v.volunteer_id()), get, &got).ok());
  EXPECT_EQ(got.status(), pb::CERTIFICATE_STATUS_REVOKED);
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

TEST_F(CertificateTest, TheIssuingCommunityKeepsItsCertificatesWhenTheVolunteerMoves) {
  pb::Volunteer v = VolunteerWithHours("moved");
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::Certificate second =
      MustIssue(Self(v.volunteer_id()), v.volunteer_id(), "2026-04-01", "2026-04-30");
  pb::UpdateVolunteerRequest move;
  move.set_request_id(NextRequestId());
  move.set_volunteer_id(v.volunteer_id());
  move.mutable_update_mask()->add_paths("community_id");
  move.set_community_id(kCommunityB);
  pb::Volunteer moved;
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, StreetAdmin(), move, &moved).ok());
  ASSERT_EQ(moved.community_id(), kCommunityB);
  // Community A issued it: its admin still reads and revokes it; B's admin does neither.
  pb::GetCertificateRequest get;
  get.set_serial(c.serial());
  pb::Certificate got;
  ASSERT_TRUE(Call(&Stub::GetCertificate, AdminA(), get, &got).ok());
  EXPECT_EQ(got.community_id(), kCommunityA);
  EXPECT_EQ(Call(&Stub::GetCertificate, AdminB(), get, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::GetCertificate, Self(v.volunteer_id()), get, &got).ok());
  pb::Certificate out;
  EXPECT_EQ(Revoke(AdminB(), c.serial(), "不是本社区出具的", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Revoke(AdminA(), c.serial(), "时长登记有误", &out).ok());
  EXPECT_EQ(out.status(), pb::CERTIFICATE_STATUS_REVOKED);
  // The street above both still may.
  ASSERT_TRUE(Revoke(StreetAdmin(), second.serial(), "时长登记有误", &out).ok());
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

TEST_F(CertificateTest, OnlyAnAdminInScopeRevokesAndOnlyOnceWithAReason) {
  pb::Volunteer v = VolunteerWithHours("revoke");
  pb::Certificate c = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::Certificate out;
  EXPECT_EQ(Revoke(Self(v.volunteer_id()), c.serial(), "不需要了", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Revoke(AdminB(), c.serial(), "越权", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = Revoke(AdminA(), c.serial(), "", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("reason", 0), 0u);
  EXPECT_EQ(Scalar("SELECT status FROM certificates WHERE serial = '" + c.serial() + "'"), "1");

  ASSERT_TRUE(Revoke(AdminA(), c.serial(), "服务记录来源有误", &out).ok());
  EXPECT_EQ(out.status(), pb::CERTIFICATE_STATUS_REVOKED);
  EXPECT_EQ(out.revoke_reason(), "服务记录来源有误");
  EXPECT_TRUE(out.has_status_time());
  EXPECT_EQ(Revoke(StreetAdmin(), c.serial(), "再次撤销", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  std::string unknown = "0000000000000000";
  unknown.push_back(SerialCheckCharacter(unknown));
  EXPECT_EQ(Revoke(AdminA(), unknown, "无此证明", &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CertificateTest, ACorrectionInTheirPeriodSupersedesValidCertificates) {
  pb::Volunteer v = VolunteerWithHours("supersede");
  pb::Volunteer other = VolunteerWithHours("supersede-other");
  pb::Certificate june = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::Certificate april =
      MustIssue(Self(v.volunteer_id()), v.volunteer_id(), "2026-04-01", "2026-04-30");
  pb::Certificate others = MustIssue(Self(other.volunteer_id()), other.volunteer_id());
  EXPECT_DOUBLE_EQ(april.total_hours(), 4);

  pb::ListServiceRecordsRequest list;
  list.set_volunteer_id(v.volunteer_id());
  pb::ListServiceRecordsResponse records;
  ASSERT_TRUE(Call(&Stub::ListServiceRecords, AdminA(), list, &records).ok());
  std::string june_record;
  for (const auto& r : records.records()) {
    if (r.service_date() == "2026-06-01" && r.source() == pb::SERVICE_SOURCE_ACTIVITY) {
      june_record = r.record_id();
    }
  }
  ASSERT_FALSE(june_record.empty());
  pb::CorrectServiceRecordRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_record_id(june_record);
  correct.set_hours(2);
  correct.set_reason("签到时间有误");
  pb::ServiceRecord corrected;
  ASSERT_TRUE(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).ok());

  pb::CertificateVerification seen;
  ASSERT_TRUE(Verify(june.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_SUPERSEDED);
  ASSERT_TRUE(Verify(april.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_VALID);
  ASSERT_TRUE(Verify(others.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_VALID);
  // A superseded certificate is no longer revoked; a new one says the corrected hours.
  pb::Certificate out;
  EXPECT_EQ(Revoke(AdminA(), june.serial(), "已更正", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_DOUBLE_EQ(MustIssue(Self(v.volunteer_id()), v.volunteer_id()).total_hours(), 6);
  // The invariant is the database's: a record marked superseded by any statement supersedes.
  EXPECT_EQ(Scalar("SELECT status FROM certificates WHERE serial = '" + june.serial() + "'"), "3");
}

TEST_F(CertificateTest, ARecordAddedLaterInTheirPeriodSupersedesValidCertificates) {
  pb::Volunteer v = VolunteerWithHours("late");
  pb::Certificate june = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  pb::Certificate april =
      MustIssue(Self(v.volunteer_id()), v.volunteer_id(), "2026-04-01", "2026-04-30");
  // A roster confirmed late: 2 h of activity on 2026-06-10, recorded after the June certificate.
  auto late = ServiceRequest(v.volunteer_id(), 2, pb::SERVICE_SOURCE_ACTIVITY, "");
  late.set_request_id(NextRequestId());
  late.set_service_date("2026-06-10");
  pb::ServiceRecord recorded;
  ASSERT_TRUE(Call(&Stub::RecordService, AdminA(), late, &recorded).ok());
  pb::CertificateVerification seen;
  ASSERT_TRUE(Verify(june.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_SUPERSEDED);
  ASSERT_TRUE(Verify(april.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_VALID);
  pb::Certificate renewed = MustIssue(Self(v.volunteer_id()), v.volunteer_id());
  EXPECT_NE(renewed.serial(), june.serial());
  EXPECT_DOUBLE_EQ(renewed.total_hours(), 9);

  // A correction deleting an April record (0 hours) supersedes April by its old row only; one
  // moving hours is a new current row: either way the certificate no longer holds.
  pb::ListServiceRecordsRequest list;
  list.set_volunteer_id(v.volunteer_id());
  pb::ListServiceRecordsResponse records;
  ASSERT_TRUE(Call(&Stub::ListServiceRecords, AdminA(), list, &records).ok());
  std::string april_record;
  for (const auto& r : records.records()) {
    if (r.service_date() == "2026-04-01") april_record = r.record_id();
  }
  ASSERT_FALSE(april_record.empty());
  pb::CorrectServiceRecordRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_record_id(april_record);
  correct.set_hours(0);
  correct.set_reason("未到场");
  pb::ServiceRecord corrected;
  ASSERT_TRUE(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).ok());
  ASSERT_TRUE(Verify(april.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_SUPERSEDED);
  // The renewed June certificate is untouched by April's correction.
  ASSERT_TRUE(Verify(renewed.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_VALID);
  // A record outside every period (2026-03) supersedes nothing.
  auto march = ServiceRequest(v.volunteer_id(), 1, pb::SERVICE_SOURCE_HONOUR, "");
  march.set_request_id(NextRequestId());
  march.set_service_date("2026-03-05");
  ASSERT_TRUE(Call(&Stub::RecordService, AdminA(), march, &recorded).ok());
  ASSERT_TRUE(Verify(renewed.serial(), &seen).ok());
  EXPECT_EQ(seen.status(), pb::CERTIFICATE_STATUS_VALID);
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
