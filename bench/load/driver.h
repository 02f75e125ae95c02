// The load loops. A scenario supplies Send(done): start one request and call done(code) once
// when its answer (or failure) arrives, from any thread. The driver decides when to send:
//
// - closed loop: `concurrency` requests in flight; each answer sends the next at once.
// - open loop: requests at a fixed arrival rate whatever the answers do; a request's latency is
//   measured from the moment it was due, not from when it could be sent, so a stalled server
//   shows as latency rather than as a politely slower client (coordinated omission).
//
// Answers during the warm-up are not counted; after the measured time no new request is sent
// and those in flight are awaited (bounded).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "bench/load/histogram.h"

namespace tongxin::bench {

using Clock = std::chrono::steady_clock;
using Done = std::function<void(const std::string& code)>;
// `slot`: which of the closed loop's workers sends (0 in an open loop): scenarios use it to give
// each in-flight request its own volunteer, wish or connection.
using Send = std::function<void(int slot, Done done)>;

struct LoadOptions {
  int concurrency = 8;  // closed loop; also the open loop's connection hint
  double rate = 0;      // > 0: open loop at this many requests per second
  std::chrono::milliseconds warmup{1000};
  std::chrono::milliseconds duration{5000};
  std::chrono::milliseconds drain{10000};  // the longest wait for answers in flight at the end
  int max_in_flight = 20000;  // open loop: beyond this a due request counts as "dropped"
  // Called when the measured window opens and closes (e.g. to reset and read the database's
  // statement counts), from a thread of the driver's own.
  std::function<void()> on_measure_start, on_measure_end;
};

struct LoadResult {
  Histogram latency;  // counted answers, µs
  std::map<std::string, uint64_t> codes;
  uint64_t sent = 0;        // in the measured window
  uint64_t dropped = 0;     // open loop only: due but over max_in_flight
  double seconds = 0;       // the measured window
  double offered_rate = 0;  // open loop: the rate asked for; closed loop: 0
  bool drained = true;      // every request in flight at the end was answered
  double AchievedRate() const;
};

// Runs the closed or open loop (options.rate) and returns what was measured.
void RunLoad(const LoadOptions& options, const Send& send, LoadResult& result);

}  // namespace tongxin::bench
