// The views' cache: entries in least-recently-used order, compositions under way by key, and a
// generation per stripe of owners that their actions bump.
#include "services/gateway/view_cache.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace tongxin::gateway {
namespace {

constexpr char kHits[] = "tongxin_gateway_view_cache_hits_total";
constexpr char kMisses[] = "tongxin_gateway_view_cache_misses_total";
constexpr char kRefreshes[] = "tongxin_gateway_view_cache_refreshes_total";
constexpr char kCoalesced[] = "tongxin_gateway_view_cache_coalesced_total";
constexpr char kPartial[] = "tongxin_gateway_view_cache_partial_total";
constexpr char kEvicted[] = "tongxin_gateway_view_cache_evictions_total";
constexpr char kBytes[] = "tongxin_gateway_view_cache_bytes";

// What an entry costs beside its view and key: the list node, the index's node, the strings.
constexpr size_t kEntryOverhead = 256;

// A length before each part: no subject or request can make two keys alike.
std::string MapKey(const ViewKey& key) {
  return absl::StrCat(key.view.size(), ":", key.view, key.owner.size(), ":", key.owner,
                      key.request);
}

size_t StripeOf(const std::string& owner) { return std::hash<std::string>{}(owner); }

}  // namespace

std::string OwnerOf(const Principal& principal) {
  std::vector<std::string> scope = principal.scope;
  std::sort(scope.begin(), scope.end());
  std::string owner = absl::StrCat(std::string(RoleName(principal.role)), ":",
                                   principal.subject.size(), ":", principal.subject);
  for (const std::string& region : scope) absl::StrAppend(&owner, ":", region.size(), ":", region);
  return owner;
}

ViewCache::ViewCache(ViewCacheOptions options) : options_(options) {
  metrics_.DeclareCounter(kHits, "Views served from the cache, by view.");
  metrics_.DeclareCounter(kMisses,
                          "Views composed for the cache (downstream calls made), by view.");
  metrics_.DeclareCounter(kRefreshes,
                          "Views composed again ahead of their expiry while served (counted in "
                          "hits and misses), by view.");
  metrics_.DeclareCounter(kCoalesced,
                          "Views that waited for the same caller's composition under way, by "
                          "view.");
  metrics_.DeclareCounter(kPartial,
                          "Views composed without a part (a service missing): served, not kept.");
  metrics_.DeclareCounter(kEvicted, "Entries dropped, least recently used, to stay in max_bytes.");
  metrics_.DeclareGauge(kBytes, "The cached views' memory, bytes.");
}

void ViewCache::Serve(const ViewKey& key, std::chrono::system_clock::time_point deadline,
                      const Compose& compose, Deliver deliver) {
  std::string map_key = MapKey(key);
  size_t stripe = StripeOf(key.owner) % kGenerations;
  std::unique_lock lock(mu_);
  Time now = options_.clock->Now();
  uint64_t generation = generations_[stripe];
  if (auto found = index_.find(map_key); found != index_.end()) {
    auto entry = found->second;
    // A clock set back makes an entry look young: it is composed again rather than trusted.
    if (entry->generation == generation && now >= entry->composed &&
        now - entry->composed < options_.max_age) {
      entries_.splice(entries_.begin(), entries_, entry);
      Served served{absl::OkStatus(), entry->view,
                    std::chrono::duration_cast<std::chrono::milliseconds>(now - entry->composed)};
      // Old enough to be composed again ahead of its expiry, in the background: callers of a
      // key asked often never wait for its composition, and keys kept at the same moment are
      // not all composed again at the same moment (each refreshes at its own point).
      std::shared_ptr<Flight> refresh;
      if (now >= entry->refresh_at && !flights_.contains(map_key)) {
        refresh = std::make_shared<Flight>(Flight{now, deadline, generation, {}});
        flights_[map_key] = refresh;
      }
      lock.unlock();
      metrics_.Increment(kHits, {{"view", key.view}});
      if (refresh != nullptr) {
        metrics_.Increment(kRefreshes, {{"view", key.view}});
        metrics_.Increment(kMisses, {{"view", key.view}});
        Start(compose, std::move(map_key), key.view, stripe, refresh);
      }
      return deliver(served);
    }
    Erase(entry);
  }
  auto flying = flights_.find(map_key);
  // A caller with a nearer deadline than the composition's does not wait for it: its wait stays
  // bounded by its own deadline. Nor does anyone join a composition whose deadline has passed:
  // one that never finished would hold its key's callers for good.
  if (flying != flights_.end() && flying->second->generation == generation &&
      flying->second->deadline <= deadline && flying->second->deadline > now) {
    flying->second->waiters.push_back(std::move(deliver));
    lock.unlock();
    metrics_.Increment(kCoalesced, {{"view", key.view}});
    return;
  }
  auto flight = std::make_shared<Flight>(Flight{now, deadline, generation, {std::move(deliver)}});
  // Later callers join this one (the one it replaces, if any, still answers its own).
  flights_[map_key] = flight;
  lock.unlock();
  metrics_.Increment(kMisses, {{"view", key.view}});
  Start(compose, std::move(map_key), key.view, stripe, flight);
}

