// gateway_test: the national service-record export as one CSV file
// (GET /v1/regions/{region_id}/service-records.csv, services/gateway/service_record_csv.h):
// the BOM and header, RFC 4180 quoting, the formula guard, every row once across several
// pages, the row cap, refusals, and the export logged by the volunteer service.
#include <string>

#include "services/gateway/service_record_csv.h"
#include "tests/gateway/gateway_fixture.h"

namespace tongxin::gateway {
namespace {

class GatewayExportTest : public GatewayTest {
 protected:
  // A front of its own: pages of two rows, at most `max_rows` rows.
  static std::unique_ptr<HttpFront> Front(int max_rows) {
    HttpOptions options;
    options.rate_limits = RateLimits{RateLimit{1000, 1000}, {}};
    options.service_record_csv.page_size = 2;
    options.service_record_csv.max_rows = max_rows;
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
  EXPECT_EQ(CsvCell(""), "\"\"");
  EXPECT_EQ(ServiceRecordCsvHeader().rfind("\xEF\xBB\xBF记录编号,", 0), 0u);
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

  auto front = Front(10);
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

  // More rows than the cap: refused, telling the admin to narrow the period.
  auto capped = Front(4);
  httplib::Client capped_client("127.0.0.1", capped->port());
  capped_client.set_read_timeout(10, 0);
  auto refused = capped_client.Get(path, Auth(admin));
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->status, 200);
  EXPECT_NE(refused->body.find("FAILED_PRECONDITION"), std::string::npos) << refused->body;
  EXPECT_NE(refused->body.find("shorter period"), std::string::npos) << refused->body;

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
}

}  // namespace
}  // namespace tongxin::gateway
