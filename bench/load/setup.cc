#include "bench/load/setup.h"

#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/status.h"

namespace tongxin::bench {
namespace {

namespace vpb = volunteer::v1;
namespace ppb = points::v1;
namespace wpb = wishes::v1;
namespace spb = posts::v1;

// ALREADY_EXISTS is what a rerun of a fixed set-up request gets when another id made the row.
absl::Status IgnoreExisting(absl::Status status) {
  return absl::IsAlreadyExists(status) ? absl::OkStatus() : status;
}

template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

}  // namespace

Services::Services(const Targets& targets, Tokens t, int connections) : tokens(std::move(t)) {
  system_token = tokens.Mint("bench", Role::kSystem);
  admin_token = tokens.Mint("bench-street-admin", Role::kStreetAdmin, {kBenchStreet});
  auto target = [&](int port) { return absl::StrCat(targets.host, ":", port); };
  Channels v(target(targets.volunteer_port), connections),
      s(target(targets.posts_port), connections), w(target(targets.wishes_port), connections),
      p(target(targets.points_port), connections);
  for (int i = 0; i < connections; ++i) {
    volunteer.push_back(vpb::VolunteerService::NewStub(v.Next()));
    posts.push_back(spb::PostsService::NewStub(s.Next()));
    wishes.push_back(wpb::WishesService::NewStub(w.Next()));
    points.push_back(ppb::PointsService::NewStub(p.Next()));
  }
}

absl::Status Parallel(int n, int threads, const std::function<absl::Status(int)>& fn) {
  std::atomic<int> next{0};
  std::mutex mu;
  absl::Status first;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) {
        absl::Status status = fn(i);
        if (!status.ok()) {
          std::lock_guard lock(mu);
          if (first.ok()) first = status;
          return;
        }
      }
    });
  }
  for (auto& thread : pool) thread.join();
  return first;
}

std::string BenchIdNumber(int i) {
  // Born on day i / 900 after 1970-03-01, sequence i % 900 + 100: unique for 300,000 people.
  int days = i / 900;
  int year = 1970 + days / 300, month = 3 + (days % 300) / 28 % 9, day = 1 + days % 28;
  std::string base = absl::StrFormat("411502%04d%02d%02d%03d", year, month, day, i % 900 + 100);
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (base[k] - '0') * kWeights[k];
  return base + "10X98765432"[sum % 11];
}

absl::Status Fixture::EnsureStreet() {
  vpb::CreateStreetRequest street;
  street.set_request_id(absl::StrCat("bench-street-", kBenchStreet));
  street.mutable_street()->set_street_id(kBenchStreet);
  street.mutable_street()->set_name("压测街道");
  street.mutable_street()->set_district("浉河区");
  auto& stub = *s_.volunteer[0];
  TX_RETURN_IF_ERROR(IgnoreExisting(StatusOf(CallSync<vpb::Street>(
      s_.system_token, [&](auto* c, auto* r) { return stub.CreateStreet(c, street, r); }))));
  vpb::CreateCommunityRequest community;
  community.set_request_id(absl::StrCat("bench-community-", kBenchCommunity));
  community.mutable_community()->set_community_id(kBenchCommunity);
  community.mutable_community()->set_street_id(kBenchStreet);
  community.mutable_community()->set_name("压测社区");
  return IgnoreExisting(StatusOf(CallSync<vpb::Community>(
      s_.system_token, [&](auto* c, auto* r) { return stub.CreateCommunity(c, community, r); })));
}

absl::StatusOr<std::vector<std::string>> Fixture::Volunteers(int n) {
  std::vector<std::string> ids(static_cast<size_t>(n));
  TX_RETURN_IF_ERROR(Parallel(n, 8, [&](int i) -> absl::Status {
    vpb::RegisterVolunteerRequest request;
    request.set_request_id(absl::StrCat("bench-volunteer-", i));  // stable: reruns get the same
    request.set_name(absl::StrCat("压测", i));
    request.set_id_number(BenchIdNumber(i));
    request.set_phone(absl::StrFormat("139%08d", i));
    request.set_community_id(kBenchCommunity);
    request.set_political_status(vpb::POLITICAL_STATUS_MASSES);
    auto& stub = *s_.volunteer[static_cast<size_t>(i) % s_.volunteer.size()];
    auto answer = CallSync<vpb::Volunteer>(
        s_.system_token, [&](auto* c, auto* r) { return stub.RegisterVolunteer(c, request, r); });
    if (!answer.ok()) return answer.status();
    ids[static_cast<size_t>(i)] = answer->volunteer_id();
    return absl::OkStatus();
  }));
  return ids;
}

absl::Status Fixture::Fund(const std::vector<std::string>& volunteer_ids, int awards) {
  const std::string run = NewRequestId("fund");
  const int n = static_cast<int>(volunteer_ids.size()) * awards;
  return Parallel(n, 8, [&](int i) -> absl::Status {
    const std::string& id = volunteer_ids[static_cast<size_t>(i) % volunteer_ids.size()];
    ppb::AwardRequest request;
    request.set_request_id(NewRequestId("bench-fund"));
    request.set_volunteer_id(id);
    request.set_community_id(kBenchCommunity);
    request.set_home_community_id(kBenchCommunity);
    request.set_activity(ppb::ACTIVITY_POST_SERVICE);
    request.set_hours(24);
    request.set_post_type("AID_NEEDY");
    request.set_source_ref(absl::StrCat(run, ":", i));
    auto& stub = *s_.points[static_cast<size_t>(i) % s_.points.size()];
    return StatusOf(CallSync<ppb::AwardResponse>(
        s_.system_token, [&](auto* c, auto* r) { return stub.Award(c, request, r); }));
  });
}

