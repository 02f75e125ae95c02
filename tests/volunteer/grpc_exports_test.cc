// volunteer_grpc_test: the national service-record export (docs/national-export.md): the
// effective records of a region and period, pages that give every row once from one snapshot,
// signed page tokens bound to their caller, region, period and time, who may export, and the
// export's log and reveals.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/volunteer/domain/record_export.h"
#include "tests/volunteer/grpc_fixture.h"

namespace tongxin::volunteer::grpc_tests {
namespace {

class ExportTest : public VolunteerGrpcTest {
 protected:
  static pb::ServiceRecord Record(const std::string& volunteer_id, double hours,
                                  const std::string& date, const std::string& token = "") {
    auto request = ServiceRequest(volunteer_id, hours, pb::SERVICE_SOURCE_ACTIVITY, "");
    request.set_request_id(NextRequestId());
    request.set_service_date(date);
    request.set_description("=HYPERLINK(\"x\") 陪伴老人");
    pb::ServiceRecord record;
    grpc::Status status =
        Call(&Stub::RecordService, token.empty() ? AdminA() : token, request, &record);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return record;
  }

  static pb::ServiceRecord Correct(const std::string& record_id, double hours) {
    pb::CorrectServiceRecordRequest request;
    request.set_request_id(NextRequestId());
    request.set_record_id(record_id);
    request.set_hours(hours);
    request.set_reason("时长登记有误");
    pb::ServiceRecord record;
    grpc::Status status = Call(&Stub::CorrectServiceRecord, AdminA(), request, &record);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return record;
  }

  static pb::ExportServiceRecordsRequest ExportRequest(const std::string& region,
                                                       const std::string& start,
                                                       const std::string& end, int page_size = 0,
                                                       const std::string& token = "") {
    pb::ExportServiceRecordsRequest request;
    request.set_region_id(region);
    request.set_period_start(start);
    request.set_period_end(end);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return request;
  }

  static grpc::Status Export(const std::string& caller, const pb::ExportServiceRecordsRequest& r,
                             pb::ExportServiceRecordsResponse* page) {
    return Call(&Stub::ExportServiceRecords, caller, r, page);
  }

