// volunteer_grpc_test: a service certificate's life after issue: revoked by an admin of the
// issuing community (once, a retry answered again), superseded when a record in its period is
// corrected or added, its PDF handed out only while valid, and the issuing community keeping it
// when the volunteer moves.
#include <string>

#include "tests/volunteer/certificate_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

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

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
