// gateway_test: the national service-record export as one CSV file
// (GET /v1/regions/{region_id}/service-records.csv, services/gateway/service_record_csv.h):
// the BOM and header, RFC 4180 quoting, the formula guard, every row once across several
// pages, the volunteer service's row cap relayed, how many files are built at once, refusals, and
// the export logged by the volunteer service.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/gateway/service_record_csv.h"
#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

class GatewayExportTest : public GatewayTest {
 protected:
  // A front of its own: pages of two rows, at most `max_concurrent` files at once.
  static std::unique_ptr<HttpFront> Front(int max_concurrent = 2) {
    HttpOptions options;
    options.rate_limits = RateLimits{RateLimit{1000, 1000}, {}};
    options.service_record_csv.page_size = 2;
    options.service_record_csv.max_concurrent = max_concurrent;
    auto front = std::make_unique<HttpFront>(*gateway_, *verifier_, options);
    EXPECT_TRUE(front->Start("127.0.0.1", 0).ok());
    return front;
  }

  static void RecordInJuly(const std::string& date, const std::string& organiser,
                           const std::string& description, double hours) {
    auto stub = vpb::VolunteerService::NewStub(volunteer_->server.channel());
    vpb::RecordServiceRequest request;
    request.set_request_id("g-export-" + date);
    request.set_volunteer_id(volunteer_id_);
    request.set_hours(hours);
    request.set_service_date(date);
    request.set_organiser(organiser);
    request.set_organiser_region_id(kCommunityA);
    request.set_source(vpb::SERVICE_SOURCE_ACTIVITY);
    request.set_description(description);
    vpb::ServiceRecord record;
    ASSERT_TRUE(testing::CallWith(stub.get(), &vpb::VolunteerService::Stub::RecordService, System(),
                                  request, &record)
                    .ok());
  }

  static size_t Lines(const std::string& body) {
    size_t lines = 0;
    for (size_t at = body.find("\r\n"); at != std::string::npos; at = body.find("\r\n", at + 2)) {
      ++lines;
    }
    return lines;
  }
};

