// Counting and rendering the HTTP face's metrics.
#include "services/gateway/metrics.h"

#include "absl/strings/str_cat.h"

namespace tongxin::gateway {
namespace {

constexpr double kLatencyBounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

}  // namespace

void Metrics::Record(const std::string& route, int http_status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, http_status}];
  for (double bound : kLatencyBounds) {
    if (seconds <= bound) {
      ++latency_buckets_[bound];
      break;
    }
  }
  latency_sum_ += seconds;
  ++latency_count_;
}

void Metrics::RecordDownstreamError(absl::StatusCode code) {
  std::lock_guard lock(mu_);
  ++downstream_errors_[absl::StatusCodeToString(code)];
}

void Metrics::RecordMissing(const std::string& service) {
  std::lock_guard lock(mu_);
  ++missing_parts_[service];
}

std::string Metrics::Render() {
  std::lock_guard lock(mu_);
  std::string out =
      "# HELP tongxin_gateway_requests_total HTTP requests by route and status.\n"
      "# TYPE tongxin_gateway_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    absl::StrAppend(&out, "tongxin_gateway_requests_total{route=\"", key.first, "\",code=\"",
                    key.second, "\"} ", count, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP tongxin_gateway_request_seconds Request latency.\n"
                  "# TYPE tongxin_gateway_request_seconds histogram\n");
  long long cumulative = 0;
  for (double bound : kLatencyBounds) {
    auto it = latency_buckets_.find(bound);
    cumulative += it == latency_buckets_.end() ? 0 : it->second;
    absl::StrAppend(&out, "tongxin_gateway_request_seconds_bucket{le=\"", bound, "\"} ", cumulative,
                    "\n");
  }
  absl::StrAppend(&out, "tongxin_gateway_request_seconds_bucket{le=\"+Inf\"} ", latency_count_,
                  "\n", "tongxin_gateway_request_seconds_sum ", latency_sum_, "\n",
                  "tongxin_gateway_request_seconds_count ", latency_count_, "\n",
                  "# HELP tongxin_gateway_downstream_errors_total Errors from the services.\n"
                  "# TYPE tongxin_gateway_downstream_errors_total counter\n");
  for (const auto& [code, count] : downstream_errors_) {
    absl::StrAppend(&out, "tongxin_gateway_downstream_errors_total{code=\"", code, "\"} ", count,
                    "\n");
  }
  absl::StrAppend(&out,
                  "# HELP tongxin_gateway_view_parts_missing_total Views answered without a "
                  "service's part.\n"
                  "# TYPE tongxin_gateway_view_parts_missing_total counter\n");
  for (const auto& [service, count] : missing_parts_) {
    absl::StrAppend(&out, "tongxin_gateway_view_parts_missing_total{service=\"", service, "\"} ",
                    count, "\n");
  }
  return out;
}

}  // namespace tongxin::gateway
