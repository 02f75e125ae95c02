// A log-linear latency histogram in the manner of HdrHistogram: values in microseconds, each
// power of two split into 64 linear sub-buckets, so any recorded value is reported within 1/64
// (1.6 %) of itself from 1 µs to over an hour, in a fixed 2,560 counters. Recording is lock-free
// (one relaxed atomic increment), so every completion thread records directly.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace tongxin::bench {

class Histogram {
 public:
  void Record(int64_t micros);
  // Adds another histogram's counts (e.g. per-phase histograms into a total).
  void Merge(const Histogram& other);
  void Reset();

  uint64_t Count() const;
  // The value at quantile q (0..1) in microseconds: the upper edge of the bucket holding it.
  int64_t ValueAt(double q) const;
  int64_t Max() const { return max_.load(std::memory_order_relaxed); }
  double MeanMicros() const;

 private:
  static constexpr int kSubBits = 6;  // 64 sub-buckets per power of two
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = 40 * kSub;
  static int IndexOf(int64_t micros);
  static int64_t UpperEdge(int index);

  std::array<std::atomic<uint64_t>, kBuckets> counts_{};
  std::atomic<int64_t> max_{0};
  std::atomic<uint64_t> total_micros_{0};
};

}  // namespace tongxin::bench