TEST(ServiceRecordCsvTest, CellsAreQuotedAndFormulasKeptAsText) {
  EXPECT_EQ(CsvCell("河南路社区"), "\"河南路社区\"");
  EXPECT_EQ(CsvCell("他说\"好\",走了"), "\"他说\"\"好\"\",走了\"");
  EXPECT_EQ(CsvCell("=SUM(A1)"), "\"'=SUM(A1)\"");
  EXPECT_EQ(CsvCell("+86"), "\"'+86\"");
  EXPECT_EQ(CsvCell("-1"), "\"'-1\"");
  EXPECT_EQ(CsvCell("@cmd"), "\"'@cmd\"");
  EXPECT_EQ(CsvCell("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(CsvCell("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(CsvCell("\n=1"), "\"'\n=1\"");
  // The full-width signs a Chinese input method types.
  EXPECT_EQ(CsvCell("＝SUM(A1)"), "\"'＝SUM(A1)\"");
  EXPECT_EQ(CsvCell("＋86"), "\"'＋86\"");
  EXPECT_EQ(CsvCell("－1"), "\"'－1\"");
  EXPECT_EQ(CsvCell("＠cmd"), "\"'＠cmd\"");
  // Inside a value they are harmless; other full-width text is left alone.
  EXPECT_EQ(CsvCell("a=1"), "\"a=1\"");
  EXPECT_EQ(CsvCell("（一）"), "\"（一）\"");
  EXPECT_EQ(CsvCell(""), "\"\"");
  EXPECT_EQ(ServiceRecordCsvHeader().rfind("\xEF\xBB\xBF记录编号,", 0), 0u);
}

TEST(ServiceRecordCsvTest, TheRequestIsCheckedAndTheFilenameBuiltOfDigitsAndDashes) {
  vpb::ExportServiceRecordsRequest request;
  request.set_region_id("411502001001");
  request.set_period_start("2025-07-01");
  request.set_period_end("2025-07-31");
  EXPECT_TRUE(CheckServiceRecordCsvRequest(request).ok());
  request.set_region_id("411502001");
  EXPECT_TRUE(CheckServiceRecordCsvRequest(request).ok());
  for (const char* region : {"", "41150200100", "41150200100x", "411502001\"001"}) {
    request.set_region_id(region);
    absl::Status status = CheckServiceRecordCsvRequest(request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << region;
    EXPECT_EQ(status.message().rfind("region_id", 0), 0u) << status.message();
  }
  request.set_region_id("411502001001");
  request.set_period_end("2025-07-31\"; x=");
  EXPECT_EQ(CheckServiceRecordCsvRequest(request).message().rfind("period_end", 0), 0u);
  EXPECT_EQ(ServiceRecordCsvFilename("411502001001", "2025-07-01", "2025-07-31"),
            "service-records-411502001001-2025-07-01-2025-07-31.csv");
  EXPECT_EQ(ServiceRecordCsvFilename("41\"; a=b\r\n", "2025-07-01", "2025-07-31"),
            "service-records-41-2025-07-01-2025-07-31.csv");
}

TEST(ServiceRecordCsvTest, SlotsHoldAtMostKFilesAndOnePerCaller) {
  ServiceRecordCsvSlots slots(2);
  auto first = slots.Acquire("community_admin:a");
  ASSERT_TRUE(first.ok());
  auto again = slots.Acquire("community_admin:a");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(again.status().message().find("previous export"), std::string::npos);
  auto second = slots.Acquire("street_admin:b");
  ASSERT_TRUE(second.ok());
  auto third = slots.Acquire("community_admin:c");
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(slots.in_use(), 2);
  first->reset();  // the export ended
  EXPECT_EQ(slots.in_use(), 1);
  EXPECT_TRUE(slots.Acquire("community_admin:c").ok()) << "freed with the slot";
  EXPECT_EQ(slots.in_use(), 1) << "a slot not kept is freed at once";
}

TEST_F(GatewayExportTest, TheCsvHoldsEveryRecordOnceQuotedAndGuarded) {
  RecordInJuly("2025-07-01", "河南路社区, 党群服务中心", "他说\"好\"，然后走了", 2);
  RecordInJuly("2025-07-02", "河南路社区", "=cmd|' /C calc'!A0", 1.5);
  RecordInJuly("2025-07-03", "河南路社区", "+1 帮扶", 3);
  RecordInJuly("2025-07-04", "河南路社区", "@SUM(1)", 0.25);
  RecordInJuly("2025-07-05", "河南路社区", "-2 清扫", 4);
  const std::string admin = tokens_->Token(Role::kCommunityAdmin, "gw-admin", {kCommunityA});
  const std::string path =
      "/v1/regions/411502001001/service-records.csv?period_start=2025-07-01&period_end=2025-07-31";

  auto front = Front();
  httplib::Client client("127.0.0.1", front->port());
  client.set_read_timeout(10, 0);
  auto answer = client.Get(path, Auth(admin));
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(answer->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(answer->get_header_value("Content-Disposition"),
            "attachment; filename=\"service-records-411502001001-2025-07-01-2025-07-31.csv\"");
  EXPECT_EQ(answer->get_header_value("Cache-Control"), "private, no-store");
  const std::string& body = answer->body;
  EXPECT_EQ(body.rfind(ServiceRecordCsvHeader(), 0), 0u) << "the BOM and the header first";
  EXPECT_EQ(Lines(body), 6u) << body;  // the header and five records over three pages
  const std::string first17 = "41150219800101123";
  const std::string id_number = first17 + volunteer::ResidentIdCheckCharacter(first17);
  EXPECT_NE(body.find("\"李伟\",\"居民身份证\",\"" + id_number + "\""), std::string::npos);
  EXPECT_NE(body.find("\"河南路社区, 党群服务中心\""), std::string::npos);
  EXPECT_NE(body.find("\"他说\"\"好\"\"，然后走了\""), std::string::npos);
  EXPECT_NE(body.find("\"'=cmd|' /C calc'!A0\""), std::string::npos);
  EXPECT_NE(body.find("\"'+1 帮扶\""), std::string::npos);
  EXPECT_NE(body.find("\"'@SUM(1)\""), std::string::npos);
  EXPECT_NE(body.find("\"'-2 清扫\""), std::string::npos);
  EXPECT_NE(body.find(",1.5,\"否\"\r\n"), std::string::npos);
  EXPECT_NE(body.find(",0.25,\"否\"\r\n"), std::string::npos);
  // The volunteer service logged one export of five rows in three pages.
  EXPECT_EQ(
      volunteer_->database.Scalar("SELECT rows_served || '/' || pages FROM service_record_exports "
                                  "WHERE caller = 'gw-admin' ORDER BY seq DESC LIMIT 1"),
      "5/3");

  // The pages as JSON answer ID numbers in full too: no cache keeps them.
  auto json_page = client.Get(
      "/v1/regions/411502001001/service-record-export?period_start=2025-07-01&"
      "period_end=2025-07-31",
      Auth(admin));
  ASSERT_TRUE(json_page);
  ASSERT_EQ(json_page->status, 200) << json_page->body;
  EXPECT_NE(json_page->body.find(id_number), std::string::npos);
  EXPECT_EQ(json_page->get_header_value("Cache-Control"), "private, no-store");

  // A volunteer, an admin elsewhere, no token, no period: refused.
  EXPECT_EQ(client.Get(path, Auth(Self(volunteer_id_)))->status, 403);
  EXPECT_EQ(
      client.Get(path, Auth(tokens_->Token(Role::kCommunityAdmin, "gw-other", {"411502001002"})))
          ->status,
      403);
  EXPECT_EQ(client.Get(path)->status, 401);
  EXPECT_EQ(
      client
          .Get("/v1/regions/411502001001/service-records.csv?period_start=2025-07-01", Auth(admin))
          ->status,
      400);
  EXPECT_EQ(client
                .Get("/v1/regions/41150200100x/service-records.csv?period_start=2025-07-01&"
                     "period_end=2025-07-31",
                     Auth(admin))
                ->status,
            400);
}

TEST_F(GatewayExportTest, MoreRowsThanTheServiceTakesAreRefusedBeforeAnyIsRevealed) {
  // One more record than the volunteer service's cap (its test stack's), in January and
  // February 2025.
  absl::CivilDay day(2025, 1, 1);
  for (int i = 0; i <= testing::VolunteerStack::kExportMaxRows; ++i, ++day) {
    RecordInJuly(absl::FormatCivilTime(day), "河南路社区", "巡逻", 1);
  }
  const std::string admin = tokens_->Token(Role::kCommunityAdmin, "gw-capped", {kCommunityA});
  auto front = Front();
  httplib::Client client("127.0.0.1", front->port());
  client.set_read_timeout(10, 0);
  auto refused = client.Get(
      "/v1/regions/411502001001/service-records.csv?period_start=2025-01-01&period_end=2025-02-28",
      Auth(admin));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409) << refused->body;
  EXPECT_NE(refused->body.find("FAILED_PRECONDITION"), std::string::npos) << refused->body;
  EXPECT_NE(
      refused->body.find("more than " + std::to_string(testing::VolunteerStack::kExportMaxRows)),
      std::string::npos)
      << refused->body;
  EXPECT_NE(refused->body.find("shorter period"), std::string::npos) << refused->body;
  // Refused at the first page: no export, no ID number revealed.
  EXPECT_EQ(volunteer_->database.Scalar(
                "SELECT count(*) FROM service_record_exports WHERE caller = 'gw-capped'"),
            "0");
  EXPECT_EQ(volunteer_->database.Scalar(
                "SELECT count(*) FROM id_number_lookups WHERE caller = 'gw-capped'"),
            "0");
  EXPECT_EQ(front->service_record_csv_slots().in_use(), 0) << "the refused export's slot freed";

  // A month is within the cap.
  auto january = client.Get(
      "/v1/regions/411502001001/service-records.csv?period_start=2025-01-01&period_end=2025-01-31",
      Auth(admin));
  ASSERT_TRUE(january);
  EXPECT_EQ(january->status, 200) << january->body;
  EXPECT_EQ(Lines(january->body), 32u);
}

TEST_F(GatewayExportTest, FilesBuiltAtOnceAreBounded) {
  const std::string admin = tokens_->Token(Role::kCommunityAdmin, "gw-busy", {kCommunityA});
  const std::string path =
      "/v1/regions/411502001001/service-records.csv?period_start=2025-07-01&period_end=2025-07-31";
  auto front = Front(/*max_concurrent=*/2);
  httplib::Client client("127.0.0.1", front->port());
  client.set_read_timeout(10, 0);
  // The caller's previous file still being built (held here, as an export in flight holds it).
  auto own = front->service_record_csv_slots().Acquire(
      std::string(RoleName(Role::kCommunityAdmin)) + ":gw-busy");
  ASSERT_TRUE(own.ok());
  auto refused = client.Get(path, Auth(admin));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_EQ(refused->get_header_value("Retry-After"), "30");
  EXPECT_NE(refused->body.find("RESOURCE_EXHAUSTED"), std::string::npos) << refused->body;
  own->reset();
  // Two other callers' files in flight: the gateway builds no third.
  auto other1 = front->service_record_csv_slots().Acquire("street_admin:x");
  auto other2 = front->service_record_csv_slots().Acquire("street_admin:y");
  ASSERT_TRUE(other1.ok() && other2.ok());
  refused = client.Get(path, Auth(admin));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_FALSE(refused->get_header_value("Retry-After").empty());
  other1->reset();
  auto served = client.Get(path, Auth(admin));
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200) << served->body;
  EXPECT_EQ(front->service_record_csv_slots().in_use(), 1) << "only the one still held";
}

}  // namespace
}  // namespace tongxin::gateway
