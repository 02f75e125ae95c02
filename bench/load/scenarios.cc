#include "bench/load/scenarios.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace tongxin::bench {
namespace {

namespace ppb = points::v1;
namespace wpb = wishes::v1;
namespace spb = posts::v1;

int64_t Micros(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

// A per-thread random index below n.
size_t Pick(size_t n) {
  thread_local std::mt19937_64 random(std::random_device{}());
  return static_cast<size_t>(random() % n);
}

std::vector<std::string> VolunteerTokens(Services& s, const std::vector<std::string>& ids) {
  std::vector<std::string> tokens;
  for (const auto& id : ids) tokens.push_back(s.tokens.Mint(id, Role::kVolunteer));
  return tokens;
}

// Synthetic volunteers of the points service only (an account needs no registration there).
std::vector<std::string> PointsVolunteers(const std::string& prefix, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(absl::StrCat(prefix, i));
  return ids;
}

// Storms: round after round, `size` requests for one fresh target fired at once; the next round
// starts when all are answered. `fire(target, k, done)` sends the k-th request of a round.
// Rounds that start in the warm-up are not counted. Targets come from `make(n)` in batches: a
// first guess of ~20 storms a second, then more whenever a fast machine uses them up; the time
// spent making them is left out of the measured window (it stops the clock), so the run lasts
// as long as asked however fast the machine is.
using MakeTargets = std::function<absl::StatusOr<std::vector<std::string>>(int)>;

absl::Status RunStorms(ScenarioContext& c, const MakeTargets& make, int size,
                       const std::function<void(const std::string&, int, Done)>& fire,
                       LoadResult& result) {
  const double total_s = std::chrono::duration<double>(c.load.warmup + c.load.duration).count();
  TX_ASSIGN_OR_RETURN(std::vector<std::string> targets, make(static_cast<int>(20 * total_s + 5)));
  std::mutex mu;
  Clock::time_point start = Clock::now();
  Clock::time_point measure_from = start + c.load.warmup;
  Clock::time_point until = measure_from + c.load.duration;
  int rounds = 0, counted = 0, winners = 0, refills = 0;
  Clock::duration stopped_in_window{};
  size_t next = 0;
  while (true) {
    if (next == targets.size()) {
      // Half again what was used so far: a handful of refills at most, whatever the speed.
      Clock::time_point paused = Clock::now();
      if (paused >= until) break;
      TX_ASSIGN_OR_RETURN(targets, make(std::max(20, rounds / 2)));
      next = 0;
      ++refills;
      Clock::duration stopped = Clock::now() - paused;
      if (paused < measure_from) {
        measure_from += stopped;
      } else {
        stopped_in_window += stopped;
      }
      until += stopped;
    }
    const std::string& target = targets[next++];
    Clock::time_point round_start = Clock::now();
    if (round_start >= until) break;
    bool counts = round_start >= measure_from;
    if (counts && counted == 0 && c.load.on_measure_start) c.load.on_measure_start();
    std::condition_variable done_cv;
    int open = size, ok = 0;
    for (int k = 0; k < size; ++k) {
      Clock::time_point sent = Clock::now();
      fire(target, k, [&, sent, counts](const std::string& code) {
        std::lock_guard lock(mu);
        if (counts) {
          result.latency.Record(Micros(Clock::now() - sent));
          ++result.codes[code];
        }
        if (code == "OK" || code == "HTTP 200") ++ok;
        if (--open == 0) done_cv.notify_all();
      });
    }
    std::unique_lock lock(mu);
    if (!done_cv.wait_for(lock, std::chrono::seconds(30), [&] { return open == 0; })) {
      return absl::DeadlineExceededError("a storm's answers did not all arrive in 30 s");
    }
    ++rounds;
    if (counts) {
      ++counted;
      winners += ok;
      result.sent += static_cast<uint64_t>(size);
    }
  }
  if (counted > 0 && c.load.on_measure_end) c.load.on_measure_end();
  if (refills > 0) {
    c.notes += absl::StrCat("targets made ", refills + 1, " times (clock stopped meanwhile); ");
  }
  result.seconds = std::chrono::duration<double>(std::min(Clock::now(), until) - measure_from -
                                                 stopped_in_window)
                       .count();
  c.notes += absl::StrCat(counted, " storms of ", size, ", ", winners, " winners");
  if (counted == 0) return absl::InternalError("no storm started in the measured window");
  return absl::OkStatus();
}

// ---- points: Award and Redeem over gRPC ----

absl::Status Award(ScenarioContext& c, LoadResult& result) {
  Services& s = *c.services;
  auto volunteers = PointsVolunteers(NewRequestId("bench-award-v") + "-", c.spread);
  RunLoad(
      c.load,
      [&](int slot, Done done) {
        ppb::AwardRequest request;
        request.set_request_id(NewRequestId("award"));
        request.set_volunteer_id(volunteers[Pick(volunteers.size())]);
        request.set_community_id(kBenchCommunity);
        request.set_home_community_id(kBenchCommunity);
        request.set_activity(ppb::ACTIVITY_POST_SERVICE);
        request.set_hours(2);
        request.set_post_type("AID_NEEDY");
        request.set_source_ref(NewRequestId("post-log"));
        request.set_volunteer_name("压测志愿者");
        auto& stub = *s.points[static_cast<size_t>(slot) % s.points.size()];
        CallAsync<ppb::PointsService::Stub, ppb::AwardRequest, ppb::AwardResponse>(
            stub, s.system_token, std::move(request), [](auto* a, auto... x) { a->Award(x...); },
            [done](const grpc::Status& st, const ppb::AwardResponse&) {
              done(CodeName(st.error_code()));
            });
      },
      result);
  return absl::OkStatus();
}

// Volunteers with points for a run of redemptions, and their tokens.
absl::Status RedeemVolunteers(ScenarioContext& c, std::vector<std::string>& ids,
                              std::vector<std::string>& tokens) {
  Fixture fixture(*c.services);
  ids = PointsVolunteers(NewRequestId("bench-redeem-v") + "-", c.spread);
  TX_RETURN_IF_ERROR(fixture.Fund(ids, 2));  // 48 points: 48 redemptions each
  tokens = VolunteerTokens(*c.services, ids);
  return absl::OkStatus();
}

void SendRedeem(Services& s, int slot, const std::string& token, const std::string& volunteer,
                const std::string& reward, Done done) {
  ppb::RedeemRequest request;
  request.set_request_id(NewRequestId("redeem"));
  request.set_volunteer_id(volunteer);
  request.set_reward_id(reward);
  request.set_quantity(1);
  auto& stub = *s.points[static_cast<size_t>(slot) % s.points.size()];
  CallAsync<ppb::PointsService::Stub, ppb::RedeemRequest, ppb::Order>(
      stub, token, std::move(request), [](auto* a, auto... x) { a->Redeem(x...); },
      [done](const grpc::Status& st, const ppb::Order&) { done(CodeName(st.error_code())); });
}

absl::Status Redeem(ScenarioContext& c, LoadResult& result, bool hot) {
  Fixture fixture(*c.services);
  std::vector<std::string> ids, tokens;
  TX_RETURN_IF_ERROR(RedeemVolunteers(c, ids, tokens));
  TX_ASSIGN_OR_RETURN(auto rewards,
                      hot ? fixture.Rewards(1, c.hot_stock) : fixture.Rewards(c.spread, 1000000));
  RunLoad(
      c.load,
      [&](int slot, Done done) {
        size_t v = Pick(ids.size());
        SendRedeem(*c.services, slot, tokens[v], ids[v], rewards[Pick(rewards.size())],
                   std::move(done));
      },
      result);
  if (hot) c.notes += absl::StrCat("one reward of ", c.hot_stock, " units");
  return absl::OkStatus();
}

// ---- storms: claims on fresh wishes, adoptions of small posts ----

absl::Status ClaimStorm(ScenarioContext& c, LoadResult& result, bool http) {
  Fixture fixture(*c.services);
  const int size = c.load.concurrency;
  TX_ASSIGN_OR_RETURN(auto volunteers, fixture.Volunteers(size));
  auto tokens = VolunteerTokens(*c.services, volunteers);
  Services& s = *c.services;
  std::unique_ptr<HttpPool> pool;
  if (http) pool = std::make_unique<HttpPool>(c.targets.host, c.targets.gateway_port, size);
  return RunStorms(
      c, [&](int n) { return fixture.Wishes(n); }, size,
      [&](const std::string& wish, int k, Done done) {
        if (http) {
          HttpRequest request{"POST", absl::StrCat("/v1/wishes/", wish, ":claim"),
                              tokens[static_cast<size_t>(k)], NewRequestId("claim"),
                              R"({"volunteer_id":"me"})"};
          pool->Send(k, std::move(request),
                     [done](const std::string& code, const std::string&) { done(code); });
          return;
        }
        wpb::ClaimWishRequest request;
        request.set_request_id(NewRequestId("claim"));
        request.set_wish_id(wish);
        request.set_volunteer_id(volunteers[static_cast<size_t>(k)]);
        auto& stub = *s.wishes[static_cast<size_t>(k) % s.wishes.size()];
        CallAsync<wpb::WishesService::Stub, wpb::ClaimWishRequest, wpb::Wish>(
            stub, tokens[static_cast<size_t>(k)], std::move(request),
            [](auto* a, auto... x) { a->ClaimWish(x...); },
            [done](const grpc::Status& st, const wpb::Wish&) { done(CodeName(st.error_code())); });
      },
      result);
}

absl::Status AdoptStorm(ScenarioContext& c, LoadResult& result) {
  Fixture fixture(*c.services);
  const int size = c.load.concurrency;
  TX_ASSIGN_OR_RETURN(auto volunteers, fixture.Volunteers(size));
  auto tokens = VolunteerTokens(*c.services, volunteers);
  Services& s = *c.services;
  c.notes += absl::StrCat("posts of capacity ", c.post_capacity, "; ");
  return RunStorms(
      c, [&](int n) { return fixture.Posts(n, c.post_capacity); }, size,
      [&](const std::string& post, int k, Done done) {
        spb::AdoptPostRequest request;
        request.set_request_id(NewRequestId("adopt"));
        request.set_post_id(post);
        request.set_adopter_kind(spb::ADOPTER_KIND_VOLUNTEER);
        request.set_adopter_id(volunteers[static_cast<size_t>(k)]);
        auto& stub = *s.posts[static_cast<size_t>(k) % s.posts.size()];
        CallAsync<spb::PostsService::Stub, spb::AdoptPostRequest, spb::Adoption>(
            stub, tokens[static_cast<size_t>(k)], std::move(request),
            [](auto* a, auto... x) { a->AdoptPost(x...); },
            [done](const grpc::Status& st, const spb::Adoption&) {
              done(CodeName(st.error_code()));
            });
      },
      result);
}

}  // namespace

namespace internal {
absl::Status RedeemVolunteersFor(ScenarioContext& c, std::vector<std::string>& ids,
                                 std::vector<std::string>& tokens) {
  return RedeemVolunteers(c, ids, tokens);
}
size_t PickIndex(size_t n) { return Pick(n); }
}  // namespace internal

const std::map<std::string, Scenario>& Scenarios() {
  static const auto* scenarios = new std::map<std::string, Scenario>{
      {"award", Award},
      {"redeem_spread", [](auto& c, auto& r) { return Redeem(c, r, false); }},
      {"redeem_hot", [](auto& c, auto& r) { return Redeem(c, r, true); }},
      {"claim_storm", [](auto& c, auto& r) { return ClaimStorm(c, r, false); }},
      {"adopt_storm", AdoptStorm},
      {"approval_e2e", internal::ApprovalToPoints},
      {"http_dashboard", [](auto& c, auto& r) { return internal::HttpView(c, r, "dashboard"); }},
      {"http_wall", [](auto& c, auto& r) { return internal::HttpView(c, r, "wall"); }},
      {"http_overview", [](auto& c, auto& r) { return internal::HttpView(c, r, "overview"); }},
      {"http_redeem", internal::HttpRedeem},
      {"http_claim_storm", [](auto& c, auto& r) { return ClaimStorm(c, r, true); }},
  };
  return *scenarios;
}

}  // namespace tongxin::bench
