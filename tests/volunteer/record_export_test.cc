// The national export's pure rules: its period, page size and signed page tokens
// (services/volunteer/domain/record_export.h).
#include "services/volunteer/domain/record_export.h"

#include <gtest/gtest.h>

#include <string>

namespace tongxin::volunteer {
namespace {

const std::string kKey(32, 'k');

ExportCursor Cursor() {
  ExportCursor c;
  c.export_id = "8c4a2c1e-0000-4000-8000-000000000001";
  c.caller = "community_admin:admin-a";
  c.region_id = "411502001001";
  c.period_start = "2025-02-01";
  c.period_end = "2025-02-28";
  c.as_of_micros = 1781500000000000;
  c.expires_micros = 1781500900000000;
  c.after = ExportKey{"2025-02-05", "8c4a2c1e-0000-4000-8000-000000000002"};
  return c;
}

TEST(RecordExportTest, ATokenOpensToItsCursor) {
  auto opened = OpenExportCursor(SignExportCursor(Cursor(), kKey), kKey);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->export_id, Cursor().export_id);
  EXPECT_EQ(opened->caller, Cursor().caller);
  EXPECT_EQ(opened->region_id, Cursor().region_id);
  EXPECT_EQ(opened->period_start, Cursor().period_start);
  EXPECT_EQ(opened->period_end, Cursor().period_end);
  EXPECT_EQ(opened->as_of_micros, Cursor().as_of_micros);
  EXPECT_EQ(opened->expires_micros, Cursor().expires_micros);
  EXPECT_EQ(opened->after.service_date, Cursor().after.service_date);
  EXPECT_EQ(opened->after.record_id, Cursor().after.record_id);
}

TEST(RecordExportTest, ATokenChangedOrSignedWithAnotherKeyIsRefused) {
  const std::string token = SignExportCursor(Cursor(), kKey);
  for (size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    auto opened = OpenExportCursor(changed, kKey);
    // Every character counts, the unused low bits of a field's last one included.
    ASSERT_FALSE(opened.ok()) << "changed at " << i;
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(OpenExportCursor(token, std::string(32, 'x')).ok());
  EXPECT_FALSE(OpenExportCursor(token.substr(0, token.size() - 3), kKey).ok());
  EXPECT_FALSE(OpenExportCursor("", kKey).ok());
  // Another region under the same signature.
  ExportCursor other = Cursor();
  other.region_id = "411502001";
  std::string forged = SignExportCursor(other, kKey);
  forged = forged.substr(0, forged.rfind('.')) + token.substr(token.rfind('.'));
  EXPECT_FALSE(OpenExportCursor(forged, kKey).ok());
}

TEST(RecordExportTest, ACursorServesOnlyItsCallerRegionPeriodAndTime) {
  const ExportCursor c = Cursor();
  const long long now = c.expires_micros - 1;
  EXPECT_TRUE(CheckExportCursor(c, c.caller, c.region_id, c.period_start, c.period_end, now).ok());
  EXPECT_EQ(CheckExportCursor(c, "community_admin:admin-b", c.region_id, c.period_start,
                              c.period_end, now)
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      CheckExportCursor(c, c.caller, "411502001002", c.period_start, c.period_end, now).code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckExportCursor(c, c.caller, c.region_id, "2025-02-02", c.period_end, now).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckExportCursor(c, c.caller, c.region_id, c.period_start, c.period_end,
                              c.expires_micros + 1)
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RecordExportTest, PeriodsAndPageSizes) {
  EXPECT_TRUE(CheckExportPeriod("2025-01-01", "2025-12-31").ok());
  EXPECT_TRUE(CheckExportPeriod("2024-01-01", "2024-12-31").ok());  // 366 days
  EXPECT_TRUE(CheckExportPeriod("2025-02-01", "2025-02-01").ok());
  EXPECT_FALSE(CheckExportPeriod("2024-01-01", "2025-01-01").ok());
  EXPECT_FALSE(CheckExportPeriod("2025-02-02", "2025-02-01").ok());
  EXPECT_FALSE(CheckExportPeriod("2025-02-29", "2025-03-01").ok());
  EXPECT_FALSE(CheckExportPeriod("", "2025-03-01").ok());
  EXPECT_EQ(*ExportPageSize(0), kDefaultExportPageSize);
  EXPECT_EQ(*ExportPageSize(5000), kMaxExportPageSize);
  EXPECT_FALSE(ExportPageSize(-1).ok());
}

}  // namespace
}  // namespace tongxin::volunteer