absl::StatusOr<std::vector<std::string>> Fixture::Rewards(int n, int stock) {
  std::vector<std::string> ids(static_cast<size_t>(n));
  // Names are unique per store: a tag of this call's own.
  const std::string tag = NewRequestId("r").substr(2, 8);
  TX_RETURN_IF_ERROR(Parallel(n, 8, [&](int i) -> absl::Status {
    ppb::CreateRewardRequest request;
    request.set_request_id(NewRequestId("bench-reward"));
    auto* reward = request.mutable_reward();
    reward->set_region_id(kBenchCommunity);
    reward->set_name(absl::StrCat("压测奖品", tag, "-", i));
    reward->set_price(1);
    reward->set_stock(stock);
    // A limit far above what a run takes, so that the limit's statement runs as it does for
    // the demo store's rewards.
    reward->set_per_person_limit(1000000);
    reward->set_limit_period(ppb::LIMIT_PERIOD_MONTH);
    reward->mutable_active_from()->set_seconds(1767196800);  // 2026-01-01
    auto& stub = *s_.points[static_cast<size_t>(i) % s_.points.size()];
    auto answer = CallSync<ppb::Reward>(
        s_.system_token, [&](auto* c, auto* r) { return stub.CreateReward(c, request, r); });
    if (!answer.ok()) return answer.status();
    ids[static_cast<size_t>(i)] = answer->reward_id();
    return absl::OkStatus();
  }));
  return ids;
}

absl::StatusOr<std::vector<std::string>> Fixture::Wishes(int n) {
  std::vector<std::string> ids(static_cast<size_t>(n));
  TX_RETURN_IF_ERROR(Parallel(n, 8, [&](int i) -> absl::Status {
    auto& stub = *s_.wishes[static_cast<size_t>(i) % s_.wishes.size()];
    wpb::SubmitWishRequest submit;
    submit.set_request_id(NewRequestId("bench-wish"));
    submit.set_community_id(kBenchCommunity);
    submit.set_category(wpb::CATEGORY_DAILY_NECESSITIES);
    submit.set_description(absl::StrCat("压测心愿 ", i, "：想要一床厚被子过冬"));
    submit.set_estimated_value(50);
    submit.set_wisher_name("王桂兰");
    submit.set_wisher_contact("13679542916");
    auto wish = CallSync<wpb::Wish>(
        s_.system_token, [&](auto* c, auto* r) { return stub.SubmitWish(c, submit, r); });
    if (!wish.ok()) return wish.status();
    wpb::ReviewWishRequest review;
    review.set_request_id(NewRequestId("bench-review"));
    review.set_wish_id(wish->wish_id());
    review.set_approve(true);
    TX_RETURN_IF_ERROR(StatusOf(CallSync<wpb::Wish>(
        s_.system_token, [&](auto* c, auto* r) { return stub.ReviewWish(c, review, r); })));
    ids[static_cast<size_t>(i)] = wish->wish_id();
    return absl::OkStatus();
  }));
  return ids;
}

absl::StatusOr<std::vector<std::string>> Fixture::Posts(int n, int capacity) {
  std::vector<std::string> ids(static_cast<size_t>(n));
  TX_RETURN_IF_ERROR(Parallel(n, 8, [&](int i) -> absl::Status {
    spb::CreatePostRequest request;
    request.set_request_id(NewRequestId("bench-post"));
    auto* post = request.mutable_post();
    post->set_community_id(kBenchCommunity);
    post->set_type_code("AID_NEEDY");
    post->set_title(absl::StrCat("压测岗位 ", i));
    post->set_place("压测社区党群服务中心");
    post->set_schedule("每周六上午");
    post->set_capacity(capacity);
    post->set_volunteers_allowed(true);
    auto& stub = *s_.posts[static_cast<size_t>(i) % s_.posts.size()];
    auto answer = CallSync<spb::Post>(
        s_.system_token, [&](auto* c, auto* r) { return stub.CreatePost(c, request, r); });
    if (!answer.ok()) return answer.status();
    ids[static_cast<size_t>(i)] = answer->post_id();
    return absl::OkStatus();
  }));
  return ids;
}

absl::StatusOr<std::string> Fixture::Adopt(const std::string& volunteer,
                                           const std::string& post_id) {
  spb::AdoptPostRequest request;
  request.set_request_id(NewRequestId("bench-adopt"));
  request.set_post_id(post_id);
  request.set_adopter_kind(spb::ADOPTER_KIND_VOLUNTEER);
  request.set_adopter_id(volunteer);
  auto answer = CallSync<spb::Adoption>(
      s_.tokens.Mint(volunteer, Role::kVolunteer),
      [&](auto* c, auto* r) { return s_.posts[0]->AdoptPost(c, request, r); });
  if (!answer.ok()) return answer.status();
  return answer->adoption_id();
}

}  // namespace tongxin::bench
