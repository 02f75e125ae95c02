// volunteer_unit_test: a service record's rules without a database — hours, the sources other
// services record, the one supersession of a record, stars from hours.
#include "services/volunteer/domain/service_record.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tongxin::volunteer {
namespace {

TEST(ServiceHoursTest, OriginalRecordsHoldMoreThanZeroAndAtMostADay) {
  EXPECT_EQ(*CheckServiceHours(2.5, ZeroHours::kRefused), 2.5);
  EXPECT_EQ(*CheckServiceHours(24, ZeroHours::kRefused), 24);
  EXPECT_EQ(*CheckServiceHours(0.01, ZeroHours::kRefused), 0.01);
  for (double bad : {0.0, -1.0, 24.01, 1e-10, std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()}) {
    auto checked = CheckServiceHours(bad, ZeroHours::kRefused);
    ASSERT_FALSE(checked.ok()) << bad;
    EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(checked.status().message().substr(0, 7), "hours: ") << bad;
  }
  EXPECT_EQ(CheckServiceHours(0, ZeroHours::kRefused).status().message(),
            "hours: must be more than 0 and at most 24");
  EXPECT_EQ(CheckServiceHours(1e-10, ZeroHours::kRefused).status().message(),
            "hours: at most two decimals");
}

TEST(ServiceHoursTest, CorrectionsMaySetZeroAndKeepTwoDecimals) {
  EXPECT_EQ(*CheckServiceHours(0, ZeroHours::kAllowed), 0);
  EXPECT_EQ(*CheckServiceHours(1.25, ZeroHours::kAllowed), 1.25);
  EXPECT_EQ(CheckServiceHours(-0.5, ZeroHours::kAllowed).status().message(),
            "hours: must be between 0 and 24");
  EXPECT_EQ(CheckServiceHours(1.234, ZeroHours::kAllowed).status().message(),
            "hours: at most two decimals");
}

TEST(ServiceSourceTest, PostLogsAndWishesAreRecordedByTheirServices) {
  EXPECT_TRUE(RecordedByItsService(ServiceSource::kPostLog));
  EXPECT_TRUE(RecordedByItsService(ServiceSource::kWish));
  EXPECT_FALSE(RecordedByItsService(ServiceSource::kActivity));
  EXPECT_FALSE(RecordedByItsService(ServiceSource::kHonour));
  EXPECT_FALSE(RecordedByItsService(ServiceSource::kUnspecified));
}

TEST(ServiceRecordLifeTest, OnlyACurrentRecordIsCorrected) {
  ServiceRecord record;
  record.record_id = "r1";
  EXPECT_TRUE(IsCurrent(record));
  EXPECT_TRUE(CheckCorrectable(record).ok());
  record.superseded_by_record_id = "r2";
  EXPECT_FALSE(IsCurrent(record));
  absl::Status refused = CheckCorrectable(record);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "record_id: the record was already corrected; correct the newest record");
  EXPECT_EQ(refused, AlreadyCorrected());
}

TEST(StarTest, LevelsAtBoundaries) {
  EXPECT_EQ(StarLevel(0), 0);
  EXPECT_EQ(StarLevel(99.99), 0);
  EXPECT_EQ(StarLevel(100), 1);
  EXPECT_EQ(StarLevel(299.5), 1);
  EXPECT_EQ(StarLevel(300), 2);
  EXPECT_EQ(StarLevel(600), 3);
  EXPECT_EQ(StarLevel(999.9), 3);
  EXPECT_EQ(StarLevel(1000), 4);
  EXPECT_EQ(StarLevel(1499.99), 4);
  EXPECT_EQ(StarLevel(1500), 5);
  EXPECT_EQ(StarLevel(10000), 5);
  EXPECT_EQ(StarLevel(-5), 0);
}

TEST(StarTest, HoursToNextStar) {
  EXPECT_DOUBLE_EQ(HoursToNextStar(0), 100);
  EXPECT_NEAR(HoursToNextStar(99.99), 0.01, 1e-9);
  EXPECT_DOUBLE_EQ(HoursToNextStar(100), 200);
  EXPECT_DOUBLE_EQ(HoursToNextStar(250), 50);
  EXPECT_DOUBLE_EQ(HoursToNextStar(600), 400);
  EXPECT_DOUBLE_EQ(HoursToNextStar(1499), 1);
  EXPECT_DOUBLE_EQ(HoursToNextStar(1500), 0);
  EXPECT_DOUBLE_EQ(HoursToNextStar(3000), 0);
}

}  // namespace
}  // namespace tongxin::volunteer
