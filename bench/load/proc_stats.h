// What each server process spent during a run, from /proc: CPU seconds (utime + stime of all
// its threads) and resident memory, both the peak sampled during the run and the kernel's
// high-water mark (VmHWM, since the process started unless reset with clear_refs).
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace tongxin::bench {

struct ProcessTarget {
  std::string name;  // e.g. points, or postgres (all backends of the cluster summed)
  std::vector<int> pids;
  // The postmaster's pid: its children (backends, also those started during the run) count.
  int children_of = 0;
};

struct ProcessUsage {
  std::string name;
  double cpu_seconds = 0;     // during the run
  double peak_rss_mib = 0;    // the largest sampled RSS of one of its processes during the run
  double high_water_mib = 0;  // VmHWM at the end (largest of the pids)
};

// Samples the targets every 100 ms on its own thread between Start and Stop.
class ProcessSampler {
 public:
  explicit ProcessSampler(std::vector<ProcessTarget> targets);
  ~ProcessSampler();
  void Start();
  std::vector<ProcessUsage> Stop();

  // Reads "name=pidfile" pairs: a pid file per service as scripts/up writes them
  // (TONGXIN_VAR_DIR/run/<name>.pid); "postgres=<postmaster.pid>" counts the whole cluster.
  static std::vector<ProcessTarget> FromPidFiles(const std::vector<std::string>& specs);

 private:
  std::vector<int> PidsOf(const ProcessTarget& target) const;
  void Sample();

  std::vector<ProcessTarget> targets_;
  std::vector<double> start_cpu_;
  std::vector<double> peak_rss_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace tongxin::bench
