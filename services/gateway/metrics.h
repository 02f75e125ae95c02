// The HTTP face's Prometheus metrics: requests by route and status, a latency histogram,
// downstream errors by code, view parts missing by service; rendered as Prometheus text.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "absl/status/status.h"

namespace tongxin::gateway {

class Metrics {
 public:
  void Record(const std::string& route, int http_status, double seconds);
  // A call that failed because a service did not answer (UNAVAILABLE, DEADLINE_EXCEEDED).
  void RecordDownstreamError(absl::StatusCode code);
  // A view answered without a service's part.
  void RecordMissing(const std::string& service);
  // The Prometheus text exposition (format 0.0.4).
  std::string Render();

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, int>, long long> requests_;
  std::map<double, long long> latency_buckets_;  // upper bound → count (cumulative on render)
  double latency_sum_ = 0;
  long long latency_count_ = 0;
  std::map<std::string, long long> downstream_errors_;
  std::map<std::string, long long> missing_parts_;
};

}  // namespace tongxin::gateway
