// A short-lived cache of composed views, so that a view asked again within a few seconds costs no
// downstream calls: the dashboard's seven calls into five processes are what bound it (issue 13).
//
// - Kept per caller: an answer is served only to a caller with the same role, subject and scope
//   as the one it was composed for, whose token the services then checked. The services shape an
//   answer by all three (a wish's submitter, a region's admins, an order's pickup code for the
//   volunteer who placed it; reads of personal data are logged per reader), so an entry is never
//   shared between people. The token itself is verified on every request before the cache is
//   asked (a 401 never comes from here).
// - Single flight: concurrent misses of one key make one composition; the others wait for it as
//   callbacks (no thread waits), unless their own deadline is nearer than its caller's.
// - Only a whole view is kept: every part answered (none missing or left out). Errors never are.
// - Bounded: least recently used entries go past `max_bytes`; an entry older than `max_age` is
//   composed again; `max_age` 0 turns the cache off.
// - Refreshed ahead: a hit on an entry past half to three quarters of `max_age` (a point of its
//   own) is served and starts its next composition in the background, so a key asked often is
//   never a miss and keys kept together do not all expire together.
// - A caller's action through the gateway forgets the views composed for them (Forget), so a
//   person sees their own change at once; other people's changes show within `max_age`.
//
// Hand-written: neither Debian's Boost nor Abseil has a public LRU map (Boost's is a detail of
// Boost.Compute), and single flight with callbacks is a few lines over one mutex.
#pragma once

#include <google/protobuf/message.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/metrics.h"

namespace tongxin::gateway {

struct ViewCacheOptions {
  // How long a composed view is served again; 0: never (the cache is off).
  std::chrono::milliseconds max_age{0};
  // The entries' memory (protobuf's SpaceUsedLong and the key) before the least recently used go.
  size_t max_bytes = 32u << 20;
  const Clock* clock = &Clock::System();  // the entries' age
};

// What a view's answer is kept under: the view, whom it was composed for, and its request.
struct ViewKey {
  std::string view;     // the gateway method, e.g. "GetDashboard"
  std::string owner;    // OwnerOf(the caller)
  std::string request;  // the request, serialized deterministically ("me" already resolved)
};

// The caller as the cache tells them apart: role, subject and scope (in any order).
std::string OwnerOf(const Principal& principal);

class ViewCache {
 public:
  using View = std::shared_ptr<const google::protobuf::Message>;

  // A composition's end: the view or the error, and whether every part of it answered.
  struct Composed {
    absl::Status status;
    View view;
    bool whole = false;
  };
  // What a caller is served: the view (null on error) and its age, counted from when its
  // composition began.
  struct Served {
    absl::Status status;
    View view;
    std::chrono::milliseconds age{0};
  };
  using Finish = std::function<void(Composed)>;
  using Compose = std::function<void(Finish)>;
  using Deliver = std::function<void(const Served&)>;

  explicit ViewCache(ViewCacheOptions options);
  // Waits for the compositions still open (background refreshes included: their callbacks use
  // this cache) until the latest one's deadline has passed, 30 s at most.
  ~ViewCache();
  ViewCache(const ViewCache&) = delete;
  ViewCache& operator=(const ViewCache&) = delete;

  bool enabled() const { return options_.max_age.count() > 0; }
  std::chrono::milliseconds max_age() const { return options_.max_age; }

  // Serves `key` to a caller whose deadline is `deadline`: from an entry younger than max_age,
  // else by joining a composition of the key under way, else by calling `compose` (before this
  // returns) and keeping what it finishes with if it is whole. `deliver` runs once, on this
  // thread for an entry, on the composition's finishing thread otherwise.
  void Serve(const ViewKey& key, std::chrono::system_clock::time_point deadline,
             const Compose& compose, Deliver deliver);
  // `owner` acted: the views kept or being composed for them are not served again.
  void Forget(const std::string& owner);

  // Hits, misses (compositions), refreshes, coalesced waits, partial views not kept, evictions, as
  // Prometheus text (format 0.0.4).
  std::string RenderMetrics() const { return metrics_.Render(); }
  const MetricsRegistry& metrics() const { return metrics_; }

 private:
  using Time = std::chrono::system_clock::time_point;
  struct Entry {
    std::string key;
    View view;
    Time composed;    // when its composition began
    Time refresh_at;  // from then on a hit also composes it again, in the background
    uint64_t generation = 0;
    size_t bytes = 0;
  };
  struct Flight {
    Time started;
    Time deadline;  // its first caller's
    uint64_t generation = 0;
    std::vector<Deliver> waiters;
  };
  static constexpr size_t kGenerations = 1024;

  // Calls `compose` for `flight`, whose end Finished takes.
  void Start(const Compose& compose, std::string map_key, const std::string& view, size_t stripe,
             std::shared_ptr<Flight> flight);
  // How long after its composition began an entry is composed again when asked for.
  std::chrono::system_clock::duration RefreshAfter(const std::string& map_key) const;
  void Finished(const std::string& map_key, const std::string& view, size_t stripe,
                const std::shared_ptr<Flight>& flight, Composed composed);
  void Erase(std::list<Entry>::iterator entry);  // under mu_

  const ViewCacheOptions options_;
  MetricsRegistry metrics_;
  std::mutex mu_;
  std::condition_variable all_finished_;
  int open_compositions_ = 0;
  std::chrono::system_clock::time_point latest_deadline_{};
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  size_t bytes_ = 0;
  // Bumped by Forget, per owner's stripe: an entry or flight of an older generation is not
  // served. Owners sharing a stripe forget each other's views too, which costs only a composition.
  std::array<uint64_t, kGenerations> generations_{};
};

}  // namespace tongxin::gateway
