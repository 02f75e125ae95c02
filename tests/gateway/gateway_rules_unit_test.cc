// The gateway's pure rules, without PostgreSQL or a server (gateway_unit_test binary): token
// buckets on an injected clock, the actions offered on wish and post cards, a fanout's parts,
// missing services and errors, and the metrics text.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "services/gateway/card_actions.h"
#include "services/gateway/fanout.h"
#include "services/gateway/metrics.h"
#include "services/gateway/rate_limiter.h"

namespace tongxin::gateway {
namespace {

namespace pb = ::tongxin::gateway::v1;
namespace vpb = ::tongxin::volunteer::v1;
namespace spb = ::tongxin::posts::v1;
namespace wpb = ::tongxin::wishes::v1;

const auto kNow = std::chrono::system_clock::from_time_t(1781496000);
constexpr char kCommunity[] = "411502001001";
constexpr char kOtherCommunity[] = "411502001002";

// ---- token buckets ----

TEST(RateLimiter, ABurstThenOneTokenPerIntervalCappedAtTheBurst) {
  FakeClock clock(kNow);
  RateLimiter limiter(/*per_second=*/1, /*burst=*/3, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a")) << i;
  EXPECT_FALSE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("b"));  // a bucket of its own
  clock.Advance(std::chrono::milliseconds(500));
  EXPECT_FALSE(limiter.Allow("a"));  // half a token
  clock.Advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.Allow("a"));
  clock.Advance(std::chrono::hours(1));  // refills to the burst, no further
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a")) << i;
  EXPECT_FALSE(limiter.Allow("a"));
}

TEST(RateLimiter, AClockSetBackGivesNothingAndStallsNothing) {
  FakeClock clock(kNow);
  RateLimiter limiter(/*per_second=*/1, /*burst=*/1, clock);
  EXPECT_TRUE(limiter.Allow("a"));
  clock.Set(kNow - std::chrono::hours(1));
  EXPECT_FALSE(limiter.Allow("a"));  // going back in time refills nothing
  clock.Advance(std::chrono::milliseconds(999));
  EXPECT_FALSE(limiter.Allow("a"));
  // Refills count from the set-back time: a caller waits a second, not the hour it was set back.
  clock.Advance(std::chrono::milliseconds(1));
  EXPECT_TRUE(limiter.Allow("a"));
}

TEST(RateLimiter, BucketsRefilledToFullAreDroppedAndOthersKept) {
  FakeClock clock(kNow);
  RateLimiter limiter(/*per_second=*/1, /*burst=*/2, clock);
  EXPECT_TRUE(limiter.Allow("busy"));
  EXPECT_TRUE(limiter.Allow("busy"));  // empty: it must be kept
  // Callers who come once (every address that ever asked), until the next sweep is due.
  for (uint64_t i = 2; i < RateLimiter::kSweepEvery - 1; ++i) {
    limiter.Allow("once:" + std::to_string(i));
  }
  EXPECT_EQ(limiter.buckets(), RateLimiter::kSweepEvery - 2);
  clock.Advance(std::chrono::seconds(1));  // the once-callers are full again, busy is not
  EXPECT_TRUE(limiter.Allow("busy"));      // the sweep runs on this call
  EXPECT_EQ(limiter.buckets(), 1u);
  EXPECT_FALSE(limiter.Allow("busy"));  // its state survived the sweep: empty again
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(limiter.Allow("busy"));
}

TEST(RateLimiter, EachRoleHasItsOwnBucketSize) {
  FakeClock clock(kNow);
  auto limits = ParseRateLimits("system=1/5, street_admin=1/2", RateLimits::Defaults());
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_EQ(limits->For(Role::kVolunteer).per_second, 20);  // the people's default
  EXPECT_EQ(limits->For(std::nullopt).burst, 40);           // without a token: the same
  RateLimiter limiter(*limits, clock);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("grid", Role::kSystem)) << i;
  EXPECT_FALSE(limiter.Allow("grid", Role::kSystem));
  EXPECT_TRUE(limiter.Allow("s", Role::kStreetAdmin));
  EXPECT_TRUE(limiter.Allow("s", Role::kStreetAdmin));
  EXPECT_FALSE(limiter.Allow("s", Role::kStreetAdmin));
  EXPECT_EQ(RateLimits::Defaults().For(Role::kSystem).per_second, 500);
}

