#include "bench/load/proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace tongxin::bench {
namespace {

// The fields of /proc/PID/stat after the command in parens (which may hold spaces), from field
// 3 (state) on; empty when the process is gone.
std::istringstream StatFields(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::istringstream();
  size_t close = line.rfind(')');
  if (close == std::string::npos || close + 2 > line.size()) return std::istringstream();
  return std::istringstream(line.substr(close + 2));
}

// utime + stime in seconds (fields 14 and 15).
double CpuSeconds(int pid) {
  std::istringstream fields = StatFields(pid);
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::atoll(field.c_str());
    if (i == 15) stime = std::atoll(field.c_str());
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "Name:   1234 kB" line of /proc/PID/status, in MiB.
double StatusMib(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      return static_cast<double>(std::atoll(line.c_str() + key.size() + 1)) / 1024.0;
    }
  }
  return 0;
}

int ParentOf(int pid) {
  std::istringstream fields = StatFields(pid);  // field 3 (state), then 4 (the parent)
  std::string state;
  int parent = 0;
  fields >> state >> parent;
  return parent;
}

}  // namespace

ProcessSampler::ProcessSampler(std::vector<ProcessTarget> targets) : targets_(std::move(targets)) {}

ProcessSampler::~ProcessSampler() {
  if (running_) Stop();
}

std::vector<int> ProcessSampler::PidsOf(const ProcessTarget& target) const {
  std::vector<int> pids = target.pids;
  if (target.children_of != 0) {
    if (DIR* dir = opendir("/proc")) {
      while (dirent* entry = readdir(dir)) {
        int pid = std::atoi(entry->d_name);
        if (pid > 0 && ParentOf(pid) == target.children_of) pids.push_back(pid);
      }
      closedir(dir);
    }
  }
  return pids;
}

void ProcessSampler::Start() {
  start_cpu_.assign(targets_.size(), 0);
  peak_rss_.assign(targets_.size(), 0);
  for (size_t i = 0; i < targets_.size(); ++i) {
    // Exited backends take their CPU time with them; long-lived pool connections do not.
    for (int pid : PidsOf(targets_[i])) start_cpu_[i] += CpuSeconds(pid);
  }
  running_ = true;
  thread_ = std::thread([this] {
    while (running_) {
      Sample();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

void ProcessSampler::Sample() {
  for (size_t i = 0; i < targets_.size(); ++i) {
    double rss = 0;
    // The largest process: summing a cluster's backends would count shared buffers again
    // for every backend.
    for (int pid : PidsOf(targets_[i])) rss = std::max(rss, StatusMib(pid, "VmRSS"));
    peak_rss_[i] = std::max(peak_rss_[i], rss);
  }
}

std::vector<ProcessUsage> ProcessSampler::Stop() {
  if (!running_) return {};
  running_ = false;
  if (thread_.joinable()) thread_.join();
  Sample();
  std::vector<ProcessUsage> usage;
  for (size_t i = 0; i < targets_.size(); ++i) {
    ProcessUsage u;
    u.name = targets_[i].name;
    double cpu = 0;
    for (int pid : PidsOf(targets_[i])) {
      cpu += CpuSeconds(pid);
      u.high_water_mib = std::max(u.high_water_mib, StatusMib(pid, "VmHWM"));
    }
    u.cpu_seconds = std::max(0.0, cpu - start_cpu_[i]);
    u.peak_rss_mib = peak_rss_[i];
    usage.push_back(u);
  }
  return usage;
}

std::vector<ProcessTarget> ProcessSampler::FromPidFiles(const std::vector<std::string>& specs) {
  std::vector<ProcessTarget> targets;
  for (const std::string& spec : specs) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos) continue;
    ProcessTarget target;
    target.name = spec.substr(0, eq);
    std::ifstream in(spec.substr(eq + 1));
    int pid = 0;
    if (!(in >> pid) || pid <= 0) continue;  // postmaster.pid starts with the pid as well
    target.pids.push_back(pid);
    if (target.name == "postgres") target.children_of = pid;
    targets.push_back(target);
  }
  return targets;
}

}  // namespace tongxin::bench
