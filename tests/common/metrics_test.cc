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

// Values read rather than counted are set by collectors at each scrape, counters included.
TEST(MetricsRegistryTest, CollectorsSetTheirValuesAtEachScrape) {
  MetricsRegistry metrics;
  metrics.DeclareGauge("tongxin_test_in_use", "A gauge read at scrape time.");
  metrics.DeclareCounter("tongxin_test_waits_total", "A total kept elsewhere.");
  int in_use = 3;
  metrics.AddCollector([&](MetricsRegistry& m) {
    m.Set("tongxin_test_in_use", {{"pool", "requests"}}, in_use);
    m.SetTotal("tongxin_test_waits_total", {{"pool", "requests"}}, 40);
  });
  std::string text = metrics.Scrape();
  EXPECT_NE(text.find("tongxin_test_in_use{pool=\"requests\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tongxin_test_waits_total{pool=\"requests\"} 40\n"), std::string::npos)
      << text;
  in_use = 5;
  EXPECT_NE(metrics.Scrape().find("tongxin_test_in_use{pool=\"requests\"} 5\n"), std::string::npos);
  // Render alone shows the last collected value: it runs no collector.
  EXPECT_EQ(metrics.Value("tongxin_test_in_use", {{"pool", "requests"}}), 5);
}

}  // namespace
}  // namespace tongxin