TEST(RateLimiter, BadLimitsNameTheSetting) {
  for (const char* text :
       {"system", "system=5", "system=0/10", "system=a/b", "root=1/1", "system=5/0"}) {
    auto limits = ParseRateLimits(text, RateLimits::Defaults());
    EXPECT_EQ(limits.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(limits.status().message().find("rate_limits"), std::string::npos) << text;
  }
}

TEST(RateLimiter, AnAddressIsItsHostNotItsConnectionAndIpv6ItsSlash64) {
  // gRPC peers and the HTTP face's bare addresses: the port never counts.
  EXPECT_EQ(AddressKey("ipv4:1.2.3.4:53122"), "addr:1.2.3.4");
  EXPECT_EQ(AddressKey("ipv4:1.2.3.4:53123"), AddressKey("1.2.3.4"));
  EXPECT_EQ(AddressKey("ipv6:[2001:db8:1:2:aaaa::1]:443"), "addr:2001:db8:1:2::/64");
  EXPECT_EQ(AddressKey("ipv6:%5B2001:db8:1:2:bbbb::9%5D:8443"), "addr:2001:db8:1:2::/64");
  EXPECT_EQ(AddressKey("2001:db8:1:2:cccc:dddd:eeee:ffff"), "addr:2001:db8:1:2::/64");
  EXPECT_NE(AddressKey("2001:db8:1:3::1"), AddressKey("2001:db8:1:2::1"));
  EXPECT_EQ(AddressKey("ipv6:[::ffff:1.2.3.4]:80"), "addr:1.2.3.4");
  EXPECT_EQ(AddressKey("::ffff:1.2.3.4"), "addr:1.2.3.4");
  EXPECT_EQ(AddressKey("unix:/tmp/socket"), "addr:unix:/tmp/socket");
}

// ---- card actions ----

vpb::Volunteer Profile(vpb::VolunteerStatus status, bool party_member = false,
                       const std::string& reported_to = "") {
  vpb::Volunteer profile;
  profile.set_status(status);
  profile.set_political_status(party_member ? vpb::POLITICAL_STATUS_PARTY_MEMBER
                                            : vpb::POLITICAL_STATUS_MASSES);
  profile.set_reported_community_id(reported_to);
  return profile;
}

Viewer Volunteer(std::optional<vpb::Volunteer> profile,
                 std::optional<std::map<std::string, std::string>> adoptions =
                     std::map<std::string, std::string>{}) {
  return Viewer{Principal{"v-1", Role::kVolunteer, {}}, std::move(profile), std::move(adoptions)};
}

Viewer Admin(Role role, const std::string& scope) {
  return Viewer{Principal{"admin", role, {scope}}, std::nullopt, std::nullopt};
}

wpb::WallItem Wish() {
  wpb::WallItem wish;
  wish.set_community_id(kCommunity);
  return wish;
}

spb::Post Post(spb::PostStatus status, bool volunteers_allowed) {
  spb::Post post;
  post.set_post_id("p-1");
  post.set_community_id(kCommunity);
  post.set_status(status);
  post.set_volunteers_allowed(volunteers_allowed);
  return post;
}

using Actions = std::vector<pb::Action>;

TEST(CardActions, AnActiveVolunteerMayClaimAWishAnAdminInScopeForAUnit) {
  EXPECT_EQ(WishCardActions(Volunteer(Profile(vpb::VOLUNTEER_STATUS_ACTIVE)), Wish()),
            Actions{pb::ACTION_CLAIM});
  for (auto status : {vpb::VOLUNTEER_STATUS_PENDING, vpb::VOLUNTEER_STATUS_SUSPENDED,
                      vpb::VOLUNTEER_STATUS_DEREGISTERED}) {
    EXPECT_EQ(WishCardActions(Volunteer(Profile(status)), Wish()), Actions{}) << status;
  }
  EXPECT_EQ(WishCardActions(Volunteer(std::nullopt), Wish()), Actions{});  // profile unknown
  EXPECT_EQ(WishCardActions(Admin(Role::kCommunityAdmin, kCommunity), Wish()),
            Actions{pb::ACTION_CLAIM_FOR_UNIT});
  EXPECT_EQ(WishCardActions(Admin(Role::kStreetAdmin, "411502001"), Wish()),
            Actions{pb::ACTION_CLAIM_FOR_UNIT});
  EXPECT_EQ(WishCardActions(Admin(Role::kCommunityAdmin, kOtherCommunity), Wish()), Actions{});
  EXPECT_EQ(WishCardActions(Admin(Role::kSystem, ""), Wish()), Actions{});
}

TEST(CardActions, AVolunteerAdoptsAnOpenPostOpenToThemAndWithdrawsTheirOwn) {
  auto active = Profile(vpb::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(PostCardActions(Volunteer(active), Post(spb::POST_STATUS_OPEN, true)),
            Actions{pb::ACTION_ADOPT});
  EXPECT_EQ(PostCardActions(Volunteer(active), Post(spb::POST_STATUS_OPEN, false)), Actions{});
  EXPECT_EQ(PostCardActions(Volunteer(active), Post(spb::POST_STATUS_FULL, true)), Actions{});
  EXPECT_EQ(PostCardActions(Volunteer(active), Post(spb::POST_STATUS_CLOSED, true)), Actions{});
  EXPECT_EQ(PostCardActions(Volunteer(Profile(vpb::VOLUNTEER_STATUS_PENDING)),
                            Post(spb::POST_STATUS_OPEN, true)),
            Actions{});
  // Without their adoptions the gateway cannot tell adopt from withdraw: neither is offered.
  EXPECT_EQ(PostCardActions(Volunteer(active, std::nullopt), Post(spb::POST_STATUS_OPEN, true)),
            Actions{});

  Viewer adopter = Volunteer(active, std::map<std::string, std::string>{{"p-1", "a-1"}});
  EXPECT_EQ(MyAdoptionOf(adopter, "p-1"), "a-1");
  EXPECT_EQ(MyAdoptionOf(adopter, "p-2"), "");
  for (auto status : {spb::POST_STATUS_OPEN, spb::POST_STATUS_CLOSED}) {
    EXPECT_EQ(PostCardActions(adopter, Post(status, true)),
              (Actions{pb::ACTION_WITHDRAW_ADOPTION, pb::ACTION_LOG_SERVICE}));
  }
}

TEST(CardActions, APostClosedToVolunteersIsForPartyMembersWhoReportedThere) {
  auto post = Post(spb::POST_STATUS_OPEN, /*volunteers_allowed=*/false);
  EXPECT_EQ(
      PostCardActions(Volunteer(Profile(vpb::VOLUNTEER_STATUS_ACTIVE, true, kCommunity)), post),
      Actions{pb::ACTION_ADOPT});
  EXPECT_EQ(PostCardActions(Volunteer(Profile(vpb::VOLUNTEER_STATUS_ACTIVE, true, kOtherCommunity)),
                            post),
            Actions{});
  EXPECT_EQ(PostCardActions(Volunteer(Profile(vpb::VOLUNTEER_STATUS_ACTIVE, true)), post),
            Actions{});
  EXPECT_EQ(
      PostCardActions(Volunteer(Profile(vpb::VOLUNTEER_STATUS_ACTIVE, false, kCommunity)), post),
      Actions{});
}

TEST(CardActions, AnAdminInScopeAdoptsAnOpenPostForAUnit) {
  EXPECT_EQ(
      PostCardActions(Admin(Role::kCommunityAdmin, kCommunity), Post(spb::POST_STATUS_OPEN, false)),
      Actions{pb::ACTION_ADOPT_FOR_UNIT});
  EXPECT_EQ(PostCardActions(Admin(Role::kCommunityAdmin, kCommunity),
                            Post(spb::POST_STATUS_CLOSED, true)),
            Actions{});
  EXPECT_EQ(PostCardActions(Admin(Role::kCommunityAdmin, kOtherCommunity),
                            Post(spb::POST_STATUS_OPEN, true)),
            Actions{});
  EXPECT_EQ(MyAdoptionOf(Admin(Role::kCommunityAdmin, kCommunity), "p-1"), "");
}

// ---- a fanout's parts ----

// Stands in for a stub's async() interface: answers each call with the status set for its
// request's volunteer id, on a thread of its own, as a channel would.
class FakeAsync {
 public:
  explicit FakeAsync(std::map<std::string, grpc::Status> statuses)
      : statuses_(std::move(statuses)) {}
  ~FakeAsync() {
    for (auto& thread : threads_) thread.join();
  }
  void GetVolunteer(grpc::ClientContext* context, const vpb::GetVolunteerRequest* request,
                    vpb::Volunteer* response, std::function<void(grpc::Status)> done) {
    EXPECT_EQ(context->deadline(), kNow);  // the caller's deadline goes downstream
    threads_.emplace_back([this, request, response, done = std::move(done)] {
      grpc::Status status = statuses_.at(request->volunteer_id());
      if (status.ok()) response->set_name("name of " + request->volunteer_id());
      done(status);
    });
  }

 private:
  std::map<std::string, grpc::Status> statuses_;
  std::vector<std::thread> threads_;
};

// What a fanout's continuation saw: its status and the services it missed.
struct Outcome {
  absl::Status status;
  std::set<std::string> missing;
};

// Runs `then` on the fanout and waits (in the test only) for the continuation.
Outcome Await(Fanout& fan) {
  std::promise<Outcome> over;
  fan.Then([&over](absl::Status status, const Fanout& done) {
    over.set_value(Outcome{std::move(status), done.missing()});
  });
  return over.get_future().get();
}

TEST(Fanout, PartsAreReadByNameAndMissingServicesNamed) {
  FakeAsync async({{"ok", grpc::Status::OK},
                   {"down", grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")},
                   {"slow", grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "slow")},
                   {"denied", grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no")}});
  Caller caller{"Bearer t", kNow, Principal{"v-1", Role::kVolunteer, {}}};
  vpb::GetVolunteerRequest request;
  auto ask = [&](Fanout& fan, const std::string& service, const std::string& id, Need need) {
    request.set_volunteer_id(id);
    return fan.Call(service, &async, &FakeAsync::GetVolunteer, request, need);
  };
  auto fan = Fanout::New(caller);
  auto answered = ask(*fan, "volunteer", "ok", Need::kRequired);
  auto down = ask(*fan, "posts", "down", Need::kRequired);
  auto slow = ask(*fan, "points", "slow", Need::kRequired);
  auto optional = ask(*fan, "volunteer", "denied", Need::kOptional);
  Part<vpb::Volunteer> never;
  Outcome outcome = Await(*fan);
  ASSERT_TRUE(outcome.status.ok());  // an optional call's own error does not fail the view
  EXPECT_TRUE(answered.ok());
  EXPECT_EQ(answered.value().name(), "name of ok");
  EXPECT_FALSE(down.ok());
  EXPECT_EQ(down.value().name(), "");  // the empty message
  EXPECT_FALSE(slow.ok());
  EXPECT_FALSE(optional.ok());
  EXPECT_FALSE(never.ok());
  EXPECT_EQ(outcome.missing, (std::set<std::string>{"points", "posts"}));
}

TEST(Fanout, TheFirstRequiredCallsOwnErrorStandsForTheView) {
  FakeAsync async({{"ok", grpc::Status::OK},
                   {"down", grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")},
                   {"missing", grpc::Status(grpc::StatusCode::NOT_FOUND, "no such volunteer")},
                   {"denied", grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no")}});
  Caller caller{"", kNow, Principal{"v-1", Role::kVolunteer, {}}};
  auto fan = Fanout::New(caller);
  for (const char* id : {"ok", "down", "missing", "denied"}) {
    vpb::GetVolunteerRequest request;
    request.set_volunteer_id(id);
    fan->Call("volunteer", &async, &FakeAsync::GetVolunteer, std::move(request));
  }
  Outcome outcome = Await(*fan);
  EXPECT_EQ(outcome.status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(outcome.status.message(), "no such volunteer");
  EXPECT_EQ(outcome.missing, std::set<std::string>{"volunteer"});
  EXPECT_TRUE(ServiceMissing(grpc::Status(grpc::StatusCode::INTERNAL, "")));
  EXPECT_FALSE(ServiceMissing(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "")));
}

TEST(Fanout, AFanoutWithNoCallsContinuesAtOnce) {
  auto fan = Fanout::New(Caller{"", kNow, Principal{}});
  Outcome outcome = Await(*fan);
  EXPECT_TRUE(outcome.status.ok());
  EXPECT_TRUE(outcome.missing.empty());
}

// ---- metrics ----

TEST(Metrics, RequestsLatencyDownstreamErrorsAndMissingPartsAreCounted) {
  Metrics metrics;
  metrics.Record("GET /v1/x", 200, 0.003);
  metrics.Record("GET /v1/x", 200, 0.2);
  metrics.Record("GET /v1/x", 404, 7);
  metrics.RecordDownstreamError(absl::StatusCode::kUnavailable);
  metrics.RecordMissing("posts");
  metrics.RecordMissing("posts");
  std::string text = metrics.Render();
  for (const char* line : {
           "tongxin_gateway_requests_total{route=\"GET /v1/x\",code=\"200\"} 2\n",
           "tongxin_gateway_requests_total{route=\"GET /v1/x\",code=\"404\"} 1\n",
           "tongxin_gateway_request_seconds_bucket{le=\"0.005\"} 1\n",
           "tongxin_gateway_request_seconds_bucket{le=\"0.25\"} 2\n",
           "tongxin_gateway_request_seconds_bucket{le=\"5\"} 2\n",
           "tongxin_gateway_request_seconds_bucket{le=\"+Inf\"} 3\n",
           "tongxin_gateway_request_seconds_count 3\n",
           "tongxin_gateway_downstream_errors_total{code=\"UNAVAILABLE\"} 1\n",
           "tongxin_gateway_view_parts_missing_total{service=\"posts\"} 2\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << text;
  }
}

}  // namespace
}  // namespace tongxin::gateway
