// The metrics registry's text exposition: what Prometheus reads must be exact.
#include "services/common/metrics.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

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

// A metrics port is one process's: a second endpoint on a port being served is refused (the
// library's default, SO_REUSEPORT alone, would let both listen and split the scrapes), while a
// port whose server has gone, its closed connections in TIME_WAIT, is taken again at once.
TEST(MetricsEndpointTest, OnePortOneEndpointAndRebindAfterClose) {
  MetricsRegistry metrics;
  metrics.DeclareCounter("tongxin_test_total", "A test counter.");
  auto first = MetricsEndpoint::Start("127.0.0.1:0", metrics);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string listen = "127.0.0.1:" + std::to_string((*first)->port());

  auto second = MetricsEndpoint::Start(listen, metrics);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();

  {
    httplib::Client client("127.0.0.1", (*first)->port());
    client.set_keep_alive(true);
    auto scraped = client.Get("/metrics");
    ASSERT_TRUE(scraped) << httplib::to_string(scraped.error());
    EXPECT_EQ(scraped->status, 200);
    // The server closes the connection after its answer: its side stays in TIME_WAIT.
    first->reset();
  }
  auto again = MetricsEndpoint::Start(listen, metrics);
  EXPECT_TRUE(again.ok()) << again.status();
}

}  // namespace
}  // namespace tongxin
