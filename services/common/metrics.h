// A service's Prometheus metrics: a small registry of counters, gauges and histograms by label,
// rendered as the text exposition format 0.0.4, and the HTTP endpoint that serves it on
// `/metrics` (cpp-httplib, as the gateway's). ServiceRuntime owns one of each; RpcRunner counts
// calls into it, the outbox relay its deliveries. Nothing here knows what it counts.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace tongxin {

// Label names and values, in the order they are shown: {{"method", "AdoptPost"}, {"code", "OK"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
 public:
  // Each family is declared once with its help text; a value of an undeclared family is
  // refused silently (a counter must never stop a call).
  void DeclareCounter(const std::string& name, const std::string& help);
  void DeclareGauge(const std::string& name, const std::string& help);
  // `bounds`: the buckets' upper bounds, ascending (+Inf is added).
  void DeclareHistogram(const std::string& name, const std::string& help,
                        std::vector<double> bounds);

  void Increment(const std::string& name, const MetricLabels& labels, double by = 1);
  void Set(const std::string& name, const MetricLabels& labels, double value);
  void Observe(const std::string& name, const MetricLabels& labels, double value);
  // A counter's total read from elsewhere (a pool's own count), set rather than added to.
  void SetTotal(const std::string& name, const MetricLabels& labels, double value);

  // For values read rather than counted (a pool's connections in use): `collect` runs at every
  // scrape, before rendering, and sets them. Collectors run without the registry's lock held.
  // Returns an id for RemoveCollector (an owner that may go before the registry removes it).
  int AddCollector(std::function<void(MetricsRegistry&)> collect);
  void RemoveCollector(int id);
  // What the endpoint serves: the collectors run, then Render.
  std::string Scrape();

  // The current value of a counter or gauge (0 when never set), for tests and logs.
  double Value(const std::string& name, const MetricLabels& labels) const;

  // The Prometheus text exposition (format 0.0.4).
  std::string Render() const;

 private:
  struct Series {
    double value = 0;                // counter or gauge
    std::vector<long long> buckets;  // histogram: per bound, not cumulative
    double sum = 0;
    long long count = 0;
  };
  struct Family {
    std::string type;  // counter, gauge, histogram
    std::string help;
    std::vector<double> bounds;
    std::map<std::string, Series> series;  // by rendered labels, e.g. method="AdoptPost"
  };
  void Declare(const std::string& name, std::string type, const std::string& help,
               std::vector<double> bounds);
  Series* Find(const std::string& name, const std::string& type, const MetricLabels& labels);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
  std::mutex collectors_mu_;  // also makes scrapes run one at a time
  std::map<int, std::function<void(MetricsRegistry&)>> collectors_;
  int next_collector_ = 0;
};

// `/metrics` over HTTP on its own thread until destroyed.
class MetricsEndpoint {
 public:
  // `listen` is host:port; port 0 takes a free one (see port()).
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& listen,
                                                                MetricsRegistry& registry);
  ~MetricsEndpoint();
  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace tongxin