ViewCache::~ViewCache() {
  // gRPC answers every call by its deadline; the margin covers the callbacks' own work.
  std::unique_lock lock(mu_);
  all_finished_.wait_until(lock,
                           std::min(latest_deadline_ + std::chrono::seconds(5),
                                    std::chrono::system_clock::now() + std::chrono::seconds(30)),
                           [this] { return open_compositions_ == 0; });
}

void ViewCache::Start(const Compose& compose, std::string map_key, const std::string& view,
                      size_t stripe, std::shared_ptr<Flight> flight) {
  {
    std::lock_guard lock(mu_);
    ++open_compositions_;
    latest_deadline_ = std::max(latest_deadline_, flight->deadline);
  }
  compose([this, map_key = std::move(map_key), view, stripe, flight = std::move(flight)](
              Composed composed) { Finished(map_key, view, stripe, flight, std::move(composed)); });
}

void ViewCache::Finished(const std::string& map_key, const std::string& view, size_t stripe,
                         const std::shared_ptr<Flight>& flight, Composed composed) {
  std::vector<Deliver> waiters;
  bool partial = composed.status.ok() && !composed.whole;
  bool keep = composed.status.ok() && composed.whole && composed.view != nullptr;
  // Measured before the lock: protobuf walks the whole message.
  size_t bytes = keep ? composed.view->SpaceUsedLong() + map_key.size() + kEntryOverhead : 0;
  {
    std::lock_guard lock(mu_);
    if (auto found = flights_.find(map_key); found != flights_.end() && found->second == flight) {
      flights_.erase(found);
    }
    // Composed for an owner who has acted since it began: it may not show their action.
    bool current = flight->generation == generations_[stripe];
    if (keep && current) {
      if (auto found = index_.find(map_key); found != index_.end()) Erase(found->second);
      if (bytes <= options_.max_bytes) {
        entries_.push_front(Entry{map_key, composed.view, flight->started,
                                  flight->started + RefreshAfter(map_key), flight->generation,
                                  bytes});
        index_[map_key] = entries_.begin();
        bytes_ += bytes;
        while (bytes_ > options_.max_bytes) {
          Erase(std::prev(entries_.end()));
          metrics_.Increment(kEvicted, {});
        }
        metrics_.Set(kBytes, {}, static_cast<double>(bytes_));
      }
    }
    waiters = std::move(flight->waiters);
  }
  if (partial) metrics_.Increment(kPartial, {{"view", view}});
  auto age = std::chrono::duration_cast<std::chrono::milliseconds>(options_.clock->Now() -
                                                                   flight->started);
  Served served{composed.status, composed.status.ok() ? composed.view : nullptr,
                std::max(age, std::chrono::milliseconds(0))};
  for (const Deliver& deliver : waiters) deliver(served);
  std::lock_guard lock(mu_);
  if (--open_compositions_ == 0) all_finished_.notify_all();
}

std::chrono::system_clock::duration ViewCache::RefreshAfter(const std::string& map_key) const {
  // Between half and three quarters of the max age, by key.
  auto quarter =
      std::chrono::duration_cast<std::chrono::system_clock::duration>(options_.max_age) / 4;
  return 2 * quarter +
         quarter * static_cast<int64_t>(std::hash<std::string>{}(map_key) % 1000) / 1000;
}

void ViewCache::Erase(std::list<Entry>::iterator entry) {
  bytes_ -= entry->bytes;
  index_.erase(entry->key);
  entries_.erase(entry);
  metrics_.Set(kBytes, {}, static_cast<double>(bytes_));
}

void ViewCache::Forget(const std::string& owner) {
  std::lock_guard lock(mu_);
  ++generations_[StripeOf(owner) % kGenerations];
}

}  // namespace tongxin::gateway
