// volunteer_grpc_test: service records (once per source_ref, validation, authorization,
// corrections and the summary with stars) and the region statistics reckoned from them.
#include <set>
#include <string>
#include <vector>

#include "tests/support/region_argument_checks.h"
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

// ---- service record ----

TEST_F(VolunteerGrpcTest, RecordServiceIsOncePerSourceRef) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  auto request = ServiceRequest(v.volunteer_id(), 2.5, pb::SERVICE_SOURCE_POST_LOG, "log-1");
  request.set_request_id(NextRequestId());
  pb::ServiceRecord first, repeat;
  ASSERT_TRUE(Call(&Stub::RecordService, System(), request, &first).ok());
  EXPECT_EQ(first.hours(), 2.5);
  EXPECT_EQ(first.recorded_by(), "posts-service");
  // The same log delivered again under another request id: a no-op returning the record.
  request.set_request_id(NextRequestId());
  ASSERT_TRUE(Call(&Stub::RecordService, System(), request, &repeat).ok());
  EXPECT_EQ(repeat.record_id(), first.record_id());
  EXPECT_EQ(Scalar("SELECT count(*) FROM service_records WHERE source_ref = 'log-1'"), "1");
}

TEST_F(VolunteerGrpcTest, RecordServiceValidatesAndAuthorizes) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  pb::ServiceRecord record;
  auto call = [&](pb::RecordServiceRequest request, const std::string& token) {
    request.set_request_id(NextRequestId());
    return Call(&Stub::RecordService, token, request, &record);
  };
  auto ok = ServiceRequest(v.volunteer_id(), 3, pb::SERVICE_SOURCE_ACTIVITY, "");
  EXPECT_EQ(call(ok, Self(v.volunteer_id())).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(call(ok, AdminB()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(call(ok, AdminA()).ok());
  EXPECT_EQ(
      call(ServiceRequest(v.volunteer_id(), 3, pb::SERVICE_SOURCE_POST_LOG, "log-x"), AdminA())
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  auto too_long = ServiceRequest(v.volunteer_id(), 24.5, pb::SERVICE_SOURCE_ACTIVITY, "");
  grpc::Status status = call(too_long, AdminA());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("hours", 0), 0u);
  EXPECT_EQ(call(ServiceRequest(v.volunteer_id(), 0, pb::SERVICE_SOURCE_ACTIVITY, ""), AdminA())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(ServiceRequest(v.volunteer_id(), 1e-10, pb::SERVICE_SOURCE_ACTIVITY, ""), AdminA())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto year_zero = ok;
  year_zero.set_service_date("0000-01-01");
  EXPECT_EQ(call(year_zero, AdminA()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto future = ok;
  future.set_service_date("2026-06-16");
  EXPECT_EQ(call(future, AdminA()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto bad_date = ok;
  bad_date.set_service_date("2026-02-30");
  EXPECT_EQ(call(bad_date, AdminA()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(ServiceRequest(v.volunteer_id(), 1, pb::SERVICE_SOURCE_POST_LOG, ""), System())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(ServiceRequest("nobody", 1, pb::SERVICE_SOURCE_POST_LOG, "log-nobody"), System())
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(VolunteerGrpcTest, CorrectionsKeepHistoryAndSummaryCountsStars) {
  pb::Volunteer v = MustRegister(NewPerson(kCommunityA));
  std::vector<pb::ServiceRecord> records;
  for (int i = 0; i < 5; ++i) {
    auto request = ServiceRequest(v.volunteer_id(), 20, pb::SERVICE_SOURCE_POST_LOG,
                                  "stars-" + std::to_string(i));
    request.set_request_id(NextRequestId());
    request.set_service_date(i < 3 ? "2026-05-10" : "2026-06-01");
    pb::ServiceRecord record;
    ASSERT_TRUE(Call(&Stub::RecordService, System(), request, &record).ok());
    records.push_back(record);
  }
  auto honour = ServiceRequest(v.volunteer_id(), 4, pb::SERVICE_SOURCE_HONOUR, "");
  honour.set_request_id(NextRequestId());
  honour.set_organiser("五星街道");
  honour.set_organiser_region_id(kStreet);
  pb::ServiceRecord honour_record;
  ASSERT_TRUE(Call(&Stub::RecordService, StreetAdmin(), honour, &honour_record).ok());

  pb::GetServiceSummaryRequest summary_request;
  summary_request.set_volunteer_id(v.volunteer_id());
  pb::ServiceSummary summary;
  ASSERT_TRUE(
      Call(&Stub::GetServiceSummary, Self(v.volunteer_id()), summary_request, &summary).ok());
  EXPECT_DOUBLE_EQ(summary.total_hours(), 104);
  EXPECT_DOUBLE_EQ(summary.honour_hours(), 4);
  EXPECT_EQ(summary.star_level(), 1);
  EXPECT_DOUBLE_EQ(summary.next_star_hours(), 196);
  ASSERT_EQ(summary.by_month_size(), 2);
  EXPECT_EQ(summary.by_month(0).period(), "2026-05");
  EXPECT_DOUBLE_EQ(summary.by_month(0).hours(), 60);
  ASSERT_EQ(summary.by_organiser_size(), 2);
  EXPECT_EQ(summary.by_organiser(0).organiser(), "河南路社区");

  // A correction: 20 h were really 2 h. The old record stays, superseded.
  pb::CorrectServiceRecordRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_record_id(records[0].record_id());
  correct.set_hours(2);
  correct.set_reason("录入错误，实际2小时");
  pb::ServiceRecord corrected;
  EXPECT_EQ(
      Call(&Stub::CorrectServiceRecord, Self(v.volunteer_id()), correct, &corrected).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CorrectServiceRecord, AdminB(), correct, &corrected).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).ok());
  EXPECT_EQ(corrected.corrects_record_id(), records[0].record_id());
  EXPECT_EQ(corrected.hours(), 2);
  correct.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  correct.set_reason("");
  correct.set_request_id(NextRequestId());
  EXPECT_EQ(Call(&Stub::CorrectServiceRecord, AdminA(), correct, &corrected).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Call(&Stub::GetServiceSummary, AdminA(), summary_request, &summary).ok());
  EXPECT_DOUBLE_EQ(summary.total_hours(), 86);
  EXPECT_EQ(summary.star_level(), 0);
  summary_request.set_from_date("2026-06-01");
  summary_request.set_to_date("2026-06-30");
  ASSERT_TRUE(Call(&Stub::GetServiceSummary, AdminA(), summary_request, &summary).ok());
  EXPECT_DOUBLE_EQ(summary.period_hours(), 44);
  EXPECT_EQ(Call(&Stub::GetServiceSummary, AdminB(), summary_request, &summary).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  summary_request.set_to_date("2026-05-01");
  EXPECT_EQ(Call(&Stub::GetServiceSummary, AdminA(), summary_request, &summary).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pb::ListServiceRecordsRequest list;
  list.set_volunteer_id(v.volunteer_id());
  pb::ListServiceRecordsResponse current, all;
  ASSERT_TRUE(Call(&Stub::ListServiceRecords, Self(v.volunteer_id()), list, &current).ok());
  EXPECT_EQ(current.records_size(), 6);
  list.set_include_superseded(true);
  list.set_page_size(4);
  std::set<std::string> ids;
  for (int page = 0; page < 5; ++page) {
    ASSERT_TRUE(Call(&Stub::ListServiceRecords, AdminA(), list, &all).ok());
    for (const auto& r : all.records()) ids.insert(r.record_id());
    if (all.next_page_token().empty()) break;
    list.set_page_token(all.next_page_token());
  }
  EXPECT_EQ(ids.size(), 7u);
}

// ---- overviews ----

TEST_F(VolunteerGrpcTest, RegionStatisticsCountVolunteersAndHoursOfTheMonth) {
  // A street of its own, so other tests' volunteers never mix in.
  const std::string street = "411502005";
  const std::string c1 = "411502005001";
  const std::string c2 = "411502005002";
  const std::string street_admin = Token(Role::kStreetAdmin, "street-5", {street});
  const std::string admin_c1 = Token(Role::kCommunityAdmin, "admin-5-1", {c1});
  pb::CreateStreetRequest create_street;
  create_street.set_request_id(NextRequestId());
  create_street.mutable_street()->set_street_id(street);
  create_street.mutable_street()->set_name("统计街道");
  pb::Street created_street;
  ASSERT_TRUE(Call(&Stub::CreateStreet, System(), create_street, &created_street).ok());
  for (const auto& id : {c1, c2}) {
    pb::CreateCommunityRequest request;
    request.set_request_id(NextRequestId());
    request.mutable_community()->set_community_id(id);
    request.mutable_community()->set_name("统计社区" + id);
    pb::Community community;
    ASSERT_TRUE(Call(&Stub::CreateCommunity, street_admin, request, &community).ok());
  }

  // c1: two active volunteers, an active party member who reported to c1, a suspended party
  // member and a pending self-registration. c2: an active volunteer and an active party member.
  pb::Volunteer a1 = MustRegister(NewPerson(c1), System());
  pb::Volunteer a2 = MustRegister(NewPerson(c1), System());
  pb::Volunteer p1 = MustRegister(NewPerson(c1, /*party_member=*/true), System());
  pb::Volunteer p2 = MustRegister(NewPerson(c1, /*party_member=*/true), System());
  pb::Volunteer pending = MustRegister(NewPerson(c1), Self("stats-pending"));
  EXPECT_EQ(pending.status(), pb::VOLUNTEER_STATUS_PENDING);
  pb::Volunteer b1 = MustRegister(NewPerson(c2), System());
  pb::Volunteer p3 = MustRegister(NewPerson(c2, /*party_member=*/true), System());
  // A party member living in another street reports to c2 (在职党员报到).
  pb::Volunteer outsider = MustRegister(NewPerson(kCommunityA, /*party_member=*/true));
  auto report = [&](const pb::Volunteer& v, const std::string& community) {
    pb::ReportToCommunityRequest request;
    request.set_request_id(NextRequestId());
    request.set_volunteer_id(v.volunteer_id());
    request.set_community_id(community);
    pb::Volunteer reported;
    ASSERT_TRUE(Call(&Stub::ReportToCommunity, System(), request, &reported).ok());
  };
  report(p1, c1);
  report(outsider, c2);
  pb::ChangeVolunteerStatusRequest suspend;
  suspend.set_request_id(NextRequestId());
  suspend.set_volunteer_id(p2.volunteer_id());
  suspend.set_reason("长期未参加活动");
  pb::Volunteer suspended;
  ASSERT_TRUE(Call(&Stub::SuspendVolunteer, System(), suspend, &suspended).ok());

  auto record = [&](const pb::Volunteer& v, double hours, const std::string& date) {
    auto request = ServiceRequest(v.volunteer_id(), hours, pb::SERVICE_SOURCE_POST_LOG,
                                  "stats-" + NextRequestId());
    request.set_request_id(NextRequestId());
    request.set_service_date(date);
    pb::ServiceRecord recorded;
    EXPECT_TRUE(Call(&Stub::RecordService, System(), request, &recorded).ok());
    return recorded;
  };
  auto correct = [&](const pb::ServiceRecord& r, double hours) {
    pb::CorrectServiceRecordRequest request;
    request.set_request_id(NextRequestId());
    request.set_record_id(r.record_id());
    request.set_hours(hours);
    request.set_reason("核对更正");
    pb::ServiceRecord corrected;
    ASSERT_TRUE(Call(&Stub::CorrectServiceRecord, System(), request, &corrected).ok());
  };
  record(a1, 3, "2026-06-01");
  record(a1, 2.5, "2026-06-10");
  record(a1, 5, "2026-05-31");                // May
  correct(record(a2, 4, "2026-06-05"), 1.5);  // only the correction counts
  record(b1, 2, "2026-06-14");
  correct(record(p3, 2, "2026-06-03"), 0);  // withdrawn: p3 did not serve
  record(outsider, 6, "2026-06-02");        // lives in another street

  auto statistics = [&](const std::string& region, const std::string& month,
                        const std::string& token) {
    pb::GetRegionStatisticsRequest request;
    request.set_region_id(region);
    request.set_month(month);
    pb::RegionStatistics response;
    grpc::Status status = Call(&Stub::GetRegionStatistics, token, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  pb::RegionStatistics june_c1 = statistics(c1, "", admin_c1);
  EXPECT_EQ(june_c1.region_id(), c1);
  EXPECT_EQ(june_c1.month(), "2026-06");  // empty: the current month
  EXPECT_EQ(june_c1.active_volunteers(), 3);
  EXPECT_EQ(june_c1.pending_volunteers(), 1);
  EXPECT_EQ(june_c1.party_members(), 1);
  EXPECT_EQ(june_c1.reported_party_members(), 1);
  EXPECT_DOUBLE_EQ(june_c1.month_hours(), 7);
  EXPECT_EQ(june_c1.month_served_volunteers(), 2);

  pb::RegionStatistics june_c2 = statistics(c2, "2026-06", street_admin);
  EXPECT_EQ(june_c2.active_volunteers(), 2);
  EXPECT_EQ(june_c2.pending_volunteers(), 0);
  EXPECT_EQ(june_c2.party_members(), 1);
  EXPECT_EQ(june_c2.reported_party_members(), 1);
  EXPECT_DOUBLE_EQ(june_c2.month_hours(), 2);
  EXPECT_EQ(june_c2.month_served_volunteers(), 1);

  pb::RegionStatistics june_street = statistics(street, "2026-06", System());
  EXPECT_EQ(june_street.region_id(), street);
  EXPECT_EQ(june_street.active_volunteers(), 5);
  EXPECT_EQ(june_street.pending_volunteers(), 1);
  EXPECT_EQ(june_street.party_members(), 2);
  EXPECT_EQ(june_street.reported_party_members(), 2);
  EXPECT_DOUBLE_EQ(june_street.month_hours(), 9);
  EXPECT_EQ(june_street.month_served_volunteers(), 3);

  pb::RegionStatistics may_street = statistics(street, "2026-05", street_admin);
  EXPECT_EQ(may_street.month(), "2026-05");
  EXPECT_DOUBLE_EQ(may_street.month_hours(), 5);
  EXPECT_EQ(may_street.month_served_volunteers(), 1);
  EXPECT_EQ(may_street.active_volunteers(), 5);  // counts are as of now
  // The current month is China's: 00:30 on 1 July there is still June in UTC.
  clock_->Set(std::chrono::system_clock::from_time_t(1782837000));
  pb::RegionStatistics july = statistics(street, "", System());
  clock_->Set(std::chrono::system_clock::from_time_t(1781500000));
  EXPECT_EQ(july.month(), "2026-07");
  EXPECT_DOUBLE_EQ(july.month_hours(), 0);

  // Admins in scope and the system only.
  pb::GetRegionStatisticsRequest request;
  request.set_region_id(c1);
  pb::RegionStatistics response;
  EXPECT_EQ(Call(&Stub::GetRegionStatistics, AdminA(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetRegionStatistics, StreetAdmin(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Call(&Stub::GetRegionStatistics, Self(a1.volunteer_id()), request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  request.set_region_id(street);
  EXPECT_EQ(Call(&Stub::GetRegionStatistics, admin_c1, request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Bad arguments name the field.
  testing::ExpectRegionAndMonthChecked(
      [&](const std::string& region_id, const std::string& month) {
        request.set_region_id(region_id);
        request.set_month(month);
        return Call(&Stub::GetRegionStatistics, System(), request, &response);
      },
      c1, {"", "41150200500", "411502005001001", "4115020050x1"});
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
