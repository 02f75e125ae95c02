// The argument checks every per-region statistics RPC makes (volunteer GetRegionStatistics,
// points GetPointsStatistics, …): a region id that is not a street's or a community's and a
// month that is not YYYY-MM are INVALID_ARGUMENT naming the field. One helper, so each service's
// test states only which call it checks.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace tongxin::testing {

// `call(region_id, month)` makes the RPC as a caller entitled to any region; `bad_regions` are
// ids near the test's own (so a refusal is for the shape, not for an unknown region).
inline void ExpectRegionAndMonthChecked(
    const std::function<grpc::Status(const std::string& region_id, const std::string& month)>& call,
    const std::string& good_region, const std::vector<std::string>& bad_regions) {
  for (const std::string& bad : bad_regions) {
    grpc::Status status = call(bad, "");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message().rfind("region_id:", 0), 0u) << status.error_message();
  }
  for (const std::string bad :
       {"2026-13", "2026-00", "2026-6", "202606", "1899-12", "2026-06-01"}) {
    grpc::Status status = call(good_region, bad);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message().rfind("month:", 0), 0u) << status.error_message();
  }
}

}  // namespace tongxin::testing
