#include "bench/load/histogram.h"

#include <algorithm>
#include <bit>

namespace tongxin::bench {

int Histogram::IndexOf(int64_t micros) {
  uint64_t v = static_cast<uint64_t>(std::max<int64_t>(micros, 0));
  if (v < kSub) return static_cast<int>(v);  // below 64 µs: exact
  // The power of two above the sub-bucket range decides the bucket group; the next kSubBits
  // bits below the leading one pick the sub-bucket.
  int magnitude = std::bit_width(v) - 1 - kSubBits;  // >= 0
  int sub = static_cast<int>((v >> magnitude) & (kSub - 1));
  int index = (magnitude + 1) * kSub + sub;
  return std::min(index, kBuckets - 1);
}

int64_t Histogram::UpperEdge(int index) {
  if (index < kSub) return index;
  int magnitude = index / kSub - 1;
  int64_t sub = index % kSub;
  return ((static_cast<int64_t>(kSub) + sub + 1) << magnitude) - 1;
}

void Histogram::Record(int64_t micros) {
  counts_[IndexOf(micros)].fetch_add(1, std::memory_order_relaxed);
  total_micros_.fetch_add(static_cast<uint64_t>(std::max<int64_t>(micros, 0)),
                          std::memory_order_relaxed);
  int64_t seen = max_.load(std::memory_order_relaxed);
  while (micros > seen && !max_.compare_exchange_weak(seen, micros, std::memory_order_relaxed)) {
  }
}

void Histogram::Merge(const Histogram& other) {
  for (int i = 0; i < kBuckets; ++i) {
    counts_[i].fetch_add(other.counts_[i].load(std::memory_order_relaxed),
                         std::memory_order_relaxed);
  }
  total_micros_.fetch_add(other.total_micros_.load(std::memory_order_relaxed));
  int64_t theirs = other.Max();
  int64_t seen = max_.load();
  while (theirs > seen && !max_.compare_exchange_weak(seen, theirs)) {
  }
}

void Histogram::Reset() {
  for (auto& c : counts_) c.store(0, std::memory_order_relaxed);
  max_.store(0);
  total_micros_.store(0);
}

uint64_t Histogram::Count() const {
  uint64_t n = 0;
  for (const auto& c : counts_) n += c.load(std::memory_order_relaxed);
  return n;
}

int64_t Histogram::ValueAt(double q) const {
  uint64_t n = Count();
  if (n == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(n) + 0.5);
  rank = std::clamp<uint64_t>(rank, 1, n);
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i].load(std::memory_order_relaxed);
    if (seen >= rank) return std::min(UpperEdge(i), Max());
  }
  return Max();
}

double Histogram::MeanMicros() const {
  uint64_t n = Count();
  return n == 0 ? 0 : static_cast<double>(total_micros_.load()) / static_cast<double>(n);
}

}  // namespace tongxin::bench
