// The scenarios that cross services or go through the gateway: a service log's approval until
// its points are visible (the posts service's outbox delivering to the points service), the
// gateway's views, and redemptions over HTTP.
#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/load/scenarios.h"
#include "services/common/status.h"

namespace tongxin::bench::internal {
namespace {

namespace ppb = points::v1;
namespace spb = posts::v1;

int64_t Micros(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

// Today in China Standard Time (UTC+8), as a service log's date.
std::string TodayInChina() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return absl::StrFormat("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

absl::StatusOr<long long> Balance(Services& s, const std::string& token, const std::string& id) {
  ppb::GetBalanceRequest request;
  request.set_volunteer_id(id);
  auto answer = CallSync<ppb::Balance>(
      token, [&](auto* c, auto* r) { return s.points[0]->GetBalance(c, request, r); });
  if (!answer.ok()) return answer.status();
  return answer->balance();
}

}  // namespace

// Each of `concurrency` volunteers in turn logs an hour of service, which the system approves;
// the latency is from sending ApproveLog until GetBalance shows the points (polled every 2 ms).
absl::Status ApprovalToPoints(ScenarioContext& c, LoadResult& result) {
  Services& s = *c.services;
  Fixture fixture(s);
  const int n = c.load.concurrency;
  TX_ASSIGN_OR_RETURN(auto volunteers, fixture.Volunteers(n));
  TX_ASSIGN_OR_RETURN(auto posts, fixture.Posts(1, n));
  std::vector<std::string> adoptions, tokens;
  for (const auto& v : volunteers) {
    TX_ASSIGN_OR_RETURN(std::string adoption, fixture.Adopt(v, posts[0]));
    adoptions.push_back(adoption);
    tokens.push_back(s.tokens.Mint(v, Role::kVolunteer));
  }
  const std::string today = TodayInChina();
  Clock::time_point measure_from = Clock::now() + c.load.warmup;
  Clock::time_point until = measure_from + c.load.duration;
  std::mutex mu;
  absl::Status failure;
  std::vector<std::thread> threads;
  for (int k = 0; k < n; ++k) {
    threads.emplace_back([&, k] {
      auto& stub = *s.posts[static_cast<size_t>(k) % s.posts.size()];
      while (Clock::now() < until) {
        spb::LogServiceRequest log;
        log.set_request_id(NewRequestId("log"));
        log.set_adoption_id(adoptions[static_cast<size_t>(k)]);
        log.set_service_date(today);
        log.set_hours(1);
        log.set_summary("压测：上门看望困难老人");
        log.add_photos_before("https://img.tongxin.example/bench/before.jpg");
        log.add_photos_after("https://img.tongxin.example/bench/after.jpg");
        auto logged = CallSync<spb::ServiceLog>(
            tokens[static_cast<size_t>(k)],
            [&](auto* ctx, auto* r) { return stub.LogService(ctx, log, r); });
        auto before =
            Balance(s, tokens[static_cast<size_t>(k)], volunteers[static_cast<size_t>(k)]);
        if (!logged.ok() || !before.ok()) {
          std::lock_guard lock(mu);
          failure = logged.ok() ? before.status() : logged.status();
          return;
        }
        spb::ReviewLogRequest approve;
        approve.set_request_id(NewRequestId("approve"));
        approve.set_log_id(logged->log_id());
        Clock::time_point sent = Clock::now();
        auto approved = CallSync<spb::ServiceLog>(
            s.system_token, [&](auto* ctx, auto* r) { return stub.ApproveLog(ctx, approve, r); });
        std::string code =
            approved.ok() ? "OK" : absl::StatusCodeToString(approved.status().code());
        if (approved.ok()) {
          code = "NOT_VISIBLE_IN_10S";
          while (Clock::now() - sent < std::chrono::seconds(10)) {
            auto now =
                Balance(s, tokens[static_cast<size_t>(k)], volunteers[static_cast<size_t>(k)]);
            if (now.ok() && *now > *before) {
              code = "OK";
              break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
          }
        }
        if (sent >= measure_from && sent < until) {
          result.latency.Record(Micros(Clock::now() - sent));
          std::lock_guard lock(mu);
          ++result.codes[code];
          ++result.sent;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  result.seconds = std::chrono::duration<double>(c.load.duration).count();
  c.notes += "latency: ApproveLog sent → GetBalance shows the points (polled every 2 ms)";
  return failure;
}

absl::Status HttpView(ScenarioContext& c, LoadResult& result, const std::string& view) {
  Services& s = *c.services;
  Fixture fixture(s);
  TX_ASSIGN_OR_RETURN(auto volunteers, fixture.Volunteers(50));
  TX_RETURN_IF_ERROR(fixture.Wishes(20).status());  // something on the wall
  std::vector<std::string> tokens;
  for (const auto& v : volunteers) tokens.push_back(s.tokens.Mint(v, Role::kVolunteer));
  HttpPool pool(c.targets.host, c.targets.gateway_port, c.load.concurrency);
  RunLoad(
      c.load,
      [&](int slot, Done done) {
        HttpRequest request;
        if (view == "dashboard") {
          request.target = "/v1/volunteers/me/dashboard";
          request.token = tokens[static_cast<size_t>(slot) % tokens.size()];
        } else if (view == "wall") {
          request.target = absl::StrCat("/v1/regions/", kBenchCommunity, "/wishes");
          request.token = tokens[static_cast<size_t>(slot) % tokens.size()];
        } else {
          request.target = absl::StrCat("/v1/regions/", kBenchStreet, "/overview");
          request.token = s.admin_token;
        }
        pool.Send(slot, std::move(request),
                  [done](const std::string& code, const std::string&) { done(code); });
      },
      result);
  return absl::OkStatus();
}

absl::Status HttpRedeem(ScenarioContext& c, LoadResult& result) {
  Fixture fixture(*c.services);
  std::vector<std::string> ids, tokens;
  TX_RETURN_IF_ERROR(RedeemVolunteersFor(c, ids, tokens));
  TX_ASSIGN_OR_RETURN(auto rewards, fixture.Rewards(c.spread, 1000000));
  HttpPool pool(c.targets.host, c.targets.gateway_port, c.load.concurrency);
  RunLoad(
      c.load,
      [&](int slot, Done done) {
        size_t v = PickIndex(ids.size());
        HttpRequest request{
            "POST", absl::StrCat("/v1/rewards/", rewards[PickIndex(rewards.size())], ":redeem"),
            tokens[v], NewRequestId("redeem"), R"({"volunteer_id":"me","quantity":1})"};
        pool.Send(slot, std::move(request),
                  [done](const std::string& code, const std::string&) { done(code); });
      },
      result);
  return absl::OkStatus();
}

}  // namespace tongxin::bench::internal