  // Every page, in order; fails the test on a refusal.
  static std::vector<pb::ExportedServiceRecord> ExportAll(const std::string& caller,
                                                          pb::ExportServiceRecordsRequest request,
                                                          int* pages = nullptr) {
    std::vector<pb::ExportedServiceRecord> rows;
    for (int page_count = 1;; ++page_count) {
      pb::ExportServiceRecordsResponse page;
      grpc::Status status = Export(caller, request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return rows;
      rows.insert(rows.end(), page.records().begin(), page.records().end());
      if (page.next_page_token().empty()) {
        if (pages != nullptr) *pages = page_count;
        return rows;
      }
      request.set_page_token(page.next_page_token());
    }
  }
};

TEST_F(ExportTest, RowsAreTheEffectiveRecordsOfTheRegionAndPeriod) {
  auto person = NewPerson(kCommunityA);
  pb::Volunteer a = MustRegister(person);
  pb::Volunteer b = MustRegister(NewPerson(kCommunityB), StreetAdmin());
  pb::ServiceRecord plain = Record(a.volunteer_id(), 2, "2025-02-03");
  pb::ServiceRecord corrected = Record(a.volunteer_id(), 3, "2025-02-05");
  pb::ServiceRecord correction = Correct(corrected.record_id(), 4.5);
  pb::ServiceRecord withdrawn = Record(a.volunteer_id(), 1, "2025-02-10");
  Correct(withdrawn.record_id(), 0);
  Record(a.volunteer_id(), 5, "2025-01-31");                 // before the period
  Record(a.volunteer_id(), 5, "2025-03-01");                 // after it
  Record(b.volunteer_id(), 6, "2025-02-04", StreetAdmin());  // outside community A

  pb::ExportServiceRecordsResponse page;
  ASSERT_TRUE(Export(AdminA(), ExportRequest(kCommunityA, "2025-02-01", "2025-02-28"), &page).ok());
  ASSERT_EQ(page.records_size(), 2);
  EXPECT_TRUE(page.next_page_token().empty());
  EXPECT_FALSE(page.export_id().empty());
  const auto& first = page.records(0);
  EXPECT_EQ(first.record_reference(), plain.record_id());
  EXPECT_EQ(first.volunteer_name(), person.name());
  EXPECT_EQ(first.id_number(), person.id_number());  // in full
  EXPECT_EQ(first.hours(), 2);
  EXPECT_EQ(first.service_date(), "2025-02-03");
  EXPECT_EQ(first.organiser(), "河南路社区");
  EXPECT_EQ(first.place_region_id(), kCommunityA);
  EXPECT_EQ(first.place_name(), "河南路社区");
  EXPECT_EQ(first.source(), pb::SERVICE_SOURCE_ACTIVITY);
  EXPECT_FALSE(first.corrected());
  // The correction's value under the original's reference; the correction's own id never shows.
  const auto& second = page.records(1);
  EXPECT_EQ(second.record_reference(), corrected.record_id());
  EXPECT_NE(second.record_reference(), correction.record_id());
  EXPECT_EQ(second.hours(), 4.5);
  EXPECT_TRUE(second.corrected());

  // The street's export holds community B's record too.
  auto street_rows = ExportAll(StreetAdmin(), ExportRequest(kStreet, "2025-02-01", "2025-02-28"));
  EXPECT_EQ(street_rows.size(), 3u);

  // Logged: the export's row, and one reveal of the volunteer's ID number.
  EXPECT_EQ(Scalar("SELECT rows_served || '/' || pages || '/' || caller || '/' || region_id "
                   "FROM service_record_exports WHERE export_id = '" +
                   page.export_id() + "'"),
            std::string("2/1/admin-a/") + kCommunityA);
  EXPECT_EQ(Scalar("SELECT count(*) FROM id_number_lookups WHERE result = 8 AND caller = "
                   "'admin-a' AND volunteer_id = '" +
                   a.volunteer_id() + "'"),
            "1");
  pb::ListServiceRecordExportsRequest list;
  list.set_region_id(kCommunityA);
  pb::ListServiceRecordExportsResponse exports;
  ASSERT_TRUE(Call(&Stub::ListServiceRecordExports, AdminA(), list, &exports).ok());
  ASSERT_GE(exports.exports_size(), 1);
  bool listed = false;
  for (const auto& e : exports.exports()) {
    if (e.export_id() != page.export_id()) continue;
    listed = true;
    EXPECT_EQ(e.rows_served(), 2);
    EXPECT_EQ(e.pages(), 1);
    EXPECT_EQ(e.caller(), "admin-a");
    EXPECT_EQ(e.period_start(), "2025-02-01");
    EXPECT_EQ(e.period_end(), "2025-02-28");
  }
  EXPECT_TRUE(listed);
  // The reveal shows in the region's ID-number access log.
  pb::ListIdNumberLookupsRequest lookups_request;
  lookups_request.set_region_id(kCommunityA);
  pb::ListIdNumberLookupsResponse lookups;
  ASSERT_TRUE(Call(&Stub::ListIdNumberLookups, AdminA(), lookups_request, &lookups).ok());
  bool revealed = false;
  for (const auto& l : lookups.lookups()) {
    revealed = revealed || (l.result() == pb::ID_LOOKUP_RESULT_EXPORTED &&
                            l.volunteer_id() == a.volunteer_id());
  }
  EXPECT_TRUE(revealed);
}

TEST_F(ExportTest, PagesGiveEveryRowOnceFromOneSnapshot) {
  pb::Volunteer a = MustRegister(NewPerson(kCommunityA));
  pb::Volunteer mover = MustRegister(NewPerson(kCommunityA));
  std::set<std::string> expected;
  std::map<std::string, double> hours;
  for (int i = 0; i < 4; ++i) {
    // Two records on each of two days: the key's record id orders a day's records.
    auto r = Record(a.volunteer_id(), 1 + i, i < 2 ? "2025-04-02" : "2025-04-09");
    expected.insert(r.record_id());
    hours[r.record_id()] = r.hours();
  }
  std::vector<pb::ServiceRecord> movers;
  for (const char* date : {"2025-04-03", "2025-04-20", "2025-04-28"}) {
    movers.push_back(Record(mover.volunteer_id(), 2, date));
    expected.insert(movers.back().record_id());
    hours[movers.back().record_id()] = 2;
  }

  auto request = ExportRequest(kCommunityA, "2025-04-01", "2025-04-30", 3);
  pb::ExportServiceRecordsResponse page;
  ASSERT_TRUE(Export(AdminA(), request, &page).ok());
  ASSERT_EQ(page.records_size(), 3);
  const std::string export_id = page.export_id();
  std::vector<pb::ExportedServiceRecord> rows(page.records().begin(), page.records().end());

  // Meanwhile: a record added, the last record corrected, and a volunteer moves away. None of
  // it changes this export.
  Record(a.volunteer_id(), 7, "2025-04-29");
  Correct(movers.back().record_id(), 9);
  ASSERT_EQ(
      Scalar("UPDATE volunteers SET community_id = '" + std::string(kCommunityB) +
             "', grid_id = NULL WHERE volunteer_id = '" + mover.volunteer_id() + "' RETURNING 1"),
      "1");

  int pages = 1;
  while (!page.next_page_token().empty()) {
    request.set_page_token(page.next_page_token());
    page.Clear();
    ASSERT_TRUE(Export(AdminA(), request, &page).ok());
    EXPECT_EQ(page.export_id(), export_id);
    rows.insert(rows.end(), page.records().begin(), page.records().end());
    ++pages;
  }
  EXPECT_EQ(pages, 3);
  std::set<std::string> seen;
  std::string last_date;
  for (const auto& row : rows) {
    EXPECT_TRUE(seen.insert(row.record_reference()).second) << "twice: " << row.record_reference();
    EXPECT_EQ(row.hours(), hours[row.record_reference()]) << "as of the first page";
    EXPECT_FALSE(row.corrected());
    EXPECT_GE(row.service_date(), last_date);
    last_date = row.service_date();
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(Scalar("SELECT rows_served || '/' || pages FROM service_record_exports "
                   "WHERE export_id = '" +
                   export_id + "'"),
            "7/3");
  EXPECT_EQ(Scalar("SELECT count(*) FROM service_record_export_volunteers WHERE export_id = '" +
                   export_id + "'"),
            "2")
      << "the volunteers an export covered are kept for a retried page until the purge";

  // A new export sees today's state: the added record, the correction, the mover gone.
  auto fresh = ExportAll(AdminA(), ExportRequest(kCommunityA, "2025-04-01", "2025-04-30"));
  EXPECT_EQ(fresh.size(), 5u);
}

TEST_F(ExportTest, PageTokensAreBoundToCallerRegionPeriodAndTime) {
  pb::Volunteer a = MustRegister(NewPerson(kCommunityA));
  for (const char* date : {"2025-05-02", "2025-05-03", "2025-05-04"})
    Record(a.volunteer_id(), 1, date);
  auto request = ExportRequest(kCommunityA, "2025-05-01", "2025-05-31", 1);
  pb::ExportServiceRecordsResponse first;
  ASSERT_TRUE(Export(AdminA(), request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  const std::string token = first.next_page_token();
  auto with_token = [&](std::string t, std::string region = kCommunityA,
                        std::string start = "2025-05-01") {
    auto r = ExportRequest(region, start, "2025-05-31", 1, std::move(t));
    return r;
  };
  pb::ExportServiceRecordsResponse page;

  // Tampered anywhere: refused.
  std::string tampered = token;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  grpc::Status status = Export(AdminA(), with_token(tampered), &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("page_token", 0), 0u) << status.error_message();
  EXPECT_EQ(Export(AdminA(), with_token("garbage"), &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Another caller, even one in scope of the region: refused.
  EXPECT_EQ(Export(StreetAdmin(), with_token(token), &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string other_admin_a = Token(Role::kCommunityAdmin, "admin-a2", {kCommunityA});
  EXPECT_EQ(Export(other_admin_a, with_token(token), &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Another period, or another region: refused.
  EXPECT_EQ(Export(AdminA(), with_token(token, kCommunityA, "2025-05-02"), &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  pb::ExportServiceRecordsResponse street_first;
  ASSERT_TRUE(
      Export(StreetAdmin(), ExportRequest(kStreet, "2025-05-01", "2025-05-31", 1), &street_first)
          .ok());
  ASSERT_FALSE(street_first.next_page_token().empty());
  EXPECT_EQ(Export(StreetAdmin(), with_token(street_first.next_page_token(), kCommunityA), &page)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // The right caller within 15 minutes: the next page.
  ASSERT_TRUE(Export(AdminA(), with_token(token), &page).ok());
  EXPECT_EQ(page.export_id(), first.export_id());
  EXPECT_EQ(page.records_size(), 1);
  // Later than that: expired.
  const std::string next = page.next_page_token();
  ASSERT_FALSE(next.empty());
  clock_->Advance(std::chrono::minutes(16));
  status = Export(AdminA(), with_token(next), &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("expired"), std::string::npos) << status.error_message();
  // Refused pages were neither counted nor logged.
  EXPECT_EQ(Scalar("SELECT rows_served || '/' || pages FROM service_record_exports "
                   "WHERE export_id = '" +
                   first.export_id() + "'"),
            "2/2");
}

TEST_F(ExportTest, TheLastPageRetriedIsTheSameLastPageUntilTheSnapshotIsPurged) {
  pb::Volunteer a = MustRegister(NewPerson(kCommunityA));
  for (const char* date : {"2024-05-02", "2024-05-03", "2024-05-04"})
    Record(a.volunteer_id(), 1, date);
  auto request = ExportRequest(kCommunityA, "2024-05-01", "2024-05-31", 2);
  pb::ExportServiceRecordsResponse first;
  ASSERT_TRUE(Export(AdminA(), request, &first).ok());
  EXPECT_EQ(first.total_records(), 3);
  ASSERT_EQ(first.records_size(), 2);
  request.set_page_token(first.next_page_token());
  pb::ExportServiceRecordsResponse last;
  ASSERT_TRUE(Export(AdminA(), request, &last).ok());
  ASSERT_EQ(last.records_size(), 1);
  EXPECT_TRUE(last.next_page_token().empty());
  EXPECT_EQ(last.total_records(), 3);
  const std::string finished =
      Scalar("SELECT finished_at FROM service_record_exports WHERE export_id = '" +
             first.export_id() + "'");
  EXPECT_FALSE(finished.empty()) << "the last page finishes the export";

  // The last page's answer lost and the page asked for again: the same last page, not an empty
  // one that would make a short file look complete.
  pb::ExportServiceRecordsResponse retried;
  grpc::Status status = Export(AdminA(), request, &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(retried.records_size(), 1);
  EXPECT_EQ(retried.records(0).record_reference(), last.records(0).record_reference());
  EXPECT_EQ(retried.records(0).id_number(), last.records(0).id_number());
  EXPECT_TRUE(retried.next_page_token().empty());
  EXPECT_EQ(Scalar("SELECT rows_served || '/' || pages || '/' || rows_total || '/' || "
                   "(finished_at = '" +
                   finished + "') FROM service_record_exports WHERE export_id = '" +
                   first.export_id() + "'"),
            "4/3/3/true")
      << "the retry is counted (and its reveal logged); the finish stays the first";

  // Once every token of the export has expired (and a margin), the purge job forgets whom the
  // export covered; a token still held is refused, not answered with an empty page.
  clock_->Advance(kExportPageTokenLifetime + kExportPurgeMargin + std::chrono::minutes(1));
  auto purged = stack_->service->export_purge().RunOnce();
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_GE(*purged, 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM service_record_export_volunteers WHERE export_id = '" +
                   first.export_id() + "'"),
            "0");
  EXPECT_EQ(Scalar("SELECT snapshot_purged_at IS NOT NULL FROM service_record_exports "
                   "WHERE export_id = '" +
                   first.export_id() + "'"),
            "t");
  status = Export(AdminA(), request, &retried);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("expired"), std::string::npos) << status.error_message();

  // A token still within its lifetime whose export was purged (another replica's clock ahead)
  // is refused naming page_token.
  pb::ExportServiceRecordsResponse again;
  request.clear_page_token();
  ASSERT_TRUE(Export(AdminA(), request, &again).ok());
  request.set_page_token(again.next_page_token());
  ASSERT_TRUE(stack_->db
                  ->Transact({},
                             [&](Tx& tx) -> absl::Status {
                               stack_->service->exports().PurgeSnapshots(
                                   tx, clock_->Now() + std::chrono::hours(1));
                               return absl::OkStatus();
                             })
                  .ok());
  status = Export(AdminA(), request, &retried);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message().rfind("page_token", 0), 0u) << status.error_message();
}

TEST_F(ExportTest, MoreRowsThanTheCapAreRefusedBeforeAnyIsRevealed) {
  constexpr int kCap = tongxin::testing::VolunteerStack::kExportMaxRows;
  pb::Volunteer a = MustRegister(NewPerson(kCommunityA));
  absl::CivilDay day(2024, 1, 1);
  for (int i = 0; i <= kCap; ++i, ++day) Record(a.volunteer_id(), 1, absl::FormatCivilTime(day));
  const std::string admin = Token(Role::kCommunityAdmin, "admin-a-capped", {kCommunityA});
  const std::string exports_before = Scalar("SELECT count(*) FROM service_record_exports");

  pb::ExportServiceRecordsResponse page;
  grpc::Status status =
      Export(admin, ExportRequest(kCommunityA, "2024-01-01", "2024-03-31", 5), &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message().rfind("period: more than " + std::to_string(kCap), 0), 0u)
      << status.error_message();
  EXPECT_NE(status.error_message().find("shorter period"), std::string::npos);
  EXPECT_EQ(page.records_size(), 0);
  // Nothing revealed, nothing kept: no export row, no reveal, no snapshot.
  EXPECT_EQ(Scalar("SELECT count(*) FROM service_record_exports"), exports_before);
  EXPECT_EQ(Scalar("SELECT count(*) FROM id_number_lookups WHERE caller = 'admin-a-capped'"), "0");

  // A shorter period, within the cap: served, its size known from the first page.
  auto rows = ExportAll(admin, ExportRequest(kCommunityA, "2024-01-01", "2024-01-31", 10));
  EXPECT_EQ(rows.size(), 31u);
}

TEST_F(ExportTest, RevealsAreLoggedButDoNotSpendTheLookUpBudget) {
  const int budget = VolunteerOptions{}.id_lookups_per_hour;
  std::vector<pb::RegisterVolunteerRequest> people;
  for (int i = 0; i <= budget; ++i) {
    people.push_back(NewPerson(kCommunityA));
    pb::Volunteer v = MustRegister(people.back(), System());
    Record(v.volunteer_id(), 1, "2025-08-08", System());
  }
  const std::string admin = Token(Role::kCommunityAdmin, "admin-a-export", {kCommunityA});
  auto rows = ExportAll(admin, ExportRequest(kCommunityA, "2025-08-01", "2025-08-31", 7));
  ASSERT_EQ(static_cast<int>(rows.size()), budget + 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM id_number_lookups WHERE result = 8 AND caller = "
                   "'admin-a-export'"),
            std::to_string(budget + 1));
  // More numbers revealed than the hour's look-ups: the admin may still look one up.
  pb::FindVolunteerByIdNumberRequest find;
  find.set_id_number(people.front().id_number());
  pb::Volunteer found;
  grpc::Status status = Call(&Stub::FindVolunteerByIdNumber, admin, find, &found);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(ExportTest, OnlyAdminsInScopeExport) {
  pb::Volunteer a = MustRegister(NewPerson(kCommunityA));
  Record(a.volunteer_id(), 1, "2025-06-02");
  const std::string before = Scalar("SELECT count(*) FROM service_record_exports");
  auto request = ExportRequest(kCommunityA, "2025-06-01", "2025-06-30");
  pb::ExportServiceRecordsResponse page;
  EXPECT_EQ(Export(Self(a.volunteer_id()), request, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Export(AdminB(), request, &page).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Export("", request, &page).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      Export(AdminA(), ExportRequest(kStreet, "2025-06-01", "2025-06-30"), &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Scalar("SELECT count(*) FROM service_record_exports"), before);

  // Bad periods name their field.
  for (auto [start, end, field] : {std::tuple{"2025-06-30", "2025-06-01", "period_end"},
                                   {"", "2025-06-01", "period_start"},
                                   {"2025-02-30", "2025-03-01", "period_start"},
                                   {"2024-01-01", "2025-06-01", "period_end"}}) {
    grpc::Status status = Export(AdminA(), ExportRequest(kCommunityA, start, end), &page);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << start << " " << end;
    EXPECT_EQ(status.error_message().rfind(field, 0), 0u) << status.error_message();
  }

  pb::ListServiceRecordExportsRequest list;
  list.set_region_id(kCommunityA);
  pb::ListServiceRecordExportsResponse exports;
  EXPECT_EQ(Call(&Stub::ListServiceRecordExports, AdminB(), list, &exports).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Call(&Stub::ListServiceRecordExports, Self(a.volunteer_id()), list, &exports).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace tongxin::volunteer::grpc_tests
