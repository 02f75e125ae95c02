// The metrics registry's text exposition: what Prometheus reads must be exact.
#include "services/common/metrics.h"

#include <gtest/gtest.h>

namespace tongxin {
namespace {

// A counter past a million keeps every digit (six significant digits would make rate() step).
TEST(MetricsRegistryTest, LargeCountersKeepEveryDigit) {
  MetricsRegistry metrics;
  metrics.DeclareCounter("tongxin_test_total", "A test counter.");
  metrics.Increment("tongxin_test_total", {{"method", "Award"}}, 1234567);
  std::string text = metrics.Render();
  EXPECT_NE(text.find("tongxin_test_total{method=\"Award\"} 1234567\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("e+06"), std::string::npos) << text;
}

}  // namespace
}  // namespace tongxin
