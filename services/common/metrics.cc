// Counting and rendering a service's metrics, and serving them.
#include "services/common/metrics.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace tongxin {
namespace {

// A label value in the exposition format: backslash, quote and newline escaped.
std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string RenderLabels(const MetricLabels& labels) {
  std::vector<std::string> parts;
  for (const auto& [name, value] : labels) {
    parts.push_back(absl::StrCat(name, "=\"", Escape(value), "\""));
  }
  return absl::StrJoin(parts, ",");
}

// `{labels}` or `{labels,extra}`; nothing when both are empty.
std::string Braces(const std::string& labels, const std::string& extra = "") {
  std::string inside = labels.empty() ? extra : extra.empty() ? labels : labels + "," + extra;
  return inside.empty() ? "" : "{" + inside + "}";
}

}  // namespace

void MetricsRegistry::Declare(const std::string& name, std::string type, const std::string& help,
                              std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  Family& family = families_[name];
  family.type = std::move(type);
  family.help = help;
  std::sort(bounds.begin(), bounds.end());
  family.bounds = std::move(bounds);
}

void MetricsRegistry::DeclareCounter(const std::string& name, const std::string& help) {
  Declare(name, "counter", help, {});
}
void MetricsRegistry::DeclareGauge(const std::string& name, const std::string& help) {
  Declare(name, "gauge", help, {});
}
void MetricsRegistry::DeclareHistogram(const std::string& name, const std::string& help,
                                       std::vector<double> bounds) {
  Declare(name, "histogram", help, std::move(bounds));
}

MetricsRegistry::Series* MetricsRegistry::Find(const std::string& name, const std::string& type,
                                               const MetricLabels& labels) {
  auto family = families_.find(name);
  if (family == families_.end() || family->second.type != type) return nullptr;
  Series& series = family->second.series[RenderLabels(labels)];
  if (series.buckets.size() < family->second.bounds.size()) {
    series.buckets.resize(family->second.bounds.size());
  }
  return &series;
}

void MetricsRegistry::Increment(const std::string& name, const MetricLabels& labels, double by) {
  std::lock_guard lock(mu_);
  if (Series* series = Find(name, "counter", labels)) series->value += by;
}

void MetricsRegistry::Set(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mu_);
  if (Series* series = Find(name, "gauge", labels)) series->value = value;
}

void MetricsRegistry::SetTotal(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mu_);
  if (Series* series = Find(name, "counter", labels)) series->value = value;
}

int MetricsRegistry::AddCollector(std::function<void(MetricsRegistry&)> collect) {
  std::lock_guard lock(collectors_mu_);
  collectors_[next_collector_] = std::move(collect);
  return next_collector_++;
}

void MetricsRegistry::RemoveCollector(int id) {
  // Waits for a scrape in progress: the collector is not running once this returns.
  std::lock_guard lock(collectors_mu_);
  collectors_.erase(id);
}

std::string MetricsRegistry::Scrape() {
  {
    std::lock_guard lock(collectors_mu_);
    for (const auto& [id, collect] : collectors_) collect(*this);
  }
  return Render();
}

void MetricsRegistry::Observe(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mu_);
  Series* series = Find(name, "histogram", labels);
  if (series == nullptr) return;
  const std::vector<double>& bounds = families_[name].bounds;
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (value <= bounds[i]) {
      ++series->buckets[i];
      break;
    }
  }
  series->sum += value;
  ++series->count;
}

double MetricsRegistry::Value(const std::string& name, const MetricLabels& labels) const {
  std::lock_guard lock(mu_);
  auto family = families_.find(name);
  if (family == families_.end()) return 0;
  auto series = family->second.series.find(RenderLabels(labels));
  return series == family->second.series.end() ? 0 : series->second.value;
}

namespace {

// Every digit a double holds: StrCat's six significant digits would turn a counter of 1,234,567
// into 1.23457e+06, and rate() over it would step.
std::string Number(double value) { return absl::StrFormat("%.17g", value); }

}  // namespace

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    absl::StrAppend(&out, "# HELP ", name, " ", family.help, "\n# TYPE ", name, " ", family.type,
                    "\n");
    for (const auto& [labels, series] : family.series) {
      if (family.type != "histogram") {
        absl::StrAppend(&out, name, Braces(labels), " ", Number(series.value), "\n");
        continue;
      }
      long long cumulative = 0;
      for (size_t i = 0; i < family.bounds.size(); ++i) {
        cumulative += series.buckets[i];
        absl::StrAppend(&out, name, "_bucket",
                        Braces(labels, absl::StrCat("le=\"", family.bounds[i], "\"")), " ",
                        cumulative, "\n");
      }
      absl::StrAppend(&out, name, "_bucket", Braces(labels, "le=\"+Inf\""), " ", series.count, "\n",
                      name, "_sum", Braces(labels), " ", Number(series.sum), "\n", name, "_count",
                      Braces(labels), " ", series.count, "\n");
    }
  }
  return out;
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& listen,
                                                                        MetricsRegistry& registry) {
  auto colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_listen: host:port expected, got \"", listen, "\""));
  }
  std::string host = listen.substr(0, colon);
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->server_ = std::make_unique<httplib::Server>();
  // cpp-httplib's default is SO_REUSEPORT alone, which lets a second process bind a port already
  // served (two services given one metrics port would share it, each scraped half the time).
  // SO_REUSEADDR refuses a live listener and still rebinds over a closed one's TIME_WAIT.
  endpoint->server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // One scrape per connection: Prometheus scrapes every 15 s, far past any keep-alive, and an idle
  // kept-alive connection would hold a stopping service for the library's 5 s read timeout.
  endpoint->server_->set_keep_alive_max_count(1);
  endpoint->server_->Get("/metrics",
                         [&registry](const httplib::Request&, httplib::Response& response) {
                           response.set_content(registry.Scrape(), "text/plain; version=0.0.4");
                         });
  endpoint->port_ = port == 0 ? endpoint->server_->bind_to_any_port(host)
                              : (endpoint->server_->bind_to_port(host, port) ? port : -1);
  if (endpoint->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat("metrics_listen: cannot listen on ", listen));
  }
  httplib::Server* server = endpoint->server_.get();
  endpoint->thread_ = std::thread([server] { server->listen_after_bind(); });
  // Until it runs, stop() would not reach it: a destructor right after Start would never join.
  while (!server->is_running()) std::this_thread::yield();
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tongxin
